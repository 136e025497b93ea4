import { rfc3339 } from '../api/format';
import type { KubeObject, StoredObject } from '../api/types';
import type { ResourceDefinition } from '../resources/types';
import type { PendingGitChange, SimulationChange } from '../simulation/SimulationState';
import type { StoreEvent } from '../store/ObjectStore';
import { objectKey, splitKey, type Controller, type ControllerContext } from './ControllerManager';
import { findCondition } from '../resources/common';
import { writeObject } from './helpers';
import type { GitOpsRepository } from '../gitops/GitOpsRepository';
import { gitSourceState, type SourceState } from '../gitops/gitSource';

/**
 * Argo CD's application controller, Kubernetes side: compares the application with its Git source — the GitOps
 * repository when `spec.source.repoURL` is the embedded one (the overlay's `images` at `targetRevision`, polled every
 * 3 minutes like Argo CD's repo server, at once on a refresh), else a simulated source where a pending Git change
 * makes it OutOfSync; an `operation` (what `argocd app sync`, Headlamp and GSV Ops patch in)
 * runs a sync that applies the change to the managed resources, records `operationState` and a `history` entry and
 * clears `operation`; automated sync policies sync by themselves; health follows the managed workloads
 * (Progressing during a rollout, Degraded when it stalls); the refresh annotation is honoured and removed.
 */

interface ManagedResource {
  group: string;
  version: string;
  kind: string;
  namespace: string;
  name: string;
  status?: string;
  health?: { status: string };
}

const REFRESH_ANNOTATION = 'argocd.argoproj.io/refresh';
/** Argo CD's default `timeout.reconciliation`: how often the repository is compared again without a refresh. */
const REPO_POLL_MS = 180_000;
const COMPONENT = { component: 'argocd-application-controller' };
const COLLECTIONS: Record<string, string> = {
  Deployment: 'apps/deployments',
  StatefulSet: 'apps/statefulsets',
  DaemonSet: 'apps/daemonsets',
  Service: '/services',
  ConfigMap: '/configmaps',
  Ingress: 'networking.k8s.io/ingresses',
  HorizontalPodAutoscaler: 'autoscaling/horizontalpodautoscalers',
  Certificate: 'cert-manager.io/certificates',
  ExternalSecret: 'external-secrets.io/externalsecrets',
  Cluster: 'postgresql.cnpg.io/clusters',
};

export class ApplicationController implements Controller {
  readonly name = 'argocd-application';
  private readonly applications: ResourceDefinition;

  constructor(
    private readonly context: ControllerContext,
    private readonly repository?: GitOpsRepository,
  ) {
    this.applications = context.registry.get('argoproj.io/applications');
  }

  watches() {
    const appsManaging = (event: StoreEvent) =>
      this.context.store
        .list('argoproj.io/applications')
        .filter(app =>
          ((app.status?.resources ?? []) as ManagedResource[]).some(
            resource => resource.name === event.object.metadata.name && resource.namespace === event.object.metadata.namespace && resource.kind === event.object.kind,
          ),
        )
        .map(app => objectKey(app.metadata.namespace, app.metadata.name));
    return [
      { collection: 'argoproj.io/applications' },
      { collection: 'apps/deployments', keys: appsManaging },
      { collection: 'apps/statefulsets', keys: appsManaging },
    ];
  }

  onSimulationChange(change: SimulationChange): string[] {
    return change.kind === 'application' ? [change.key] : [];
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    let app = this.context.store.get('argoproj.io/applications', namespace, name);
    if (!app || app.metadata.deletionTimestamp) return;
    const now = this.context.clock.now();
    if (app.metadata.annotations?.[REFRESH_ANNOTATION]) {
      app = writeObject(this.context, this.applications, app, copy => {
        delete copy.metadata.annotations![REFRESH_ANNOTATION];
        copy.status = { ...copy.status, reconciledAt: rfc3339(now) };
      });
    }
    const operation = app.operation as KubeObject['spec'] | undefined;
    app = this.runOperation(key, app, this.sourceState(key, app, operation?.sync?.revision), now);
    app = this.compare(app, this.sourceState(key, app), now);
    this.assessHealth(app, now);
    if (this.isGitBacked(app)) this.context.requeueAfter(this, key, REPO_POLL_MS);
  }

  private isGitBacked(app: StoredObject): boolean {
    return Boolean(this.repository) && app.spec?.source?.repoURL === this.repository!.url;
  }

  /** What the source wants changed (undefined: nothing) and the revision compared with. */
  private sourceState(key: string, app: StoredObject, revision?: string): SourceState {
    if (this.isGitBacked(app)) return gitSourceState(this.context.store, this.repository!, app, revision);
    const pending = this.context.simulation.pendingGitChanges.get(key);
    return { pending, revision: pending?.revision, simulated: true };
  }

