import { InputError } from '@backstage/errors';
import type { KubeObject } from '../../services/ClusterRegistry/types';
import { apiVersionOf, collectionPathOf, RESOURCES } from '../kube/resources';
import { waitFor, WaitFailedError, WaitTimeoutError } from '../kube/waitFor';
import { backupName, barmanPlugin, conditionOf } from './cnpg';
import { KubeReader, OPERATION_ID_ANNOTATION, Runbook } from './types';

type Method = 'plugin' | 'barmanObjectStore' | 'volumeSnapshot';

interface BackupPlan {
  cluster: KubeObject;
  method: Method;
  pluginConfiguration?: { name: string; parameters?: Record<string, string> };
  target?: string;
  source: string;
}

/** What `kubectl cnpg backup` would be told: the method of the cluster's scheduled backup, else the plugin. */
async function planBackup(
  kube: KubeReader,
  params: { namespace: string; cluster: string; method?: Method; target?: 'primary' | 'prefer-standby' },
): Promise<BackupPlan> {
  const cluster = await kube.get(RESOURCES.cnpgCluster, params.namespace, params.cluster);
  const scheduled = (await kube.list(RESOURCES.scheduledBackup, params.namespace)).find(
    s => s.spec?.cluster?.name === params.cluster,
  );
  const plugin = barmanPlugin(cluster);
  let method: Method;
  let source: string;
  if (params.method) {
    method = params.method;
    source = 'requested';
  } else if (scheduled?.spec?.method) {
    method = scheduled.spec.method;
    source = `the method of ScheduledBackup ${scheduled.metadata.name}`;
  } else {
    method = plugin || !cluster.spec?.backup?.barmanObjectStore ? 'plugin' : 'barmanObjectStore';
    source = 'the cluster’s backup configuration';
  }
  let pluginConfiguration: BackupPlan['pluginConfiguration'];
  if (method === 'plugin') {
    if (scheduled?.spec?.pluginConfiguration?.name) pluginConfiguration = scheduled.spec.pluginConfiguration;
    else if (plugin) pluginConfiguration = { name: plugin.name };
    if (!pluginConfiguration) {
      throw new InputError(
        `Cluster ${params.namespace}/${params.cluster} has no backup plugin configured (spec.plugins); choose method barmanObjectStore or volumeSnapshot, or configure the Barman Cloud plugin`,
      );
    }
  } else if (method === 'barmanObjectStore' && !cluster.spec?.backup?.barmanObjectStore) {
    throw new InputError(
      `Cluster ${params.namespace}/${params.cluster} has no spec.backup.barmanObjectStore; use method plugin${plugin ? ` (it uses ${plugin.name})` : ''}`,
    );
  } else if (method === 'volumeSnapshot' && !cluster.spec?.backup?.volumeSnapshot) {
    throw new InputError(`Cluster ${params.namespace}/${params.cluster} has no spec.backup.volumeSnapshot configuration`);
  }
  return { cluster, method, pluginConfiguration, target: params.target ?? scheduled?.spec?.target, source };
}

/**
 * Ops guide 5.1, as `kubectl cnpg backup` does it: create a `Backup` named `<cluster>-<YYYYMMDDHHMMSS>` (UTC) with the
 * label `cnpg.io/cluster`, then wait until its phase is `completed` or `failed` (surfacing `status.error`).
 */
