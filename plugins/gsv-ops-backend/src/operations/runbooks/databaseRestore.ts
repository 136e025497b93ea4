import { ConflictError, InputError } from '@backstage/errors';
import type { KubeObject } from '../../services/ClusterRegistry/types';
import { apiVersionOf, collectionPathOf, RESOURCES } from '../kube/resources';
import { waitFor, WaitFailedError, WaitTimeoutError } from '../kube/waitFor';
import { barmanPlugin, BARMAN_CLOUD_PLUGIN, conditionOf, HEALTHY_PHASE, HOPELESS_PHASES } from './cnpg';
import { KubeReader, OPERATION_ID_ANNOTATION, Runbook } from './types';

export const RESTORED_FROM_ANNOTATION = 'gsv.io/restored-from';
export const RESTORE_TARGET_TIME_ANNOTATION = 'gsv.io/restore-target-time';

interface RecoveryWindow {
  first: number;
  last: number;
  /** Where the window comes from, for the messages. */
  source: string;
  lastSuccessfulBackupTime?: string;
}

interface RestorePlan {
  source: KubeObject;
  window: RecoveryWindow;
  externalCluster: Record<string, unknown>;
}

/**
 * The recoverability window of the source: the Barman Cloud plugin's ObjectStore `status.serverRecoveryWindow[server]`
 * (what `kubectl cnpg status` reads), or the deprecated in-tree `status.firstRecoverabilityPoint`. The end is now
 * while WAL archiving works, else the last successful backup.
 */
async function planRestore(
  kube: KubeReader,
  params: { namespace: string; sourceCluster: string; newClusterName: string; targetTime: string },
  now: number,
): Promise<RestorePlan> {
  const where = `${params.namespace}/${params.sourceCluster}`;
  if (params.newClusterName === params.sourceCluster) {
    throw new InputError('The new cluster needs its own name: a restore never overwrites the source cluster');
  }
  const source = await kube.get(RESOURCES.cnpgCluster, params.namespace, params.sourceCluster);
  const existing = await kube.tryGet(RESOURCES.cnpgCluster, params.namespace, params.newClusterName);
  if (existing) {
    throw new ConflictError(
      `Cluster ${params.namespace}/${params.newClusterName} already exists; choose another name (a restore never overwrites a cluster)`,
    );
  }
  const archiving = conditionOf(source, 'ContinuousArchiving');
  const archivingWorks = archiving?.status === 'True';
  const plugin = barmanPlugin(source);
  let window: RecoveryWindow;
  let externalCluster: Record<string, unknown>;
  if (plugin?.objectStore) {
    const store = await kube.tryGet(RESOURCES.objectStore, params.namespace, plugin.objectStore);
    if (!store) {
      throw new InputError(`ObjectStore ${params.namespace}/${plugin.objectStore} of cluster ${where} does not exist: there is nothing to restore from`);
    }
    const recovery = store.status?.serverRecoveryWindow?.[plugin.serverName];
    const first = Date.parse(recovery?.firstRecoverabilityPoint ?? '');
    if (!Number.isFinite(first)) {
      throw new InputError(
        `ObjectStore ${params.namespace}/${plugin.objectStore} has no recoverability point for ${plugin.serverName} yet (no successful backup): take a backup first`,
      );
    }
    const lastBackup = Date.parse(recovery?.lastSuccessfulBackupTime ?? '');
    window = {
      first,
      last: windowEnd(archivingWorks, now, lastBackup, first),
      source: `ObjectStore ${plugin.objectStore}`,
      lastSuccessfulBackupTime: recovery?.lastSuccessfulBackupTime,
    };
    externalCluster = {
      name: params.sourceCluster,
      plugin: {
        name: BARMAN_CLOUD_PLUGIN,
        parameters: { barmanObjectName: plugin.objectStore, serverName: plugin.serverName },
      },
    };
  } else if (source.spec?.backup?.barmanObjectStore) {
    const first = Date.parse(source.status?.firstRecoverabilityPoint ?? '');
    if (!Number.isFinite(first)) {
      throw new InputError(`Cluster ${where} has no first recoverability point yet (no successful backup): take a backup first`);
    }
    const lastBackup = Date.parse(source.status?.lastSuccessfulBackup ?? '');
    window = { first, last: windowEnd(archivingWorks, now, lastBackup, first), source: 'the cluster status (in-tree barmanObjectStore)' };
    externalCluster = { name: params.sourceCluster, barmanObjectStore: source.spec.backup.barmanObjectStore };
  } else {
    throw new InputError(`Cluster ${where} has no backups configured (no Barman Cloud plugin, no barmanObjectStore): there is nothing to restore from`);
  }
  const target = Date.parse(params.targetTime);
  if (target < window.first || target > window.last) {
    const last = new Date(window.last).toISOString();
    throw new InputError(
      `Target time ${new Date(target).toISOString()} is outside the recoverability window of ${where} (${new Date(window.first).toISOString()} – ${
        window.last === now ? 'now' : `${last}, the last successful backup: WAL archiving is not working`
      }, from ${window.source}); choose a time inside it`,
    );
  }
  return { source, window, externalCluster };
}