  private runOperation(key: string, app: StoredObject, source: SourceState, now: number): StoredObject {
    const operation = app.operation as KubeObject['spec'] | undefined;
    if (!operation) return app;
    const pending = source.pending;
    const state = app.status?.operationState;
    if (!state || state.phase !== 'Running') {
      const revision = source.simulated ? (operation.sync?.revision ?? pending?.revision ?? app.status?.sync?.revision) : source.revision;
      this.context.events.record(app, 'Normal', 'OperationStarted', `Initiated ${operation.initiatedBy?.automated ? 'automated ' : ''}sync to ${revision}`, COMPONENT);
      this.context.requeueAfter(this, key, this.context.timing.argoSyncMs);
      return writeObject(this.context, this.applications, app, copy => {
        copy.status = {
          ...copy.status,
          operationState: { operation, phase: 'Running', message: 'one or more tasks are running', startedAt: rfc3339(now) },
        };
      });
    }
    const startedAt = Date.parse(state.startedAt);
    if (now < startedAt + this.context.timing.argoSyncMs) {
      this.context.requeueAfter(this, key, startedAt + this.context.timing.argoSyncMs - now);
      return app;
    }
    const dryRun = Boolean(operation.sync?.dryRun);
    const revision: string = source.revision ?? app.status?.sync?.revision ?? 'HEAD';
    const resources = (app.status?.resources ?? []) as ManagedResource[];
    const applied = !dryRun && pending ? this.applyChange(app, pending) : new Set<string>();
    if (!dryRun && pending && source.simulated) this.context.simulation.setPendingGitChange(key, undefined);
    const previousSync = app.status?.sync?.status;
    const updated = writeObject(this.context, this.applications, app, copy => {
      delete copy.operation;
      const history = [...(copy.status?.history ?? [])];
      if (!dryRun) {
        history.push({
          id: Math.max(-1, ...history.map((entry: { id: number }) => entry.id)) + 1,
          revision,
          deployStartedAt: state.startedAt,
          deployedAt: rfc3339(now),
          source: copy.spec?.source,
          initiatedBy: operation.initiatedBy ?? {},
        });
      }
      copy.status = {
        ...copy.status,
        history: history.slice(-(copy.spec?.revisionHistoryLimit ?? 10)),
        operationState: {
          operation,
          phase: 'Succeeded',
          message: 'successfully synced (all tasks run)',
          startedAt: state.startedAt,
          finishedAt: rfc3339(now),
          syncResult: {
            revision,
            source: copy.spec?.source,
            resources: resources.map(resource => ({
              group: resource.group,
              version: resource.version,
              kind: resource.kind,
              namespace: resource.namespace,
              name: resource.name,
              status: 'Synced',
              message: `${resource.kind.toLowerCase()}${resource.group ? `.${resource.group}` : ''}/${resource.name} ${applied.has(resourceId(resource)) ? 'configured' : 'unchanged'}${dryRun ? ' (dry run)' : ''}`,
              hookPhase: 'Running',
              syncPhase: 'Sync',
            })),
          },
        },
        ...(dryRun
          ? {}
          : {
              sync: { ...copy.status?.sync, status: 'Synced', revision, comparedTo: { source: copy.spec?.source, destination: copy.spec?.destination } },
              resources: resources.map(resource => ({ ...resource, status: 'Synced' })),
            }),
      };
    });
    this.context.events.record(app, 'Normal', 'OperationCompleted', `Sync operation to ${revision} succeeded`, COMPONENT);
    if (!dryRun && previousSync !== 'Synced') {
      this.context.events.record(app, 'Normal', 'ResourceUpdated', `Updated sync status: ${previousSync ?? 'Unknown'} -> Synced`, COMPONENT);
    }
    return updated;
  }

  /** Applies a Git change to the managed resources; returns the ids of the resources changed. */
  private applyChange(app: StoredObject, change: PendingGitChange): Set<string> {
    const changed = new Set<string>();
    const resources = (app.status?.resources ?? []) as ManagedResource[];
    if (change.image) {
      const deployment = resources.find(resource => resource.kind === 'Deployment');
      const object = deployment && this.context.store.get('apps/deployments', deployment.namespace, deployment.name);
      if (object) {
        writeObject(this.context, this.context.registry.get('apps/deployments'), object, copy => {
          copy.spec.template.spec.containers[0].image = change.image;
        });
        changed.add(resourceId(deployment!));
      }
    }
    for (const patch of change.patches ?? []) {
      const definition = this.context.registry.resolve(patch.resource);
      this.context.api.patch(definition, patch.namespace, patch.name, 'merge', patch.patch);
      const resource = resources.find(candidate => candidate.name === patch.name && candidate.namespace === patch.namespace);
      if (resource) changed.add(resourceId(resource));
    }
    return changed;
  }

