import type { KubeObject, StoredObject } from '../api/types';
import type { ObjectStore } from '../store/ObjectStore';

/** Finds which workload a pod belongs to, following controller ownerReferences (Pod → ReplicaSet → Deployment). */

export interface WorkloadRef {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'Cluster' | 'Pod';
  namespace: string;
  name: string;
}

const COLLECTION_OF_KIND: Record<string, string> = {
  ReplicaSet: 'apps/replicasets',
  Deployment: 'apps/deployments',
  StatefulSet: 'apps/statefulsets',
  DaemonSet: 'apps/daemonsets',
  Job: 'batch/jobs',
  CronJob: 'batch/cronjobs',
  Cluster: 'postgresql.cnpg.io/clusters',
};

export function controllerOf(object: KubeObject): { kind: string; name: string; uid: string } | undefined {
  return (object.metadata.ownerReferences ?? []).find(reference => reference.controller);
}

export function workloadOf(store: ObjectStore, pod: KubeObject): WorkloadRef {
  const namespace = pod.metadata.namespace ?? '';
  let current: KubeObject = pod;
  let ref: WorkloadRef = { kind: 'Pod', namespace, name: pod.metadata.name ?? '' };
  for (let depth = 0; depth < 4; depth++) {
    const owner = controllerOf(current);
    if (!owner) break;
    if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'Cluster'].includes(owner.kind)) {
      ref = { kind: owner.kind as WorkloadRef['kind'], namespace, name: owner.name };
    }
    const collection = COLLECTION_OF_KIND[owner.kind];
    const next: StoredObject | undefined = collection ? store.get(collection, namespace, owner.name) : undefined;
    if (!next) break;
    current = next;
  }
  return ref;
}

export function workloadKey(ref: WorkloadRef): string {
  return `${ref.namespace}/${ref.name}`;
}
