import type { KubeObject, StoredObject } from '../api/types';
import type { Condition } from '../resources/common';
import type { ResourceDefinition } from '../resources/types';
import type { StoreEvent } from '../store/ObjectStore';
import { splitKey, type Controller, type ControllerContext } from './ControllerManager';
import { ensureControllerRevision } from './controllerRevisions';
import { ownedObjects, ownerReference, podIsAvailable, podIsReady, writeStatus } from './helpers';
import { toleratesTaints, type Toleration } from './KubeletController';
import { ownerKeys } from './ReplicaSetController';

/**
 * The tolerations the DaemonSet controller adds to every pod it creates, so daemons keep running on nodes that are
 * cordoned, under pressure or briefly unreachable (pkg/controller/daemon/util AddOrUpdateDaemonPodTolerations).
 */
const DAEMON_POD_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

/**
 * DaemonSet controller: one pod per ready node whose taints the pods tolerate (cordoned nodes included, as daemon
 * pods tolerate the unschedulable taint), bound directly to it; rolling updates replace
 * outdated pods one node at a time (maxUnavailable 1); status counts as `kubectl get ds` prints them.
 */
export class DaemonSetController implements Controller {
  readonly name = 'daemonset';
  private readonly daemonSets: ResourceDefinition;
  private readonly pods: ResourceDefinition;

  constructor(private readonly context: ControllerContext) {
    this.daemonSets = context.registry.get('apps/daemonsets');
    this.pods = context.registry.get('/pods');
  }

  watches() {
    return [
      { collection: 'apps/daemonsets' },
      { collection: '/pods', keys: (event: StoreEvent) => ownerKeys(event, 'DaemonSet') },
      {
        collection: '/nodes',
        keys: () => this.context.store.list('apps/daemonsets').map(ds => `${ds.metadata.namespace}/${ds.metadata.name}`),
      },
    ];
  }

  initialKeys(): string[] {
    return this.context.store.list('apps/daemonsets').map(ds => `${ds.metadata.namespace}/${ds.metadata.name}`);
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const ds = this.context.store.get('apps/daemonsets', namespace, name);
    if (!ds || ds.metadata.deletionTimestamp) return;
    const revision = ensureControllerRevision(this.context, ds);
    const daemonPod = { ...ds, spec: withDaemonTolerations(ds.spec?.template?.spec ?? {}) };
    const nodes = this.context.store.list('/nodes').filter(node => {
      const ready = (node.status?.conditions ?? []).find((condition: Condition) => condition.type === 'Ready');
      return ready?.status === 'True' && toleratesTaints(daemonPod, node);
    });
    const pods = ownedObjects(this.context, ds, '/pods');
    const podsOnNode = (nodeName: string) => pods.filter(pod => pod.spec?.nodeName === nodeName && !pod.metadata.deletionTimestamp);
    for (const node of nodes) {
      if (podsOnNode(node.metadata.name).length === 0 && !pods.some(pod => pod.spec?.nodeName === node.metadata.name)) {
        this.context.api.create(this.pods, namespace, podFor(ds, node.metadata.name, revision.hash));
        this.context.events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod on node ${node.metadata.name}`, { component: 'daemonset-controller' });
      }
    }
    const nodeNames = new Set(nodes.map(node => node.metadata.name));
    for (const pod of pods) {
      if (!pod.metadata.deletionTimestamp && !nodeNames.has(pod.spec?.nodeName)) this.context.api.delete(this.pods, namespace, pod.metadata.name);
    }
    const active = ownedObjects(this.context, ds, '/pods').filter(pod => !pod.metadata.deletionTimestamp);
    const outdated = active.filter(pod => pod.metadata.labels?.['controller-revision-hash'] !== revision.hash);
    const unavailable = active.filter(pod => !podIsReady(pod)).length + (nodes.length - active.length);
    if (outdated.length && unavailable === 0) this.context.api.delete(this.pods, namespace, outdated[0].metadata.name);

    const now = this.context.clock.now();
    const fresh = this.context.store.get('apps/daemonsets', namespace, name)!;
    writeStatus(this.context, this.daemonSets, fresh, status => {
      status.observedGeneration = fresh.metadata.generation;
      status.desiredNumberScheduled = nodes.length;
      status.currentNumberScheduled = active.length;
      status.numberMisscheduled = 0;
      status.numberReady = active.filter(podIsReady).length;
      status.updatedNumberScheduled = active.filter(pod => pod.metadata.labels?.['controller-revision-hash'] === revision.hash).length;
      status.numberAvailable = active.filter(pod => podIsAvailable(pod, fresh.spec?.minReadySeconds ?? 0, now)).length;
      const unavailableCount = nodes.length - status.numberAvailable;
      if (unavailableCount > 0) status.numberUnavailable = unavailableCount;
      else delete status.numberUnavailable;
    });
  }
}

function podFor(ds: StoredObject, nodeName: string, hash: string): KubeObject {
  const template = ds.spec?.template ?? {};
  const spec = withDaemonTolerations(JSON.parse(JSON.stringify(template.spec ?? {})));
  spec.nodeName = nodeName;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${ds.metadata.name}-`,
      namespace: ds.metadata.namespace,
      labels: { ...(template.metadata?.labels ?? {}), 'controller-revision-hash': hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) },
      ownerReferences: [ownerReference(ds)],
    },
    spec,
  };
}

function withDaemonTolerations(podSpec: KubeObject['spec']): KubeObject['spec'] {
  const tolerations: Toleration[] = [...(podSpec.tolerations ?? [])];
  for (const toleration of DAEMON_POD_TOLERATIONS) {
    if (!tolerations.some(existing => existing.key === toleration.key && existing.effect === toleration.effect)) tolerations.push(toleration);
  }
  return { ...podSpec, tolerations };
}
