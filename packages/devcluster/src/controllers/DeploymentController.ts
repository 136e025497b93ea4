import { deepEqual } from '../api/deepEqual';
import { canonicalJson, safeHash } from '../api/names';
import type { KubeObject, StoredObject } from '../api/types';
import { clone } from '../patch/mergePatch';
import type { Condition } from '../resources/common';
import type { ResourceDefinition } from '../resources/types';
import { splitKey, type Controller, type ControllerContext } from './ControllerManager';
import { isPodActive, ownedObjects, ownerReference, resolveIntOrPercent, setCondition, writeObject, writeStatus } from './helpers';
import { ownerKeys } from './ReplicaSetController';

/**
 * Deployment controller (k8s.io/kubernetes/pkg/controller/deployment): one ReplicaSet per pod template
 * (`<name>-<pod-template-hash>`), rolling updates bounded by maxSurge/maxUnavailable, Recreate, rollbacks that
 * re-use the old ReplicaSet with a new revision, `deployment.kubernetes.io/revision` annotations, history
 * clean-up by revisionHistoryLimit, and the status and conditions `kubectl rollout status` reads
 * (Progressing/Available, ProgressDeadlineExceeded).
 */

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
const HASH_LABEL = 'pod-template-hash';
const METADATA_LABELS = new Set(['labels']);
const HASH_LABEL_SET = new Set([HASH_LABEL]);

export class DeploymentController implements Controller {
  readonly name = 'deployment';
  private readonly deployments: ResourceDefinition;
  private readonly replicaSets: ResourceDefinition;
  /** Last time each deployment made rollout progress, for ProgressDeadlineExceeded. */
  private readonly lastProgress = new Map<string, { at: number; signature: string }>();

  constructor(private readonly context: ControllerContext) {
    this.deployments = context.registry.get('apps/deployments');
    this.replicaSets = context.registry.get('apps/replicasets');
  }

  watches() {
    return [
      { collection: 'apps/deployments' },
      { collection: 'apps/replicasets', keys: (event: import('../store/ObjectStore').StoreEvent) => ownerKeys(event, 'Deployment') },
    ];
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    let deployment = this.context.store.get('apps/deployments', namespace, name);
    if (!deployment || deployment.metadata.deletionTimestamp) {
      this.lastProgress.delete(key);
      return;
    }
    let replicaSets = ownedObjects(this.context, deployment, 'apps/replicasets');
    let newRs = replicaSets.find(rs => templatesEqual(rs.spec?.template, deployment!.spec?.template));
    const paused = Boolean(deployment.spec?.paused);
    if (!paused) {
      newRs = this.ensureNewReplicaSet(deployment, replicaSets, newRs);
      replicaSets = ownedObjects(this.context, deployment, 'apps/replicasets');
      newRs = replicaSets.find(rs => rs.metadata.uid === newRs!.metadata.uid)!;
      const oldRss = replicaSets.filter(rs => rs.metadata.uid !== newRs!.metadata.uid);
      if (deployment.spec?.strategy?.type === 'Recreate') this.recreate(deployment, newRs, oldRss);
      else this.rollingUpdate(deployment, newRs, oldRss);
      this.cleanup(deployment);
    } else if (newRs && (newRs.spec?.replicas ?? 0) !== deployment.spec?.replicas && replicaSets.length === 1) {
      this.scale(deployment, newRs, deployment.spec?.replicas ?? 0);
    }
    deployment = this.context.store.get('apps/deployments', namespace, name)!;
    replicaSets = ownedObjects(this.context, deployment, 'apps/replicasets');
    newRs = replicaSets.find(rs => templatesEqual(rs.spec?.template, deployment!.spec?.template));
    this.syncRevisionAnnotation(deployment, newRs);
    this.syncStatus(key, this.context.store.get('apps/deployments', namespace, name)!, replicaSets, newRs);
  }