/** Now while WAL archiving works; else the last successful backup (or the first point when that is unknown). */
function windowEnd(archivingWorks: boolean, now: number, lastBackup: number, first: number): number {
  if (archivingWorks) return now;
  return Number.isFinite(lastBackup) ? lastBackup : first;
}

/** The new Cluster: same image and storage as the source, bootstrapped by recovery to the target time, no archiving. */
export function restoredCluster(
  plan: RestorePlan,
  params: { namespace: string; sourceCluster: string; newClusterName: string; targetTime: string; instances: number },
  operationId: string,
): KubeObject {
  const labels = Object.fromEntries(
    Object.entries(plan.source.metadata.labels ?? {}).filter(([k]) => !k.startsWith('cnpg.io/')),
  );
  const spec = plan.source.spec ?? {};
  return {
    apiVersion: apiVersionOf(RESOURCES.cnpgCluster),
    kind: 'Cluster',
    metadata: {
      name: params.newClusterName,
      namespace: params.namespace,
      labels,
      annotations: {
        [OPERATION_ID_ANNOTATION]: operationId,
        [RESTORED_FROM_ANNOTATION]: params.sourceCluster,
        [RESTORE_TARGET_TIME_ANNOTATION]: new Date(Date.parse(params.targetTime)).toISOString(),
      },
    },
    spec: {
      instances: params.instances,
      ...(spec.imageName ? { imageName: spec.imageName } : {}),
      ...(spec.imageCatalogRef ? { imageCatalogRef: spec.imageCatalogRef } : {}),
      ...(spec.postgresql ? { postgresql: spec.postgresql } : {}),
      storage: spec.storage ?? { size: '1Gi' },
      ...(spec.walStorage ? { walStorage: spec.walStorage } : {}),
      bootstrap: {
        recovery: {
          source: params.sourceCluster,
          recoveryTarget: { targetTime: new Date(Date.parse(params.targetTime)).toISOString() },
        },
      },
      // Deliberately no `plugins`/`backup`: the restored cluster must not archive WAL into the source's store.
      externalClusters: [plan.externalCluster],
    },
  };
}

/**
 * Ops guide 5.2, corrected for the Barman Cloud plugin: create a NEW CloudNativePG cluster recovered to a point in
 * time inside the source's recoverability window; the source is only read, never changed; an existing name is
 * refused. Then wait until the new cluster is healthy with all instances ready.
 */
