import type { KubeObject, StoredObject } from '../api/types';
import type { ResourceDefinition } from '../resources/types';
import type { StoreEvent } from '../store/ObjectStore';
import { splitKey, type Controller, type ControllerContext } from './ControllerManager';
import { ensureControllerRevision } from './controllerRevisions';
import { ownedObjects, ownerReference, podIsAvailable, podIsReady, writeStatus } from './helpers';
import { ownerKeys } from './ReplicaSetController';
import { ensureClaim } from './volumes';

/**
 * StatefulSet controller: pods `<name>-<ordinal>` created in order (OrderedReady waits for the previous pod to be
 * Ready), PVCs from volumeClaimTemplates, scale-down from the highest ordinal, rolling updates that replace one
 * pod at a time from the highest ordinal down, ControllerRevisions and current/update revisions in status.
 */
export class StatefulSetController implements Controller {
  readonly name = 'statefulset';
  private readonly statefulSets: ResourceDefinition;
  private readonly pods: ResourceDefinition;

  constructor(private readonly context: ControllerContext) {
    this.statefulSets = context.registry.get('apps/statefulsets');
    this.pods = context.registry.get('/pods');
  }

  watches() {
    return [{ collection: 'apps/statefulsets' }, { collection: '/pods', keys: (event: StoreEvent) => ownerKeys(event, 'StatefulSet') }];
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const sts = this.context.store.get('apps/statefulsets', namespace, name);
    if (!sts || sts.metadata.deletionTimestamp) return;
    const revision = ensureControllerRevision(this.context, sts);
    const replicas: number = sts.spec?.replicas ?? 1;
    const ordered = (sts.spec?.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
    const pods = () => ownedObjects(this.context, sts, '/pods');
    const byOrdinal = new Map<number, StoredObject>();
    for (const pod of pods()) byOrdinal.set(ordinalOf(pod), pod);

    for (let ordinal = 0; ordinal < replicas; ordinal++) {
      const pod = byOrdinal.get(ordinal);
      if (pod) {
        if (ordered && (!podIsReady(pod) || pod.metadata.deletionTimestamp)) break;
        continue;
      }
      for (const template of (sts.spec?.volumeClaimTemplates ?? []) as KubeObject[]) {
        ensureClaim(this.context, namespace, `${template.metadata.name}-${name}-${ordinal}`, template, sts.spec?.template?.metadata?.labels ?? {});
      }
      this.context.api.create(this.pods, namespace, podFor(sts, ordinal, revision.hash));
      this.context.events.record(sts, 'Normal', 'SuccessfulCreate', `create Pod ${name}-${ordinal} in StatefulSet ${name} successful`, { component: 'statefulset-controller' });
      if (ordered) break;
    }
    const extra = [...byOrdinal.entries()].filter(([ordinal, pod]) => ordinal >= replicas && !pod.metadata.deletionTimestamp).sort((a, b) => b[0] - a[0]);
    if (extra.length) {
      const [, pod] = extra[0];
      this.context.api.delete(this.pods, namespace, pod.metadata.name);
      this.context.events.record(sts, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${name} successful`, { component: 'statefulset-controller' });
    } else {
      const current = pods();
      const allReady = current.length === replicas && current.every(pod => podIsReady(pod) && !pod.metadata.deletionTimestamp);
      const partition: number = sts.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
      const outdated = current
        .filter(pod => pod.metadata.labels?.['controller-revision-hash'] !== revision.name && ordinalOf(pod) >= partition)
        .sort((a, b) => ordinalOf(b) - ordinalOf(a));
      if (allReady && outdated.length && (sts.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
        this.context.api.delete(this.pods, namespace, outdated[0].metadata.name);
      }
    }

    const now = this.context.clock.now();
    const current = pods().filter(pod => !pod.metadata.deletionTimestamp);
    const updated = current.filter(pod => pod.metadata.labels?.['controller-revision-hash'] === revision.name).length;
    const fresh = this.context.store.get('apps/statefulsets', namespace, name)!;
    writeStatus(this.context, this.statefulSets, fresh, status => {
      status.observedGeneration = fresh.metadata.generation;
      status.replicas = current.length;
      status.readyReplicas = current.filter(podIsReady).length;
      status.availableReplicas = current.filter(pod => podIsAvailable(pod, fresh.spec?.minReadySeconds ?? 0, now)).length;
      status.updatedReplicas = updated;
      status.currentReplicas = updated === current.length ? current.length : current.length - updated;
      status.updateRevision = revision.name;
      status.currentRevision = updated === current.length ? revision.name : status.currentRevision ?? revision.name;
      status.collisionCount = 0;
    });
  }
}

function ordinalOf(pod: KubeObject): number {
  const match = /-(\d+)$/.exec(pod.metadata.name ?? '');
  return match ? Number(match[1]) : -1;
}

function podFor(sts: StoredObject, ordinal: number, hash: string): KubeObject {
  const template = sts.spec?.template ?? {};
  const name = `${sts.metadata.name}-${ordinal}`;
  const spec = JSON.parse(JSON.stringify(template.spec ?? {}));
  spec.hostname = name;
  if (sts.spec?.serviceName) spec.subdomain = sts.spec.serviceName;
  spec.volumes = [
    ...(spec.volumes ?? []),
    ...((sts.spec?.volumeClaimTemplates ?? []) as KubeObject[]).map(claim => ({
      name: claim.metadata.name,
      persistentVolumeClaim: { claimName: `${claim.metadata.name}-${sts.metadata.name}-${ordinal}` },
    })),
  ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: sts.metadata.namespace,
      labels: {
        ...(template.metadata?.labels ?? {}),
        'controller-revision-hash': `${sts.metadata.name}-${hash}`,
        'statefulset.kubernetes.io/pod-name': name,
        'apps.kubernetes.io/pod-index': String(ordinal),
      },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [ownerReference(sts)],
    },
    spec,
  };
}