  private ensureNewReplicaSet(deployment: StoredObject, replicaSets: StoredObject[], existing: StoredObject | undefined): StoredObject {
    const maxRevision = Math.max(0, ...replicaSets.map(revisionOf));
    if (existing) {
      const revision = revisionOf(existing);
      if (revision < maxRevision) {
        return writeObject(this.context, this.replicaSets, existing, copy => {
          const history = copy.metadata.annotations?.[REVISION_HISTORY_ANNOTATION];
          copy.metadata.annotations = {
            ...copy.metadata.annotations,
            [REVISION_ANNOTATION]: String(maxRevision + 1),
            [REVISION_HISTORY_ANNOTATION]: history ? `${history},${revision}` : String(revision),
          };
        });
      }
      return existing;
    }
    const template = clone(deployment.spec.template) as KubeObject['spec'];
    const hash = safeHash(template);
    const selector = clone(deployment.spec.selector ?? {});
    selector.matchLabels = { ...selector.matchLabels, [HASH_LABEL]: hash };
    template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [HASH_LABEL]: hash } };
    const replicas = deployment.spec?.replicas ?? 1;
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${deployment.metadata.name}-${hash}`,
        namespace: deployment.metadata.namespace,
        labels: { ...template.metadata.labels },
        annotations: {
          [DESIRED_REPLICAS_ANNOTATION]: String(replicas),
          [MAX_REPLICAS_ANNOTATION]: String(replicas + this.maxSurge(deployment)),
          [REVISION_ANNOTATION]: String(maxRevision + 1),
        },
        ownerReferences: [ownerReference(deployment)],
      },
      spec: {
        replicas: 0,
        minReadySeconds: deployment.spec?.minReadySeconds ?? 0,
        selector,
        template,
      },
    };
    const created = this.context.api.create(this.replicaSets, deployment.metadata.namespace, rs);
    const now = this.context.clock.now();
    writeStatus(this.context, this.deployments, deployment, status => {
      status.conditions = setCondition(
        status.conditions,
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${created.metadata.name}"` },
        now,
        { lastUpdateTime: true },
      );
    });
    return created;
  }

  private rollingUpdate(deployment: StoredObject, newRs: StoredObject, oldRss: StoredObject[]): void {
    const replicas = deployment.spec?.replicas ?? 1;
    const maxSurge = this.maxSurge(deployment);
    const maxUnavailable = this.maxUnavailable(deployment);
    const newReplicas = newRs.spec?.replicas ?? 0;
    // Scale the new ReplicaSet up, within replicas + maxSurge.
    if (newReplicas > replicas) {
      this.scale(deployment, newRs, replicas);
    } else if (newReplicas < replicas) {
      const total = [newRs, ...oldRss].reduce((sum, rs) => sum + (rs.spec?.replicas ?? 0), 0);
      const room = replicas + maxSurge - total;
      if (room > 0) this.scale(deployment, newRs, newReplicas + Math.min(room, replicas - newReplicas));
    }
    // Scale old ReplicaSets down, keeping replicas - maxUnavailable available.
    const fresh = (rs: StoredObject) => this.context.store.get('apps/replicasets', rs.metadata.namespace ?? '', rs.metadata.name) ?? rs;
    const currentNew = fresh(newRs);
    const olds = oldRss.map(fresh).filter(rs => (rs.spec?.replicas ?? 0) > 0).sort(byRevision);
    if (olds.length === 0) return;
    const all = [currentNew, ...olds];
    const allPods = all.reduce((sum, rs) => sum + (rs.spec?.replicas ?? 0), 0);
    const minAvailable = replicas - maxUnavailable;
    const newUnavailable = (currentNew.spec?.replicas ?? 0) - (currentNew.status?.availableReplicas ?? 0);
    let maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return;
    // First remove unhealthy old replicas: they do not count towards availability anyway.
    for (const rs of olds) {
      if (maxScaledDown <= 0) break;
      const current = fresh(rs);
      const unhealthy = (current.spec?.replicas ?? 0) - (current.status?.availableReplicas ?? 0);
      if (unhealthy <= 0) continue;
      const down = Math.min(unhealthy, maxScaledDown);
      this.scale(deployment, current, (current.spec?.replicas ?? 0) - down);
      maxScaledDown -= down;
    }
    const available = [currentNew, ...olds].map(fresh).reduce((sum, rs) => sum + (rs.status?.availableReplicas ?? 0), 0);
    let canScaleDown = available - minAvailable;
    for (const rs of olds) {
      if (canScaleDown <= 0) break;
      const current = fresh(rs);
      const down = Math.min(current.spec?.replicas ?? 0, canScaleDown);
      if (down <= 0) continue;
      this.scale(deployment, current, (current.spec?.replicas ?? 0) - down);
      canScaleDown -= down;
    }
  }

  private recreate(deployment: StoredObject, newRs: StoredObject, oldRss: StoredObject[]): void {
    let oldRunning = false;
    for (const rs of oldRss) {
      if ((rs.spec?.replicas ?? 0) > 0) this.scale(deployment, rs, 0);
      if (ownedObjects(this.context, rs, '/pods').some(pod => isPodActive(pod) || pod.metadata.deletionTimestamp)) oldRunning = true;
    }
    if (!oldRunning) this.scale(deployment, newRs, deployment.spec?.replicas ?? 1);
  }

  private scale(deployment: StoredObject, rs: StoredObject, replicas: number): void {
    const from = rs.spec?.replicas ?? 0;
    if (from === replicas) return;
    const desired = deployment.spec?.replicas ?? 1;
    writeObject(this.context, this.replicaSets, rs, copy => {
      copy.spec.replicas = replicas;
      copy.metadata.annotations = {
        ...copy.metadata.annotations,
        [DESIRED_REPLICAS_ANNOTATION]: String(desired),
        [MAX_REPLICAS_ANNOTATION]: String(desired + this.maxSurge(deployment)),
      };
    });
    this.context.events.record(
      deployment,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${replicas > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${replicas}`,
      { component: 'deployment-controller' },
    );
  }

  private cleanup(deployment: StoredObject): void {
    const limit = deployment.spec?.revisionHistoryLimit ?? 10;
    const replicaSets = ownedObjects(this.context, deployment, 'apps/replicasets');
    const current = replicaSets.find(rs => templatesEqual(rs.spec?.template, deployment.spec?.template));
    const idle = replicaSets
      .filter(rs => rs !== current && (rs.spec?.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0)
      .sort(byRevision);
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) {
      this.context.api.delete(this.replicaSets, rs.metadata.namespace, rs.metadata.name);
    }
  }

  private syncRevisionAnnotation(deployment: StoredObject, newRs: StoredObject | undefined): void {
    if (!newRs) return;
    const revision = newRs.metadata.annotations?.[REVISION_ANNOTATION];
    if (revision && deployment.metadata.annotations?.[REVISION_ANNOTATION] !== revision) {
      writeObject(this.context, this.deployments, deployment, copy => {
        copy.metadata.annotations = { ...copy.metadata.annotations, [REVISION_ANNOTATION]: revision };
      });
    }
  }

  private syncStatus(key: string, deployment: StoredObject, replicaSets: StoredObject[], newRs: StoredObject | undefined): void {
    const now = this.context.clock.now();
    const replicas = deployment.spec?.replicas ?? 1;
    const sum = (field: string) => replicaSets.reduce((total, rs) => total + (rs.status?.[field] ?? 0), 0);
    const totalReplicas = sum('replicas');
    const ready = sum('readyReplicas');
    const available = sum('availableReplicas');
    const updated = newRs?.status?.replicas ?? 0;
    const oldReplicas = replicaSets.filter(rs => rs !== newRs).reduce((total, rs) => total + (rs.status?.replicas ?? 0), 0);
    const complete = updated === replicas && available === replicas && totalReplicas === replicas && oldReplicas === 0 && (newRs?.status?.availableReplicas ?? 0) === replicas;
    const signature = canonicalJson({ totalReplicas, ready, available, updated, rs: newRs?.metadata.name, generation: deployment.metadata.generation });
    const progress = this.lastProgress.get(key);
    if (!progress || progress.signature !== signature) this.lastProgress.set(key, { at: now, signature });
    const lastProgressAt = this.lastProgress.get(key)!.at;
    const deadlineMs = (deployment.spec?.progressDeadlineSeconds ?? 600) * 1000;
    const minAvailable = replicas - this.maxUnavailable(deployment);
    const rsName = newRs?.metadata.name ?? deployment.metadata.name;

    writeStatus(this.context, this.deployments, deployment, status => {
      status.observedGeneration = deployment.metadata.generation;
      status.replicas = totalReplicas;
      status.updatedReplicas = updated;
      status.readyReplicas = ready;
      status.availableReplicas = available;
      status.unavailableReplicas = Math.max(0, replicas - available);
      for (const field of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']) {
        if (!status[field]) delete status[field];
      }
      let conditions: Condition[] = status.conditions ?? [];
      conditions = setCondition(
        conditions,
        available >= minAvailable
          ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
          : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
        now,
        { lastUpdateTime: true },
      );
      if (complete) {
        conditions = setCondition(
          conditions,
          { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.` },
          now,
          { lastUpdateTime: true },
        );
      } else if (now - lastProgressAt > deadlineMs) {
        conditions = setCondition(
          conditions,
          { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rsName}" has timed out progressing.` },
          now,
          { lastUpdateTime: true },
        );
      } else {
        conditions = setCondition(
          conditions,
          { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName}" is progressing.` },
          now,
          { lastUpdateTime: true },
        );
      }
      status.conditions = orderConditions(conditions);
    });
    const deadline = lastProgressAt + deadlineMs + 1;
    if (!complete && deadline > now) this.context.requeueAfter(this, key, deadline - now);
  }

  private maxSurge(deployment: KubeObject): number {
    if (deployment.spec?.strategy?.type === 'Recreate') return 0;
    const replicas = deployment.spec?.replicas ?? 1;
    const rolling = deployment.spec?.strategy?.rollingUpdate ?? {};
    const surge = resolveIntOrPercent(rolling.maxSurge, replicas, true, Math.ceil(replicas * 0.25));
    const unavailable = resolveIntOrPercent(rolling.maxUnavailable, replicas, false, Math.floor(replicas * 0.25));
    return surge === 0 && unavailable === 0 ? 0 : surge;
  }

  private maxUnavailable(deployment: KubeObject): number {
    const replicas = deployment.spec?.replicas ?? 1;
    if (deployment.spec?.strategy?.type === 'Recreate') return replicas;
    const rolling = deployment.spec?.strategy?.rollingUpdate ?? {};
    const surge = resolveIntOrPercent(rolling.maxSurge, replicas, true, Math.ceil(replicas * 0.25));
    const unavailable = resolveIntOrPercent(rolling.maxUnavailable, replicas, false, Math.floor(replicas * 0.25));
    if (surge === 0 && unavailable === 0) return 1;
    return Math.min(unavailable, replicas);
  }
}

function revisionOf(rs: KubeObject): number {
  return Number(rs.metadata.annotations?.[REVISION_ANNOTATION] ?? 0) || 0;
}

function byRevision(a: KubeObject, b: KubeObject): number {
  return revisionOf(a) - revisionOf(b) || String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp));
}

/** Pod templates are equal ignoring the pod-template-hash label (k8s EqualIgnoreHash). */
export function templatesEqual(a: KubeObject['spec'], b: KubeObject['spec']): boolean {
  if (!deepEqual(a?.spec, b?.spec)) return false;
  const metadataA = a?.metadata ?? {};
  const metadataB = b?.metadata ?? {};
  if (!deepEqual(metadataA, metadataB, METADATA_LABELS)) return false;
  return deepEqual(metadataA.labels ?? {}, metadataB.labels ?? {}, HASH_LABEL_SET);
}


function orderConditions(conditions: Condition[]): Condition[] {
  const order = ['Available', 'Progressing', 'ReplicaFailure'];
  return [...conditions].sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
}

