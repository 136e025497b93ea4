import { createHash } from 'node:crypto';
import { rfc3339 } from '../api/format';
import type { KubeObject, StoredObject } from '../api/types';
import { clone } from '../patch/mergePatch';
import type { Condition } from '../resources/common';
import type { ResourceDefinition } from '../resources/types';
import { startCommandRun } from '../simulation/commandWorld';
import { workloadKey, workloadOf } from '../simulation/workloads';
import { splitKey, type Controller, type ControllerContext } from './ControllerManager';
import { setCondition } from './helpers';

/**
 * The scheduler and the kubelets of all nodes: binds pending pods to the least loaded ready node, starts
 * containers (Pulled/Created/Started events), makes them Ready after the readiness delay, runs pods with
 * restartPolicy Never/OnFailure to completion, crash-loops the containers of deployments marked as crashing
 * (restartCount, CrashLoopBackOff with exponential back-off, BackOff warnings), and finishes graceful deletion.
 * A run-to-completion container whose command the simulation knows (simulation/containerCommands) exits with that
 * command's exit code; others with the `devcluster.gsv.io/exit-code` annotation's (default 0).
 */

interface ContainerSpec {
  name: string;
  image: string;
  readinessProbe?: { initialDelaySeconds?: number };
}

interface ContainerStatus {
  name: string;
  image: string;
  imageID: string;
  containerID?: string;
  ready: boolean;
  started: boolean;
  restartCount: number;
  state: Record<string, Record<string, unknown>>;
  lastState: Record<string, Record<string, unknown>>;
}

const RUN_SECONDS_ANNOTATION = 'devcluster.gsv.io/run-seconds';
const EXIT_CODE_ANNOTATION = 'devcluster.gsv.io/exit-code';
const MAX_BACKOFF_MS = 300_000;

export class KubeletController implements Controller {
  readonly name = 'kubelet';
  private readonly pods: ResourceDefinition;
  private readonly nextIp = new Map<string, number>();
  /** When each crashed container may restart (`<pod uid>/<container>` → simulated ms). */
  private readonly backoffUntil = new Map<string, number>();
  /** Pods whose containers were already told to stop. */
  private readonly killing = new Set<string>();

  constructor(private readonly context: ControllerContext) {
    this.pods = context.registry.get('/pods');
  }

  watches() {
    return [{ collection: '/pods' }];
  }

  onSimulationChange(change: { kind: string; key: string }): string[] {
    if (change.kind !== 'crashLoop') return [];
    const { namespace } = splitKey(change.key);
    return this.context.store
      .list('/pods', namespace)
      .filter(pod => workloadKey(workloadOf(this.context.store, pod)) === change.key)
      .map(pod => `${namespace}/${pod.metadata.name}`);
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const pod = this.context.store.get('/pods', namespace, name);
    if (!pod) return;
    if (pod.metadata.deletionTimestamp) {
      this.terminate(key, pod);
      return;
    }
    if (!pod.spec?.nodeName) {
      this.schedule(key, pod);
      return;
    }
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return;
    if (!pod.status?.startTime || phase === 'Pending') {
      this.startContainers(key, pod);
      return;
    }
    this.runContainers(key, pod);
  }