export const databaseRestore: Runbook<'database-restore'> = {
  id: 'database-restore',
  target: p => ({ kind: 'Cluster', namespace: p.namespace, name: p.sourceCluster, targetKind: 'database' }),

  checkLimits(params, limits) {
    if (params.instances > limits.maxRestoreInstances) {
      throw new InputError(
        `${params.instances} instances exceeds the cap of ${limits.maxRestoreInstances} for a restored cluster in this environment; start smaller and scale it later`,
      );
    }
  },

  async preflight({ params, kube, now }) {
    const plan = await planRestore(kube, params, now());
    return {
      // The new name is locked too, so two restores can never race to create it.
      extraLocks: [{ kind: 'Cluster', namespace: params.namespace, name: params.newClusterName }],
      notes: [
        `recoverability window ${new Date(plan.window.first).toISOString()} – ${plan.window.last === now() ? 'now' : new Date(plan.window.last).toISOString()} (${plan.window.source})`,
      ],
    };
  },

  async run(ctx) {
    const { namespace, sourceCluster, newClusterName, targetTime, timeoutSeconds } = ctx.params;
    const where = `${namespace}/${newClusterName}`;
    const plan = await ctx.step('read', `Reading cluster ${namespace}/${sourceCluster} and its recoverability window`, async step => {
      const p = await planRestore(ctx.kube, ctx.params, ctx.now());
      step.detail({ firstRecoverabilityPoint: new Date(p.window.first).toISOString(), windowSource: p.window.source });
      step.progress(
        `Recoverability window of ${namespace}/${sourceCluster}: ${new Date(p.window.first).toISOString()} – now (${p.window.source}); target ${targetTime}`,
      );
      return p;
    });
    const body = restoredCluster(plan, ctx.params, ctx.operationId);
    const change = {
      type: RESOURCES.cnpgCluster,
      namespace,
      name: newClusterName,
      verb: 'create' as const,
      body,
      what: `create cluster ${newClusterName} recovered from ${sourceCluster} to ${targetTime}`,
    };
    await ctx.plan([change]);
    if (ctx.dryRun) {
      return {
        summary: `Dry run: would create cluster ${where} (${ctx.params.instances} instance${ctx.params.instances === 1 ? '' : 's'}) recovered from ${sourceCluster} to ${targetTime}; ${sourceCluster} is not touched`,
        result: { cluster: newClusterName, targetTime },
      };
    }
    await ctx.apply([change]);
    const ready = await ctx.step('wait', `Waiting for cluster ${where} to recover and become healthy`, async step => {
      try {
        return await waitFor({
          client: ctx.cluster.client,
          sources: { cluster: { path: collectionPathOf(RESOURCES.cnpgCluster, namespace), fieldSelector: `metadata.name=${newClusterName}` } },
          timeoutMs: timeoutSeconds * 1000,
          signal: ctx.signal,
          onProgress: m => step.progress(`Cluster ${where}: ${m}`),
          evaluate: state => {
            const c = state.cluster.get(newClusterName);
            if (!c) return { done: false, progress: 'waiting for the cluster to be created' };
            const s = c.status ?? {};
            if (HOPELESS_PHASES.has(s.phase)) {
              return { done: false, failed: `cluster ${where} is in phase '${s.phase}'${s.phaseReason ? `: ${s.phaseReason}` : ''}` };
            }
            const instances = c.spec?.instances ?? 1;
            if (s.phase === HEALTHY_PHASE && (s.readyInstances ?? 0) >= instances) return { done: true, value: c };
            return {
              done: false,
              progress: `${s.phase ?? 'starting'}${s.phaseReason ? ` (${s.phaseReason})` : ''}; ${s.readyInstances ?? 0}/${instances} instances ready`,
            };
          },
        });
      } catch (e) {
        if (e instanceof WaitTimeoutError || e instanceof WaitFailedError) {
          throw new WaitFailedError(
            `${e instanceof WaitTimeoutError ? `recovery of cluster ${where} ${e.message}` : e.message}; look at the recovery job's logs (pods labelled cnpg.io/jobRole=full-recovery). The source ${sourceCluster} is untouched; delete ${newClusterName} before trying again with the same name`,
          );
        }
        throw e;
      }
    });
    return {
      summary: `Restored ${namespace}/${sourceCluster} to ${targetTime} into the new cluster ${where}: healthy, ${ready.status?.readyInstances} instance${ready.status?.readyInstances === 1 ? '' : 's'} ready, primary ${ready.status?.currentPrimary ?? '?'}; it has no backups configured yet`,
      result: {
        cluster: newClusterName,
        sourceCluster,
        targetTime,
        readyInstances: ready.status?.readyInstances,
        primary: ready.status?.currentPrimary,
        writeService: ready.status?.writeService ?? `${newClusterName}-rw`,
      },
    };
  },
};
