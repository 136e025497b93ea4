import { ConflictError } from '@backstage/errors';
import type { KubeObject } from '../../services/ClusterRegistry/types';
import { collectionPathOf, RESOURCES } from '../kube/resources';
import { waitFor, WaitFailedError, WaitTimeoutError } from '../kube/waitFor';
import { OPERATION_ID_ANNOTATION, type Change, type Runbook, type RunbookContext, type StepHandle } from './types';

/** The `info` entry by which we recognise our own sync in `status.operationState.operation`. */
export const OPERATION_INFO_NAME = 'gsv-ops-operation';

function operationOf(app: KubeObject): any {
  return (app as { operation?: unknown }).operation;
}

/** Is this operation state the one we started? Argo CD copies `operation` (with its info) into operationState. */
function isOurs(app: KubeObject, operationId: string, requestedAt: number): boolean {
  const state = app.status?.operationState;
  if (!state) return false;
  const info: Array<{ name: string; value: string }> = state.operation?.info ?? [];
  if (info.some(i => i.name === OPERATION_INFO_NAME)) {
    return info.some(i => i.name === OPERATION_INFO_NAME && i.value === operationId);
  }
  const started = Date.parse(state.startedAt ?? '');
  // Without the info (an older controller drops it), a sync started after our request is ours.
  return Number.isFinite(started) && started >= requestedAt - 1000;
}

function failedResources(app: KubeObject): string[] {
  return ((app.status?.operationState?.syncResult?.resources ?? []) as any[])
    .filter(r => r.status === 'SyncFailed')
    .slice(0, 5)
    .map(r => `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}: ${r.message ?? 'sync failed'}`);
}

/**
 * Ops guide 4.1, the Kubernetes-native way Argo CD documents (user-guide/sync-kubectl): merge-patch the Application's
 * top-level `operation` field; the application controller runs the sync and reports in `status.operationState`.
 * Then wait for the sync to succeed and the application to be Synced and Healthy.
 */
export const applicationSync: Runbook<'application-sync'> = {
  id: 'application-sync',
  target: p => ({ kind: 'Application', namespace: p.namespace, name: p.application, targetKind: 'application' }),

  async preflight({ params, kube }) {
    const app = await kube.get(RESOURCES.application, params.namespace, params.application);
    const running = app.status?.operationState?.phase === 'Running' || app.status?.operationState?.phase === 'Terminating';
    if (operationOf(app) || running) {
      throw new ConflictError(
        `Argo CD is already running an operation on application ${params.namespace}/${params.application}${app.status?.operationState?.startedAt ? ` (started ${app.status.operationState.startedAt})` : ''}; wait for it to finish`,
      );
    }
    return {
      notes: [
        `sync ${app.status?.sync?.status ?? 'Unknown'}, health ${app.status?.health?.status ?? 'Unknown'}, target revision ${params.revision ?? app.spec?.source?.targetRevision ?? 'HEAD'}`,
      ],
    };
  },

  async run(ctx) {
    const { namespace, application: name, prune, revision, timeoutSeconds } = ctx.params;
    const where = `${namespace}/${name}`;
    const app = await ctx.step('read', `Reading application ${where}`, async step => {
      const a = await ctx.kube.get(RESOURCES.application, namespace, name);
      step.progress(
        `Application ${where}: ${a.status?.sync?.status ?? 'Unknown'}/${a.status?.health?.status ?? 'Unknown'} at ${a.status?.sync?.revision?.slice(0, 12) ?? '?'}; target ${revision ?? a.spec?.source?.targetRevision ?? 'HEAD'}`,
      );
      return a;
    });
    const change = syncRequest(ctx, app, { revision, prune, reason: 'GSV Ops runbook application-sync' });
    await ctx.plan([change]);
    if (ctx.dryRun) {
      return {
        summary: `Dry run: would sync Argo CD application ${where}${revision ? ` to ${revision}` : ''}${prune ? ' (with prune)' : ''} and wait for Synced/Healthy`,
        result: { syncStatus: app.status?.sync?.status, healthStatus: app.status?.health?.status },
      };
    }
    const requestedAt = ctx.now();
    await ctx.apply([change]);
    const synced = await ctx.step('wait', `Waiting for application ${where} to be Synced and Healthy`, step =>
      waitForSyncedHealthy(ctx, step, { namespace, name, requestedAt, timeoutSeconds }),
    );
    const state = synced.status?.operationState ?? {};
    return {
      summary: `Synced Argo CD application ${where} to ${String(state.syncResult?.revision ?? synced.status?.sync?.revision ?? '?').slice(0, 12)}: Synced and Healthy`,
      result: {
        revision: state.syncResult?.revision ?? synced.status?.sync?.revision,
        syncStatus: synced.status?.sync?.status,
        healthStatus: synced.status?.health?.status,
        startedAt: state.startedAt,
        finishedAt: state.finishedAt,
        resources: ((state.syncResult?.resources ?? []) as any[]).length,
      },
    };
  },
};

