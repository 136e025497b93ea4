import { rolloutState } from '../../domain/deployments';
import { podStatusReason } from '../../domain/pods';
import type { KubeObject } from '../../services/ClusterRegistry/types';
import { collectionPathOf, RESOURCES } from '../kube/resources';
import { formatLabelSelector, LabelSelector } from '../kube/selectors';
import { waitFor, WaitFailedError, WaitTimeoutError } from '../kube/waitFor';
import { withShortfallCause } from './replicaInterference';
import type { RunbookContext, StepHandle } from './types';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const POD_TEMPLATE_HASH = 'pod-template-hash';
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** Reasons after which a new pod will not become ready without someone acting. */
const HOPELESS_REASONS = new Set([
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);
/** CrashLoopBackOff counts once the container failed this often: a first crash during start-up can be transient. */
const CRASHLOOP_RESTARTS = 2;

export const ROLLBACK_HINT = 'roll back with the Roll back runbook';

/** The ReplicaSets a deployment controls (owner reference with controller=true and the deployment's uid). */
export function ownedReplicaSets(deployment: KubeObject, replicaSets: Iterable<KubeObject>): KubeObject[] {
  const uid = deployment.metadata.uid;
  return [...replicaSets].filter(rs =>
    (rs.metadata.ownerReferences ?? []).some(o => o.controller && o.kind === 'Deployment' && (uid ? o.uid === uid : o.name === deployment.metadata.name)),
  );
}

export function revisionOf(object: KubeObject): number | undefined {
  const value = object.metadata.annotations?.[REVISION_ANNOTATION];
  const n = value === undefined ? NaN : Number(value);
  return Number.isInteger(n) ? n : undefined;
}

/** The new ReplicaSet: the one whose revision is the deployment's. */
export function currentReplicaSet(deployment: KubeObject, owned: KubeObject[]): KubeObject | undefined {
  const revision = revisionOf(deployment);
  if (revision === undefined) return undefined;
  return owned.find(rs => revisionOf(rs) === revision);
}

interface PodProblem {
  pod: string;
  reason: string;
  message?: string;
  restarts: number;
}

function podProblem(pod: KubeObject): PodProblem | undefined {
  if (pod.metadata.deletionTimestamp) return undefined;
  const reason = podStatusReason(pod).replace(/^Init:/, '');
  const statuses: any[] = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  const restarts = statuses.reduce((n, c) => n + (c.restartCount ?? 0), 0);
  const message = statuses.map(c => c.state?.waiting?.message ?? c.state?.terminated?.message).find(Boolean);
  if (HOPELESS_REASONS.has(reason) || (reason === 'CrashLoopBackOff' && restarts >= CRASHLOOP_RESTARTS)) {
    return { pod: pod.metadata.name, reason, message, restarts };
  }
  return undefined;
}

function describeProblems(problems: PodProblem[]): string {
  const byReason = new Map<string, PodProblem[]>();
  for (const p of problems) byReason.set(p.reason, [...(byReason.get(p.reason) ?? []), p]);
  return [...byReason.entries()]
    .map(([reason, list]) => {
      const first = list[0];
      const detail = first.message ? `${first.pod}: ${truncate(first.message, 140)}` : first.pod;
      return `${list.length} pod${list.length === 1 ? '' : 's'} in ${reason} (${detail})`;
    })
    .join(', ');
}

function podsOf(pods: Iterable<KubeObject>, replicaSet: KubeObject | undefined): KubeObject[] {
  const hash = replicaSet?.metadata.labels?.[POD_TEMPLATE_HASH];
  if (!hash) return [];
  return [...pods].filter(p => p.metadata.labels?.[POD_TEMPLATE_HASH] === hash && !p.metadata.deletionTimestamp);
}

function isReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

function sourcesFor(namespace: string, name: string, selector: LabelSelector) {
  const labelSelector = formatLabelSelector(selector);
  return {
    deployment: { path: collectionPathOf(RESOURCES.deployment, namespace), fieldSelector: `metadata.name=${name}` },
    replicaSets: { path: collectionPathOf(RESOURCES.replicaSet, namespace), labelSelector },
    pods: { path: collectionPathOf(RESOURCES.pod, namespace), labelSelector },
  };
}

export interface RolloutResult {
  revision?: number;
  readyReplicas: number;
  replicas: number;
  pods: string[];
  restarts: number;
}

/**
 * Waits for a deployment's rollout the way `kubectl rollout status` decides it, but gives up early, with the reason,
 * when a new pod cannot start (CrashLoopBackOff after repeated crashes, image pull back-off, bad config) or the
 * deployment exceeded its progress deadline.
 */
export async function waitForRollout(
  ctx: RunbookContext<unknown>,
  step: StepHandle,
  options: {
    namespace: string;
    name: string;
    generation: number;
    timeoutMs: number;
    /** Cluster time of the change: only pods created since then can fail the rollout early. */
    since: number;
  },
): Promise<RolloutResult> {
  const { namespace, name } = options;
  const live = await ctx.kube.get(RESOURCES.deployment, namespace, name);
  const selector: LabelSelector = live.spec?.selector ?? {};
  const where = `${namespace}/${name}`;
  let lastPods: KubeObject[] = [];
  try {
    return await waitFor({
      client: ctx.cluster.client,
      sources: sourcesFor(namespace, name, selector),
      timeoutMs: options.timeoutMs,
      signal: ctx.signal,
      onProgress: message => step.progress(`Waiting for the rollout of ${where}: ${message}`),
      evaluate: state => {
        const deployment = state.deployment.get(name);
        if (!deployment) return { done: false, failed: `deployment ${where} was deleted during the rollout` };
        if ((deployment.metadata.generation ?? 0) < options.generation) {
          return { done: false, progress: 'waiting for the change to be observed' };
        }
        const rollout = rolloutState(deployment, 'Deployment');
        const observed = (deployment.status?.observedGeneration ?? 0) >= (deployment.metadata.generation ?? 0);
        const current = observed ? currentReplicaSet(deployment, ownedReplicaSets(deployment, state.replicaSets.values())) : undefined;
        const newPods = podsOf(state.pods.values(), current);
        lastPods = newPods;
        if (rollout.complete) {
          return {
            done: true,
            value: {
              revision: revisionOf(deployment),
              readyReplicas: deployment.status?.readyReplicas ?? 0,
              replicas: deployment.spec?.replicas ?? 1,
              pods: newPods.map(p => p.metadata.name),
              restarts: newPods.reduce((n, p) => n + restartsOf(p), 0),
            },
          };
        }
        // Pods that were already failing before our change (e.g. a ReplicaSet we roll back to) get the time to
        // recover; those we started and that cannot start fail the rollout at once.
        const ours = newPods.filter(p => (Date.parse(p.metadata.creationTimestamp ?? '') || 0) >= options.since - 1000);
        const problems = ours.map(podProblem).filter((p): p is PodProblem => Boolean(p));
        if (problems.length > 0) {
          return { done: false, failed: `rollout of ${where} stalled: ${describeProblems(problems)}; ${ROLLBACK_HINT}` };
        }
        if (rollout.stalled) {
          return { done: false, failed: `rollout of ${where} stalled: ${rollout.message}; check the pods' events, then ${ROLLBACK_HINT}` };
        }
        return { done: false, progress: rollout.message ?? 'in progress' };
      },
    });
  } catch (e) {
    if (e instanceof WaitTimeoutError) {
      const pending = lastPods
        .filter(p => !isReady(p))
        .slice(0, 3)
        .map(p => `${p.metadata.name} ${podStatusReason(p)}`);
      const failure = `rollout of ${where} ${e.message}${pending.length ? `; not ready: ${pending.join(', ')}` : ''}`;
      throw new WaitFailedError(
        await withShortfallCause(ctx.kube, { namespace, name, since: options.since }, failure, `check the pods' events, then ${ROLLBACK_HINT} if the new revision is broken`),
      );
    }
    throw e;
  }
}

/**
 * Watches the deployment's current pods for a short while after the rollout: all must stay ready and none may start
 * crash-looping. Resolves with what it saw; throws WaitFailedError on a problem.
 */
export async function verifyPods(
  ctx: RunbookContext<unknown>,
  step: StepHandle,
  options: {
    namespace: string;
    name: string;
    observeMs: number;
    expectedReplicas?: number;
    /** Cluster time of the change: what intervened since then (an HPA, Argo CD, a quota) is named on failure. */
    since: number;
  },
): Promise<{ ready: number; desired: number; restarts: number; pods: string[] }> {
  const { namespace, name } = options;
  const live = await ctx.kube.get(RESOURCES.deployment, namespace, name);
  const where = `${namespace}/${name}`;
  let last = { ready: 0, desired: live.spec?.replicas ?? 1, restarts: 0, pods: [] as string[] };
  let lastProblem: string | undefined;
  try {
    await waitFor({
      client: ctx.cluster.client,
      sources: sourcesFor(namespace, name, live.spec?.selector ?? {}),
      timeoutMs: options.observeMs,
      signal: ctx.signal,
      evaluate: state => {
        const deployment = state.deployment.get(name);
        if (!deployment) return { done: false, failed: `deployment ${where} was deleted` };
        const current = currentReplicaSet(deployment, ownedReplicaSets(deployment, state.replicaSets.values()));
        const pods = podsOf(state.pods.values(), current);
        const desired = options.expectedReplicas ?? deployment.spec?.replicas ?? 1;
        const ready = pods.filter(isReady).length;
        last = { ready, desired, restarts: pods.reduce((n, p) => n + restartsOf(p), 0), pods: pods.map(p => p.metadata.name) };
        const crashing = pods.filter(p => ['CrashLoopBackOff', ...HOPELESS_REASONS].includes(podStatusReason(p)));
        if (crashing.length > 0) {
          return {
            done: false,
            failed: `${where}: ${describeProblems(crashing.map(p => podProblem(p) ?? { pod: p.metadata.name, reason: podStatusReason(p), restarts: restartsOf(p) }))} after the rollout; ${ROLLBACK_HINT}`,
          };
        }
        lastProblem = ready < desired ? `${ready}/${desired} pods ready` : undefined;
        return { done: false, progress: `${ready}/${desired} pods ready` };
      },
    });
  } catch (e) {
    if (!(e instanceof WaitTimeoutError)) throw e;
  }
  step.detail({ pods: last.pods });
  if (lastProblem) {
    const question = { namespace, name, requested: options.expectedReplicas, since: options.since };
    throw new WaitFailedError(await withShortfallCause(ctx.kube, question, `${where} has only ${lastProblem} after the rollout`));
  }
  return last;
}

function restartsOf(pod: KubeObject): number {
  return (pod.status?.containerStatuses ?? []).reduce((n: number, c: any) => n + (c.restartCount ?? 0), 0);
}

export function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Kubernetes' semantic equality of two pod templates, ignoring the pod-template-hash label (kubectl's equalIgnoreHash). */
export function equalIgnoreHash(a: unknown, b: unknown): boolean {
  const strip = (t: any) => {
    const copy = JSON.parse(JSON.stringify(t ?? {}));
    if (copy.metadata?.labels) {
      delete copy.metadata.labels[POD_TEMPLATE_HASH];
      if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
    }
    if (copy.metadata && Object.keys(copy.metadata).length === 0) delete copy.metadata;
    return canonical(copy);
  };
  return strip(a) === strip(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => a.localeCompare(b, 'en'));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