  /** Sync status against the Git source; automated policies start a sync by themselves. */
  private compare(initial: StoredObject, source: SourceState, now: number): StoredObject {
    let app = initial;
    if (app.status?.operationState?.phase === 'Running') return app;
    const pending = source.pending;
    const wanted = pending ? 'OutOfSync' : 'Synced';
    const current = app.status?.sync?.status;
    const revision = source.revision ?? app.status?.sync?.revision;
    const drifted = this.driftedResources(app, pending);
    if (current !== wanted || app.status?.sync?.revision !== revision) {
      app = writeObject(this.context, this.applications, app, copy => {
        copy.status = {
          ...copy.status,
          reconciledAt: rfc3339(now),
          sync: { ...copy.status?.sync, status: wanted, revision },
          resources: ((copy.status?.resources ?? []) as ManagedResource[]).map(resource => ({
            ...resource,
            status: drifted.has(resourceId(resource)) ? 'OutOfSync' : 'Synced',
          })),
        };
      });
      if (current !== wanted) {
        this.context.events.record(app, 'Normal', 'ResourceUpdated', `Updated sync status: ${current ?? 'Unknown'} -> ${wanted}`, COMPONENT);
      }
    }
    const automated = app.spec?.syncPolicy?.automated;
    if (pending && automated && !app.operation) {
      app = writeObject(this.context, this.applications, app, copy => {
        copy.operation = {
          initiatedBy: { automated: true },
          sync: { revision: pending.revision, prune: Boolean(automated.prune) },
          retry: { limit: 5 },
        };
      });
    }
    return app;
  }

  private driftedResources(app: StoredObject, pending: PendingGitChange | undefined): Set<string> {
    const drifted = new Set<string>();
    if (!pending) return drifted;
    const resources = (app.status?.resources ?? []) as ManagedResource[];
    if (pending.image) {
      const deployment = resources.find(resource => resource.kind === 'Deployment');
      if (deployment) drifted.add(resourceId(deployment));
    }
    for (const patch of pending.patches ?? []) {
      const resource = resources.find(candidate => candidate.name === patch.name && candidate.namespace === patch.namespace);
      if (resource) drifted.add(resourceId(resource));
    }
    return drifted;
  }

  private assessHealth(app: StoredObject, now: number): void {
    const order = ['Healthy', 'Suspended', 'Progressing', 'Missing', 'Degraded', 'Unknown'];
    let worst = 'Healthy';
    let message: string | undefined;
    for (const resource of (app.status?.resources ?? []) as ManagedResource[]) {
      const health = this.resourceHealth(resource);
      if (order.indexOf(health.status) > order.indexOf(worst)) {
        worst = health.status;
        message = health.message;
      }
    }
    const previous = app.status?.health?.status;
    if (previous === worst && (app.status?.health?.message ?? undefined) === message) return;
    writeObject(this.context, this.applications, app, copy => {
      copy.status = {
        ...copy.status,
        health: { status: worst, ...(message ? { message } : {}), lastTransitionTime: previous === worst ? copy.status?.health?.lastTransitionTime : rfc3339(now) },
      };
    });
    if (previous !== worst) {
      this.context.events.record(app, 'Normal', 'ResourceUpdated', `Updated health status: ${previous ?? 'Unknown'} -> ${worst}`, COMPONENT);
    }
  }

  private resourceHealth(resource: ManagedResource): { status: string; message?: string } {
    const collection = COLLECTIONS[resource.kind];
    if (!collection) return { status: 'Healthy' };
    const object = this.context.store.get(collection, resource.namespace, resource.name);
    if (!object) return { status: 'Missing' };
    if (resource.kind === 'Deployment' || resource.kind === 'StatefulSet') {
      const status = object.status ?? {};
      const replicas = object.spec?.replicas ?? 1;
      if (findCondition(object, 'Progressing')?.reason === 'ProgressDeadlineExceeded') {
        return { status: 'Degraded', message: `Deployment "${resource.name}" exceeded its progress deadline` };
      }
      if ((status.observedGeneration ?? 0) < (object.metadata.generation ?? 0)) {
        return { status: 'Progressing', message: 'Waiting for rollout to finish: observed deployment generation less than desired generation' };
      }
      if ((status.updatedReplicas ?? 0) < replicas) {
        return { status: 'Progressing', message: `Waiting for rollout to finish: ${status.updatedReplicas ?? 0} out of ${replicas} new replicas have been updated...` };
      }
      if ((status.replicas ?? 0) > (status.updatedReplicas ?? 0)) {
        return { status: 'Progressing', message: `Waiting for rollout to finish: ${(status.replicas ?? 0) - (status.updatedReplicas ?? 0)} old replicas are pending termination...` };
      }
      if ((status.availableReplicas ?? 0) < (status.updatedReplicas ?? 0)) {
        return { status: 'Progressing', message: `Waiting for rollout to finish: ${status.availableReplicas ?? 0} of ${status.updatedReplicas} updated replicas are available...` };
      }
    }
    return { status: 'Healthy' };
  }
}

function resourceId(resource: ManagedResource): string {
  return `${resource.group}/${resource.kind}/${resource.namespace}/${resource.name}`;
}