/** The merge patch of an Application's `operation` field that asks Argo CD for a sync (and a refresh first). */
export function syncRequest(
  ctx: RunbookContext<unknown>,
  app: KubeObject,
  options: { revision?: string; prune: boolean; reason: string },
): Change {
  const { revision, prune } = options;
  return {
    type: RESOURCES.application,
    namespace: app.metadata.namespace!,
    name: app.metadata.name,
    verb: 'patch' as const,
    contentType: 'application/merge-patch+json',
    body: {
      metadata: { annotations: { [OPERATION_ID_ANNOTATION]: ctx.operationId } },
      operation: {
        initiatedBy: { username: ctx.initiatedBy },
        info: [
          { name: OPERATION_INFO_NAME, value: ctx.operationId },
          { name: 'reason', value: options.reason },
        ],
        sync: {
          ...(revision ? { revision } : {}),
          prune,
          syncStrategy: { hook: {} },
        },
      },
    },
    before: app,
    what: `request a sync${revision ? ` to ${revision}` : ''}${prune ? ' with prune' : ''} through the operation field`,
  };
}

/** Until our sync succeeded and the application is Synced and Healthy (at `revision` when given). */
export async function waitForSyncedHealthy(
  ctx: RunbookContext<unknown>,
  step: StepHandle,
  options: { namespace: string; name: string; requestedAt: number; timeoutSeconds: number; revision?: string },
): Promise<KubeObject> {
  const { namespace, name, requestedAt, timeoutSeconds, revision } = options;
  const where = `${namespace}/${name}`;
  let last: KubeObject | undefined;
  try {
    return await waitFor({
      client: ctx.cluster.client,
      sources: { app: { path: collectionPathOf(RESOURCES.application, namespace), fieldSelector: `metadata.name=${name}` } },
      timeoutMs: timeoutSeconds * 1000,
      signal: ctx.signal,
      onProgress: m => step.progress(`Application ${where}: ${m}`),
      evaluate: state => {
        const a = state.app.get(name);
        if (!a) return { done: false, failed: `application ${where} was deleted` };
        last = a;
        const op = a.status?.operationState;
        const sync = a.status?.sync?.status ?? 'Unknown';
        const health = a.status?.health?.status ?? 'Unknown';
        if (!isOurs(a, ctx.operationId, requestedAt)) {
          return { done: false, progress: operationOf(a) ? 'sync requested, waiting for the controller' : `${sync}/${health}` };
        }
        if (op.phase === 'Failed' || op.phase === 'Error') {
          const resources = failedResources(a);
          return {
            done: false,
            failed: `sync of ${where} ${op.phase === 'Error' ? 'errored' : 'failed'}: ${op.message ?? 'no message'}${resources.length ? `; ${resources.join('; ')}` : ''}`,
          };
        }
        const atRevision = !revision || a.status?.sync?.revision === revision;
        if (op.phase === 'Succeeded' && sync === 'Synced' && health === 'Healthy' && atRevision) return { done: true, value: a };
        return { done: false, progress: `operation ${op.phase ?? 'pending'}, ${sync}/${health}${a.status?.health?.message ? ` (${a.status.health.message})` : ''}` };
      },
    });
  } catch (e) {
    if (e instanceof WaitTimeoutError) {
      const health = last?.status?.health;
      throw new WaitFailedError(
        `application ${where} ${e.message}${health?.status === 'Degraded' ? `; it is Degraded${health.message ? `: ${health.message}` : ''}` : ''}; look at the application in Argo CD, fix the failing resources (or roll back the commit), then sync again`,
      );
    }
    if (e instanceof WaitFailedError) {
      throw new WaitFailedError(`${e.message}; fix the manifests in Git (or the failing hook), then sync again`);
    }
    throw e;
  }
}