export const databaseBackup: Runbook<'database-backup'> = {
  id: 'database-backup',
  target: p => ({ kind: 'Cluster', namespace: p.namespace, name: p.cluster, targetKind: 'database' }),

  async preflight({ params, kube }) {
    const plan = await planBackup(kube, params);
    return { notes: [`method ${plan.method} (${plan.source})${plan.target ? `, target ${plan.target}` : ''}`] };
  },

  async run(ctx) {
    const { namespace, cluster: clusterName, timeoutSeconds } = ctx.params;
    const where = `${namespace}/${clusterName}`;
    const plan = await ctx.step('read', `Reading cluster ${where}`, async step => {
      const p = await planBackup(ctx.kube, ctx.params);
      step.progress(`Cluster ${where}: ${p.cluster.status?.phase ?? 'unknown phase'}; backup method ${p.method} (${p.source})`);
      return p;
    });
    const name = backupName(clusterName, ctx.now());
    const backup: KubeObject = {
      apiVersion: apiVersionOf(RESOURCES.backup),
      kind: 'Backup',
      metadata: {
        name,
        namespace,
        labels: { 'cnpg.io/cluster': clusterName },
        annotations: { [OPERATION_ID_ANNOTATION]: ctx.operationId },
      },
      spec: {
        cluster: { name: clusterName },
        method: plan.method,
        ...(plan.target ? { target: plan.target } : {}),
        ...(plan.pluginConfiguration ? { pluginConfiguration: plan.pluginConfiguration } : {}),
      },
    };
    const change = {
      type: RESOURCES.backup,
      namespace,
      name,
      verb: 'create' as const,
      body: backup,
      what: `create Backup ${name} of cluster ${clusterName} (method ${plan.method})`,
    };
    await ctx.plan([change]);
    if (ctx.dryRun) {
      return {
        summary: `Dry run: would create Backup ${namespace}/${name} of cluster ${clusterName} (method ${plan.method}) and wait up to ${timeoutSeconds} s for it`,
        result: { backup: name, method: plan.method },
      };
    }
    await ctx.apply([change]);
    const done = await ctx.step('wait', `Waiting for Backup ${namespace}/${name}`, async step => {
      let lastPhase = 'pending';
      try {
        return await waitFor({
          client: ctx.cluster.client,
          sources: { backup: { path: collectionPathOf(RESOURCES.backup, namespace), fieldSelector: `metadata.name=${name}` } },
          timeoutMs: timeoutSeconds * 1000,
          signal: ctx.signal,
          onProgress: m => step.progress(`Backup ${namespace}/${name}: ${m}`),
          evaluate: state => {
            const b = state.backup.get(name);
            if (!b) return { done: false, progress: 'waiting for the operator to pick it up' };
            const phase: string = b.status?.phase ?? 'pending';
            lastPhase = phase;
            if (phase === 'completed') return { done: true, value: b };
            if (phase === 'failed' || phase === 'walArchivingFailing' || phase === 'invalid backup definition') {
              return {
                done: false,
                failed: `Backup ${namespace}/${name} ${phase === 'failed' ? 'failed' : `ended in phase '${phase}'`}: ${b.status?.error ?? 'no error given'}`,
              };
            }
            return { done: false, progress: `phase ${phase}` };
          },
        });
      } catch (e) {
        if (e instanceof WaitTimeoutError) {
          throw new WaitFailedError(
            `Backup ${namespace}/${name} did not finish within ${timeoutSeconds} s (last phase: ${lastPhase}); it may still complete: check it with kubectl get backup -n ${namespace} ${name}`,
          );
        }
        if (e instanceof WaitFailedError) {
          // Say what to look at: the cluster's archiving condition usually explains a failed backup.
          const live = await ctx.kube.tryGet(RESOURCES.cnpgCluster, namespace, clusterName).catch(() => undefined);
          const archiving = live ? conditionOf(live, 'ContinuousArchiving') : undefined;
          const hint =
            archiving && archiving.status !== 'True'
              ? `; WAL archiving is failing too (${archiving.message ?? archiving.reason}): fix the object store credentials or reachability`
              : '; check the object store (credentials, bucket, reachability) and the instance logs';
          throw new WaitFailedError(`${e.message}${hint}, then run the backup again`);
        }
        throw e;
      }
    });
    const started = Date.parse(done.status?.startedAt ?? '');
    const stopped = Date.parse(done.status?.stoppedAt ?? '');
    const seconds = Number.isFinite(started) && Number.isFinite(stopped) ? Math.round((stopped - started) / 1000) : undefined;
    return {
      summary: `Backup ${namespace}/${name} completed${seconds !== undefined ? ` in ${seconds} s` : ''}${done.status?.backupId ? ` (backup id ${done.status.backupId})` : ''}`,
      result: {
        backup: name,
        phase: done.status?.phase,
        method: plan.method,
        backupId: done.status?.backupId,
        startedAt: done.status?.startedAt,
        stoppedAt: done.status?.stoppedAt,
      },
    };
  },
};
