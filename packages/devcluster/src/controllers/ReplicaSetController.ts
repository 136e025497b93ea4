import type { KubeObject, StoredObject } from '../api/types';
import type { ResourceDefinition } from '../resources/types';
import type { StoreEvent } from '../store/ObjectStore';
import { objectKey, splitKey, type Controller, type ControllerContext } from './ControllerManager';
import { isPodActive, ownedObjects, ownerReference, podIsAvailable, podIsReady, writeStatus } from './helpers';

/**
 * ReplicaSet controller: keeps `spec.replicas` active pods from the template (SuccessfulCreate / SuccessfulDelete
 * events; deletes unscheduled, then unready, then the newest pods first) and reports replicas, ready and
 * available counts.
 */
export class ReplicaSetController implements Controller {
  readonly name = 'replicaset';
  private readonly replicaSets: ResourceDefinition;
  private readonly pods: ResourceDefinition;

  constructor(private readonly context: ControllerContext) {
    this.replicaSets = context.registry.get('apps/replicasets');
    this.pods = context.registry.get('/pods');
  }

  watches() {
    return [
      { collection: 'apps/replicasets' },
      { collection: '/pods', keys: (event: StoreEvent) => ownerKeys(event, 'ReplicaSet') },
    ];
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const rs = this.context.store.get('apps/replicasets', namespace, name);
    if (!rs || rs.metadata.deletionTimestamp) return;
    const desired = rs.spec?.replicas ?? 1;
    let active = ownedObjects(this.context, rs, '/pods').filter(isPodActive);
    if (active.length < desired) {
      for (let count = active.length; count < desired; count++) {
        const pod = this.context.api.create(this.pods, namespace, podFromTemplate(rs));
        this.context.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, { component: 'replicaset-controller' });
      }
    } else if (active.length > desired) {
      for (const pod of deletionOrder(active).slice(0, active.length - desired)) {
        this.context.api.delete(this.pods, namespace, pod.metadata.name);
        this.context.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, { component: 'replicaset-controller' });
      }
    }
    active = ownedObjects(this.context, rs, '/pods').filter(isPodActive);
    const now = this.context.clock.now();
    const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
    const ready = active.filter(podIsReady).length;
    const available = active.filter(pod => podIsAvailable(pod, minReadySeconds, now)).length;
    if (ready > available) {
      this.context.requeueAfter(this, key, minReadySeconds * 1000);
    }
    const current = this.context.store.get('apps/replicasets', namespace, name)!;
    writeStatus(this.context, this.replicaSets, current, status => {
      status.replicas = active.length;
      status.fullyLabeledReplicas = active.length;
      status.readyReplicas = ready;
      status.availableReplicas = available;
      status.observedGeneration = current.metadata.generation;
      if (!status.readyReplicas) delete status.readyReplicas;
      if (!status.availableReplicas) delete status.availableReplicas;
      if (!status.fullyLabeledReplicas) delete status.fullyLabeledReplicas;
    });
  }
}

/** The key of the controlling owner of the given kind, for the object before and after the change. */
export function ownerKeys(event: StoreEvent, kind: string): string[] {
  const keys = new Set<string>();
  for (const object of [event.object, event.previous]) {
    if (!object) continue;
    for (const reference of object.metadata.ownerReferences ?? []) {
      if (reference.controller && reference.kind === kind) keys.add(objectKey(object.metadata.namespace, reference.name));
    }
  }
  return [...keys];
}

function podFromTemplate(rs: StoredObject): KubeObject {
  const template = rs.spec?.template ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${rs.metadata.name}-`,
      namespace: rs.metadata.namespace,
      labels: { ...(template.metadata?.labels ?? {}) },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [ownerReference(rs)],
    },
    spec: JSON.parse(JSON.stringify(template.spec ?? {})),
  };
}

/** Which pods to delete first when scaling down (the ReplicaSet controller's ActivePods ordering). */
function deletionOrder(pods: StoredObject[]): StoredObject[] {
  const rank = (pod: StoredObject) => {
    if (!pod.spec?.nodeName) return 0;
    if (pod.status?.phase === 'Pending') return 1;
    return podIsReady(pod) ? 3 : 2;
  };
  return [...pods].sort((a, b) => {
    const byRank = rank(a) - rank(b);
    if (byRank !== 0) return byRank;
    return b.metadata.creationTimestamp.localeCompare(a.metadata.creationTimestamp) || b.metadata.name.localeCompare(a.metadata.name);
  });
}