  private schedule(key: string, pod: StoredObject): void {
    const node = this.pickNode(pod);
    if (!node) {
      this.writeStatus(pod, status => {
        status.conditions = setCondition(status.conditions, {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: '0/0 nodes are available: no nodes available to schedule pods.',
        }, this.context.clock.now());
      });
      return;
    }
    const now = this.context.clock.now();
    const copy = clone(pod) as KubeObject;
    copy.spec.nodeName = node.metadata.name;
    const bound = this.context.api.update(this.pods, pod.metadata.namespace, pod.metadata.name, copy);
    this.writeStatus(bound, status => {
      status.conditions = setCondition(status.conditions, { type: 'PodScheduled', status: 'True' }, now);
      status.containerStatuses = ((pod.spec?.containers ?? []) as ContainerSpec[]).map(container => ({
        name: container.name,
        image: container.image,
        imageID: '',
        ready: false,
        started: false,
        restartCount: 0,
        state: { waiting: { reason: 'ContainerCreating' } },
        lastState: {},
      }));
    });
    this.context.events.record(bound, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node.metadata.name}`, {
      component: 'default-scheduler',
    });
    this.context.requeueAfter(this, key, this.context.timing.podStartMs);
  }

  private startContainers(key: string, pod: StoredObject): void {
    const now = this.context.clock.now();
    const scheduledAt = Date.parse(conditionTime(pod, 'PodScheduled') ?? pod.metadata.creationTimestamp);
    const startAt = scheduledAt + this.context.timing.podStartMs;
    if (now < startAt) {
      if (!pod.status?.conditions?.length) {
        this.writeStatus(pod, status => {
          status.conditions = setCondition(status.conditions, { type: 'PodScheduled', status: 'True' }, now);
        });
      }
      this.context.requeueAfter(this, key, startAt - now);
      return;
    }
    const containers: ContainerSpec[] = pod.spec?.containers ?? [];
    const host = pod.spec.nodeName as string;
    const node = this.context.store.get('/nodes', '', host);
    const hostIP = (node?.status?.addresses ?? []).find((address: { type: string }) => address.type === 'InternalIP')?.address ?? '172.18.0.2';
    const podIP = pod.status?.podIP ?? this.allocatePodIp(host);
    const crashing = this.isCrashLooping(pod);
    for (const container of containers) {
      const fieldPath = `spec.containers{${container.name}}`;
      this.context.events.record(pod, 'Normal', 'Pulled', `Container image "${container.image}" already present on machine`, { component: 'kubelet', host, fieldPath });
      this.context.events.record(pod, 'Normal', 'Created', `Created container: ${container.name}`, { component: 'kubelet', host, fieldPath });
      this.context.events.record(pod, 'Normal', 'Started', `Started container ${container.name}`, { component: 'kubelet', host, fieldPath });
    }
    const fresh = this.context.store.get('/pods', pod.metadata.namespace ?? '', pod.metadata.name) ?? pod;
    this.writeStatus(fresh, status => {
      status.phase = 'Running';
      status.hostIP = hostIP;
      status.hostIPs = [{ ip: hostIP }];
      status.podIP = podIP;
      status.podIPs = [{ ip: podIP }];
      status.startTime = status.startTime ?? rfc3339(now);
      status.containerStatuses = containers.map(container => runningStatus(pod, container, 0, now, undefined));
      status.conditions = setCondition(status.conditions, { type: 'PodReadyToStartContainers', status: 'True' }, now);
      status.conditions = setCondition(status.conditions, { type: 'Initialized', status: 'True' }, now);
      status.conditions = setCondition(status.conditions, { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${containers.map(c => c.name).join(' ')}]` }, now);
      status.conditions = setCondition(status.conditions, { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${containers.map(c => c.name).join(' ')}]` }, now);
      status.conditions = setCondition(status.conditions, { type: 'PodScheduled', status: 'True' }, now);
    });
    let delay = this.readyDelay(pod);
    if (this.runsToCompletion(pod)) {
      delay = this.runDuration(pod);
      startCommandRun(this.context, pod, now, delay);
    }
    else if (crashing) delay = this.context.timing.crashRunMs;
    this.context.requeueAfter(this, key, delay);
  }

  private runContainers(key: string, pod: StoredObject): void {
    const now = this.context.clock.now();
    const statuses: ContainerStatus[] = pod.status?.containerStatuses ?? [];
    const containers: ContainerSpec[] = pod.spec?.containers ?? [];
    const host = pod.spec.nodeName as string;

    if (this.runsToCompletion(pod)) {
      const started = Math.min(...statuses.map(status => Date.parse(String(status.state.running?.startedAt ?? '')) || now));
      const finishAt = started + this.runDuration(pod);
      if (now < finishAt) {
        this.context.requeueAfter(this, key, finishAt - now);
        return;
      }
      const run = this.context.simulation.commandRuns.get(pod.metadata.uid);
      const exitCode = run?.exitCode ?? Number(pod.metadata.annotations?.[EXIT_CODE_ANNOTATION] ?? 0);
      run?.commit?.();
      this.writeStatus(pod, status => {
        status.phase = exitCode === 0 ? 'Succeeded' : 'Failed';
        status.containerStatuses = statuses.map(container => ({
          ...container,
          ready: false,
          started: false,
          state: {
            terminated: {
              exitCode,
              reason: exitCode === 0 ? 'Completed' : 'Error',
              startedAt: container.state.running?.startedAt ?? rfc3339(started),
              finishedAt: rfc3339(now),
              containerID: container.containerID,
            },
          },
        }));
        const reason = exitCode === 0 ? 'PodCompleted' : 'PodFailed';
        status.conditions = setCondition(status.conditions, { type: 'Ready', status: 'False', reason }, now);
        status.conditions = setCondition(status.conditions, { type: 'ContainersReady', status: 'False', reason }, now);
      });
      return;
    }

    const crashing = this.isCrashLooping(pod);
    let nextCheck = Infinity;
    let changed = false;
    const updated = statuses.map(status => {
      const spec = containers.find(container => container.name === status.name);
      if (!spec) return status;
      const fieldPath = `spec.containers{${status.name}}`;
      if (status.state.waiting) {
        const backoffUntil = this.backoffUntil.get(`${pod.metadata.uid}/${status.name}`) ?? now;
        if (now < backoffUntil) {
          nextCheck = Math.min(nextCheck, backoffUntil);
          return status;
        }
        changed = true;
        this.context.events.record(pod, 'Normal', 'Pulled', `Container image "${spec.image}" already present on machine`, { component: 'kubelet', host, fieldPath });
        this.context.events.record(pod, 'Normal', 'Created', `Created container: ${spec.name}`, { component: 'kubelet', host, fieldPath });
        this.context.events.record(pod, 'Normal', 'Started', `Started container ${spec.name}`, { component: 'kubelet', host, fieldPath });
        nextCheck = Math.min(nextCheck, now + (crashing ? this.context.timing.crashRunMs : this.readyDelay(pod)));
        return runningStatus(pod, spec, status.restartCount, now, status.lastState);
      }
      const startedAt = Date.parse(String(status.state.running?.startedAt ?? '')) || now;
      if (crashing) {
        const exitAt = startedAt + this.context.timing.crashRunMs;
        if (now < exitAt) {
          nextCheck = Math.min(nextCheck, exitAt);
          return status;
        }
        changed = true;
        const restartCount = status.restartCount + 1;
        const backoff = Math.min(MAX_BACKOFF_MS, this.context.timing.crashBackoffMs * 2 ** Math.max(0, restartCount - 1));
        nextCheck = Math.min(nextCheck, now + backoff);
        this.backoffUntil.set(`${pod.metadata.uid}/${status.name}`, now + backoff);
        this.context.events.record(
          pod,
          'Warning',
          'BackOff',
          `Back-off restarting failed container ${spec.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
          { component: 'kubelet', host, fieldPath },
        );
        return {
          ...status,
          ready: false,
          started: false,
          restartCount,
          state: {
            waiting: {
              reason: 'CrashLoopBackOff',
              message: `back-off ${Math.round(backoff / 1000)}s restarting failed container=${spec.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
            },
          },
          lastState: {
            terminated: { exitCode: 1, reason: 'Error', startedAt: rfc3339(startedAt), finishedAt: rfc3339(now), containerID: status.containerID },
          },
        };
      }
      if (!status.ready) {
        const readyAt = startedAt + this.readyDelay(pod);
        if (now < readyAt) {
          nextCheck = Math.min(nextCheck, readyAt);
          return status;
        }
        changed = true;
        return { ...status, ready: true };
      }
      return status;
    });
    if (changed) {
      const allReady = updated.length > 0 && updated.every(status => status.ready);
      const unready = updated.filter(status => !status.ready).map(status => status.name);
      this.writeStatus(pod, status => {
        status.containerStatuses = updated;
        const reason = allReady ? undefined : 'ContainersNotReady';
        const message = allReady ? undefined : `containers with unready status: [${unready.join(' ')}]`;
        status.conditions = setCondition(status.conditions, { type: 'ContainersReady', status: allReady ? 'True' : 'False', ...(reason ? { reason, message } : {}) }, now);
        status.conditions = setCondition(status.conditions, { type: 'Ready', status: allReady ? 'True' : 'False', ...(reason ? { reason, message } : {}) }, now);
      });
    }
    if (nextCheck !== Infinity) this.context.requeueAfter(this, key, nextCheck - now);
  }

  private terminate(key: string, pod: StoredObject): void {
    const now = this.context.clock.now();
    const deadline = Date.parse(pod.metadata.deletionTimestamp!);
    const grace = (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
    const requestedAt = deadline - grace;
    const removeAt = Math.min(deadline, requestedAt + this.context.timing.podTerminationMs);
    if (pod.status?.phase === 'Running' && !this.killing.has(pod.metadata.uid)) {
      this.killing.add(pod.metadata.uid);
      for (const container of (pod.spec?.containers ?? []) as ContainerSpec[]) {
        this.context.events.record(pod, 'Normal', 'Killing', `Stopping container ${container.name}`, {
          component: 'kubelet',
          host: pod.spec?.nodeName,
          fieldPath: `spec.containers{${container.name}}`,
        });
      }
    }
    if (now >= removeAt || !pod.spec?.nodeName) {
      this.killing.delete(pod.metadata.uid);
      this.context.simulation.commandRuns.delete(pod.metadata.uid);
      for (const status of (pod.status?.containerStatuses ?? []) as ContainerStatus[]) this.backoffUntil.delete(`${pod.metadata.uid}/${status.name}`);
      this.context.api.forceRemove(this.pods, pod.metadata.namespace, pod.metadata.name);
      return;
    }
    this.context.requeueAfter(this, key, removeAt - now);
  }

  private pickNode(pod: KubeObject): StoredObject | undefined {
    const nodes = this.context.store.list('/nodes').filter(node => {
      if (!toleratesTaints(pod, node)) return false;
      if (!matchesNodeSelector(pod, node)) return false;
      const ready = (node.status?.conditions ?? []).find((condition: Condition) => condition.type === 'Ready');
      return ready?.status === 'True';
    });
    if (nodes.length === 0) return undefined;
    const counts = new Map<string, number>(nodes.map(node => [node.metadata.name, 0]));
    for (const scheduled of this.context.store.list('/pods')) {
      const nodeName = scheduled.spec?.nodeName;
      if (nodeName && counts.has(nodeName)) counts.set(nodeName, counts.get(nodeName)! + 1);
    }
    return nodes.reduce((best, node) => (counts.get(node.metadata.name)! < counts.get(best.metadata.name)! ? node : best));
  }

  private allocatePodIp(nodeName: string): string {
    const nodes = this.context.store.list('/nodes');
    const index = Math.max(0, nodes.findIndex(node => node.metadata.name === nodeName));
    const next = (this.nextIp.get(nodeName) ?? 40) + 1;
    this.nextIp.set(nodeName, next > 250 ? 41 : next);
    return `10.244.${index + 1}.${next > 250 ? 41 : next}`;
  }

  private isCrashLooping(pod: KubeObject): boolean {
    if (this.context.simulation.crashLooping.size === 0) return false;
    return this.context.simulation.crashLooping.has(workloadKey(workloadOf(this.context.store, pod)));
  }

  private runsToCompletion(pod: KubeObject): boolean {
    return pod.spec?.restartPolicy === 'Never' || pod.spec?.restartPolicy === 'OnFailure';
  }

  private runDuration(pod: KubeObject): number {
    const configured = Number(pod.metadata.annotations?.[RUN_SECONDS_ANNOTATION]);
    return Number.isFinite(configured) && configured >= 0 ? configured * 1000 : this.context.timing.jobRunMs;
  }

  private readyDelay(pod: KubeObject): number {
    const probeDelays = ((pod.spec?.containers ?? []) as ContainerSpec[]).map(container => container.readinessProbe?.initialDelaySeconds ?? 0);
    return this.context.timing.podReadyMs + Math.max(0, ...probeDelays) * 1000;
  }

  private writeStatus(pod: StoredObject, mutate: (status: Record<string, any>) => void): void { // eslint-disable-line @typescript-eslint/no-explicit-any
    const copy = clone(pod) as KubeObject;
    copy.status = copy.status ?? {};
    mutate(copy.status);
    this.context.api.update(this.pods, pod.metadata.namespace, pod.metadata.name, copy, { subresource: 'status' });
  }
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

/** Whether the pod tolerates every NoSchedule/NoExecute taint of the node. */
/** The taint the node lifecycle controller puts on a cordoned node (`spec.unschedulable`). */
export const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

export function toleratesTaints(pod: KubeObject, node: KubeObject): boolean {
  const tolerations: Toleration[] = pod.spec?.tolerations ?? [];
  const taints = [...((node.spec?.taints ?? []) as Taint[]), ...(node.spec?.unschedulable ? [UNSCHEDULABLE_TAINT] : [])];
  return taints
    .filter(taint => taint.effect === 'NoSchedule' || taint.effect === 'NoExecute')
    .every(taint =>
      tolerations.some(toleration => {
        if (toleration.effect && toleration.effect !== taint.effect) return false;
        if (toleration.operator === 'Exists') return !toleration.key || toleration.key === taint.key;
        return toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '');
      }),
    );
}

function matchesNodeSelector(pod: KubeObject, node: KubeObject): boolean {
  const selector: Record<string, string> = pod.spec?.nodeSelector ?? {};
  return Object.entries(selector).every(([key, value]) => node.metadata.labels?.[key] === value);
}

function conditionTime(pod: KubeObject, type: string): string | undefined {
  return ((pod.status?.conditions ?? []) as Condition[]).find(condition => condition.type === type)?.lastTransitionTime;
}

function runningStatus(
  pod: KubeObject,
  container: ContainerSpec,
  restartCount: number,
  now: number,
  lastState: ContainerStatus['lastState'] | undefined,
): ContainerStatus {
  const digest = createHash('sha256').update(container.image).digest('hex');
  const containerId = createHash('sha256').update(`${pod.metadata.uid}/${container.name}/${restartCount}`).digest('hex');
  return {
    name: container.name,
    image: container.image,
    imageID: `${container.image.split(':')[0]}@sha256:${digest}`,
    containerID: `containerd://${containerId}`,
    ready: false,
    started: true,
    restartCount,
    state: { running: { startedAt: rfc3339(now) } },
    lastState: lastState ?? {},
  };
}
