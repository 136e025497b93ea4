import { createHash } from 'node:crypto';
import type { ClusterApi } from '../api/ClusterApi';
import { parseQuantity, rfc3339 } from '../api/format';
import { safeHash } from '../api/names';
import type { KubeObject, OwnerReference, StoredObject } from '../api/types';
import { ownerReference } from '../controllers/helpers';
import { clone } from '../patch/mergePatch';
import type { SimulationState } from '../simulation/SimulationState';

/**
 * Builders for seeding a cluster in a lived-in state: objects created "days ago", deployments with their
 * ReplicaSet history and running pods, PVCs bound to volumes, events with counts. Everything goes through the
 * API layer (defaulting and validation), with status kept, so the seeded world is what the controllers would have
 * produced; the controllers then fill in the derived counts.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface ContainerInput {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<{ name: string; value?: string; valueFrom?: unknown }>;
  envFrom?: unknown[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: unknown;
  livenessProbe?: unknown;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}

export interface WorkloadInput {
  namespace: string;
  name: string;
  /** Labels of the workload object, its template and thus its pods. */
  labels: Record<string, string>;
  /** The subset of labels used as selector. */
  selector: Record<string, string>;
  replicas: number;
  containers: ContainerInput[];
  createdAgo: number;
  /** Earlier revisions, oldest first: their image and how long ago they were rolled out. */
  history?: Array<{ image: string; rolledOutAgo: number }>;
  /** How long ago the current revision was rolled out (default: when the workload was created). */
  rolledOutAgo?: number;
  strategy?: KubeObject['spec'];
  volumes?: unknown[];
  serviceAccountName?: string;
  podAnnotations?: Record<string, string>;
  /** Restart counts to give to the pods, by index. */
  restarts?: number[];
  revisionHistoryLimit?: number;
  minReadySeconds?: number;
  /** Tolerate every taint (DaemonSet-style system pods). */
  tolerateAll?: boolean;
  /** Annotations and owner of the workload object (an operator-made Deployment). */
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
}

export class Seeder {
  private podIpCounter = new Map<string, number>();
  private nodeCursor = 0;
  readonly now: number;

  constructor(
    readonly api: ClusterApi,
    readonly simulation: SimulationState,
  ) {
    this.now = api.clock.now();
  }

  ago(milliseconds: number): string {
    return rfc3339(this.now - milliseconds);
  }

  in(milliseconds: number): string {
    return rfc3339(this.now + milliseconds);
  }

  /** Creates an object (status kept) as if created `createdAgo` milliseconds ago. */
  create(object: KubeObject, createdAgo = 30 * DAY): StoredObject {
    const definition = this.api.registry.forKind(object.apiVersion, object.kind);
    if (!definition) throw new Error(`seed: unknown kind ${object.apiVersion}/${object.kind}`);
    const body = clone(object);
    body.metadata.creationTimestamp ??= this.ago(createdAgo);
    return this.api.create(definition, body.metadata.namespace, body, { keepStatus: true });
  }

  /** Replaces the status of a stored object (for statuses that depend on generated names or uids). */
  setStatus(object: StoredObject, status: Record<string, unknown>): StoredObject {
    const definition = this.api.registry.forKind(object.apiVersion, object.kind)!;
    const copy = clone(object) as KubeObject;
    copy.status = status;
    return this.api.update(definition, object.metadata.namespace, object.metadata.name, copy, definition.hasStatus ? { subresource: 'status' } : {});
  }

  namespace(name: string, labels: Record<string, string> = {}, createdAgo = 60 * DAY): StoredObject {
    const namespace = this.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } }, createdAgo);
    this.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } }, createdAgo);
    this.create(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'kube-root-ca.crt', namespace: name, annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' } },
        data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\n(devcluster CA)\n-----END CERTIFICATE-----\n' },
      },
      createdAgo,
    );
    return namespace;
  }

  /** The next schedulable node, round-robin (so pods spread like the scheduler would spread them). */
  nextNode(tolerateAll = false): StoredObject {
    const nodes = this.api.store.list('/nodes').filter(node => tolerateAll || !(node.spec?.taints ?? []).some((taint: { effect: string }) => taint.effect === 'NoSchedule'));
    const node = nodes[this.nodeCursor % nodes.length];
    this.nodeCursor++;
    return node;
  }

  podIp(node: StoredObject): string {
    const nodes = this.api.store.list('/nodes');
    const index = nodes.findIndex(candidate => candidate.metadata.name === node.metadata.name);
    const next = (this.podIpCounter.get(node.metadata.name) ?? 1) + 1;
    this.podIpCounter.set(node.metadata.name, next);
    return `10.${244 + Math.floor(next / 250)}.${index + 1}.${(next % 250) + 1}`;
  }

  /** A Deployment with its ReplicaSet history and running pods. */
  deployment(input: WorkloadInput): { deployment: StoredObject; replicaSet: StoredObject; pods: StoredObject[] } {
    const template = this.template(input);
    const deployment = this.create(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: input.name,
          namespace: input.namespace,
          labels: input.labels,
          ...(input.annotations ? { annotations: input.annotations } : {}),
          ...(input.ownerReferences ? { ownerReferences: input.ownerReferences } : {}),
        },
        spec: {
          replicas: input.replicas,
          selector: { matchLabels: input.selector },
          template,
          ...(input.strategy ? { strategy: input.strategy } : {}),
          ...(input.revisionHistoryLimit !== undefined ? { revisionHistoryLimit: input.revisionHistoryLimit } : {}),
          ...(input.minReadySeconds ? { minReadySeconds: input.minReadySeconds } : {}),
        },
        status: {
          conditions: [
            { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastTransitionTime: this.ago(input.createdAgo - MINUTE), lastUpdateTime: this.ago(input.createdAgo - MINUTE) },
          ],
        },
      },
      input.createdAgo,
    );
    const storedTemplate = deployment.spec.template;
    const rollouts = [
      ...(input.history ?? []).map(entry => ({ image: entry.image, ago: entry.rolledOutAgo })),
      { image: input.containers[0].image, ago: input.rolledOutAgo ?? input.createdAgo },
    ];
    let current: StoredObject | undefined;
    rollouts.forEach((rollout, index) => {
      const revisionTemplate = clone(storedTemplate);
      revisionTemplate.spec.containers[0].image = rollout.image;
      const hash = safeHash(revisionTemplate);
      const last = index === rollouts.length - 1;
      const rsTemplate = clone(revisionTemplate);
      rsTemplate.metadata = { ...rsTemplate.metadata, labels: { ...rsTemplate.metadata?.labels, 'pod-template-hash': hash } };
      const rs = this.create(
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: {
            name: `${input.name}-${hash}`,
            namespace: input.namespace,
            labels: { ...rsTemplate.metadata.labels },
            annotations: {
              'deployment.kubernetes.io/desired-replicas': String(input.replicas),
              'deployment.kubernetes.io/max-replicas': String(input.replicas + 1),
              'deployment.kubernetes.io/revision': String(index + 1),
            },
            ownerReferences: [ownerReference(deployment)],
          },
          spec: {
            replicas: last ? input.replicas : 0,
            selector: { matchLabels: { ...input.selector, 'pod-template-hash': hash } },
            template: rsTemplate,
            ...(input.minReadySeconds ? { minReadySeconds: input.minReadySeconds } : {}),
          },
        },
        rollout.ago,
      );
      if (last) current = rs;
    });
    const rolledOutAgo = rollouts[rollouts.length - 1].ago;
    const pods: StoredObject[] = [];
    for (let index = 0; index < input.replicas; index++) {
      const name = `${current!.metadata.name}-${safeHash(`${current!.metadata.name}/${index}`, 5)}`;
      pods.push(this.runningPod(current!, name, input, rolledOutAgo - index * 20_000, input.restarts?.[index] ?? 0));
    }
    return { deployment, replicaSet: current!, pods };
  }

  /** A running, ready pod owned by `owner`. */
  runningPod(owner: StoredObject, name: string, input: WorkloadInput, startedAgo: number, restarts = 0, extra: { labels?: Record<string, string>; nodeName?: string; spec?: Record<string, unknown> } = {}): StoredObject {
    const template = owner.spec?.template ?? this.template(input);
    const node = extra.nodeName ? this.api.store.get('/nodes', '', extra.nodeName)! : this.nextNode(input.tolerateAll);
    const podIP = this.podIp(node);
    const hostIP = (node.status?.addresses ?? []).find((address: { type: string }) => address.type === 'InternalIP')?.address;
    const started = this.ago(startedAgo);
    const readyAt = this.ago(startedAgo - 12_000);
    const containers = (template.spec.containers as ContainerInput[]).map(container => {
      const containerId = createHash('sha256').update(`${name}/${container.name}/${restarts}`).digest('hex');
      return {
        name: container.name,
        image: container.image,
        imageID: `${container.image.split(':')[0]}@sha256:${createHash('sha256').update(container.image).digest('hex')}`,
        containerID: `containerd://${containerId}`,
        ready: true,
        started: true,
        restartCount: restarts,
        state: { running: { startedAt: restarts ? this.ago(Math.min(startedAgo, 2 * HOUR)) : started } },
        lastState: restarts
          ? { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: started, finishedAt: this.ago(Math.min(startedAgo, 2 * HOUR) + 5000), containerID: `containerd://${containerId.slice(0, 60)}0000` } }
          : {},
      };
    });
    return this.create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name,
          namespace: owner.metadata.namespace,
          labels: { ...(template.metadata?.labels ?? {}), ...(extra.labels ?? {}) },
          ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
          ownerReferences: [ownerReference(owner)],
        },
        spec: { ...clone(template.spec), ...(extra.spec ?? {}), nodeName: node.metadata.name },
        status: {
          phase: 'Running',
          conditions: [
            { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: started },
            { type: 'Initialized', status: 'True', lastTransitionTime: started },
            { type: 'Ready', status: 'True', lastTransitionTime: readyAt },
            { type: 'ContainersReady', status: 'True', lastTransitionTime: readyAt },
            { type: 'PodScheduled', status: 'True', lastTransitionTime: this.ago(startedAgo + 2000) },
          ],
          hostIP,
          hostIPs: [{ ip: hostIP }],
          podIP,
          podIPs: [{ ip: podIP }],
          startTime: this.ago(startedAgo + 1000),
          containerStatuses: containers,
        },
      },
      startedAgo + 2000,
    );
  }

  /** A pod that ran to completion (Job pods, CNPG bootstrap pods). */
  completedPod(owner: StoredObject, name: string, template: KubeObject['spec'], startedAgo: number, runMs: number): StoredObject {
    const node = this.nextNode();
    const podIP = this.podIp(node);
    const hostIP = (node.status?.addresses ?? []).find((address: { type: string }) => address.type === 'InternalIP')?.address;
    const started = this.ago(startedAgo);
    const finished = this.ago(startedAgo - runMs);
    return this.create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name,
          namespace: owner.metadata.namespace,
          labels: { ...(template.metadata?.labels ?? {}) },
          ownerReferences: [ownerReference(owner)],
        },
        spec: { ...clone(template.spec), nodeName: node.metadata.name },
        status: {
          phase: 'Succeeded',
          conditions: [
            { type: 'PodReadyToStartContainers', status: 'False', lastTransitionTime: finished },
            { type: 'Initialized', status: 'True', lastTransitionTime: started },
            { type: 'Ready', status: 'False', reason: 'PodCompleted', lastTransitionTime: finished },
            { type: 'ContainersReady', status: 'False', reason: 'PodCompleted', lastTransitionTime: finished },
            { type: 'PodScheduled', status: 'True', lastTransitionTime: started },
          ],
          hostIP,
          podIP,
          podIPs: [{ ip: podIP }],
          startTime: started,
          containerStatuses: (template.spec.containers as ContainerInput[]).map(container => ({
            name: container.name,
            image: container.image,
            imageID: `${container.image.split(':')[0]}@sha256:${createHash('sha256').update(container.image).digest('hex')}`,
            containerID: `containerd://${createHash('sha256').update(`${name}/${container.name}`).digest('hex')}`,
            ready: false,
            started: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: started, finishedAt: finished } },
            lastState: {},
          })),
        },
      },
      startedAgo + 2000,
    );
  }

  template(input: WorkloadInput): KubeObject['spec'] {
    return {
      metadata: { labels: { ...input.labels }, ...(input.podAnnotations ? { annotations: input.podAnnotations } : {}) },
      spec: {
        ...(input.serviceAccountName ? { serviceAccountName: input.serviceAccountName } : {}),
        containers: input.containers.map(container => ({ ...container })),
        ...(input.volumes ? { volumes: input.volumes } : {}),
        ...(input.tolerateAll ? { tolerations: [{ operator: 'Exists' }] } : {}),
      },
    };
  }

  /** A Service selecting `selector`. */
  service(namespace: string, name: string, labels: Record<string, string>, selector: Record<string, string>, ports: Array<{ name?: string; port: number; targetPort?: number | string }>, extra: Record<string, unknown> = {}, createdAgo = 60 * DAY): StoredObject {
    return this.create(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace, labels },
        spec: { selector, ports: ports.map(port => ({ protocol: 'TCP', ...port })), ...extra },
      },
      createdAgo,
    );
  }

  /** A Bound PVC with its PV, and the simulated usage of the volume. */
  pvc(namespace: string, name: string, options: { size: string; usedFraction: number; growthPerDay?: number; labels?: Record<string, string>; storageClassName?: string; accessModes?: string[]; createdAgo?: number }): StoredObject {
    const volumeName = `pvc-${createHash('sha1').update(`${namespace}/${name}`).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/, '$1-$2-$3-$4-$5')}`;
    const accessModes = options.accessModes ?? ['ReadWriteOnce'];
    const storageClassName = options.storageClassName ?? 'standard';
    const createdAgo = options.createdAgo ?? 60 * DAY;
    const claim = this.create(
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {
          name,
          namespace,
          labels: options.labels ?? {},
          annotations: {
            'pv.kubernetes.io/bind-completed': 'yes',
            'pv.kubernetes.io/bound-by-controller': 'yes',
            'volume.beta.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
            'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
          },
        },
        spec: { accessModes, resources: { requests: { storage: options.size } }, storageClassName, volumeMode: 'Filesystem', volumeName },
        status: { phase: 'Bound', accessModes, capacity: { storage: options.size } },
      },
      createdAgo,
    );
    this.create(
      {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: volumeName, annotations: { 'pv.kubernetes.io/provisioned-by': 'rancher.io/local-path' } },
        spec: {
          accessModes,
          capacity: { storage: options.size },
          claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name, namespace, uid: claim.metadata.uid },
          persistentVolumeReclaimPolicy: 'Delete',
          storageClassName,
          volumeMode: 'Filesystem',
          hostPath: { path: `/var/local-path-provisioner/${volumeName}_${namespace}_${name}`, type: 'DirectoryOrCreate' },
        },
        status: { phase: 'Bound' },
      },
      createdAgo,
    );
    const capacity = parseQuantity(options.size) ?? 0;
    this.simulation.setVolumeUsage(`${namespace}/${name}`, {
      usedBytes: Math.round(capacity * options.usedFraction),
      since: this.now,
      growthPerDay: options.growthPerDay ?? 0,
    });
    return claim;
  }

  /** A core/v1 Event (also visible as events.k8s.io/v1). */
  event(
    involved: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    options: { count?: number; firstAgo: number; lastAgo?: number; component: string; host?: string; fieldPath?: string },
  ): StoredObject {
    const last = options.lastAgo ?? options.firstAgo;
    return this.create(
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: {
          name: `${involved.metadata.name}.${((BigInt(this.now - last) * 1_000_000n) + BigInt(reason.length)).toString(16)}`,
          namespace: involved.metadata.namespace || 'default',
        },
        involvedObject: {
          kind: involved.kind,
          namespace: involved.metadata.namespace,
          name: involved.metadata.name,
          uid: involved.metadata.uid,
          apiVersion: involved.apiVersion,
          resourceVersion: involved.metadata.resourceVersion,
          ...(options.fieldPath ? { fieldPath: options.fieldPath } : {}),
        },
        reason,
        message,
        source: { component: options.component, ...(options.host ? { host: options.host } : {}) },
        firstTimestamp: this.ago(options.firstAgo),
        lastTimestamp: this.ago(last),
        count: options.count ?? 1,
        type,
        eventTime: null,
        reportingComponent: options.component,
        reportingInstance: options.host ?? '',
      },
      options.firstAgo,
    );
  }
}

/** A deterministic 40-hex-digit "git SHA". */
export function gitSha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}
