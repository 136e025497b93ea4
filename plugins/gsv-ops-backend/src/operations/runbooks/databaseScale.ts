import { ConflictError, InputError } from '@backstage/errors';
import { collectionPathOf, RESOURCES } from '../kube/resources';
import { waitFor, WaitFailedError, WaitTimeoutError } from '../kube/waitFor';
import { HEALTHY_PHASE, HOPELESS_PHASES } from './cnpg';
import { OPERATION_ID_ANNOTATION, Runbook } from './types';

/**
 * Ops guide 3.3: merge-patch `spec.instances` of the CloudNativePG cluster (within the caps) and wait until the
 * operator reports that many instances, all ready, and the cluster healthy.
 */
export const databaseScale: Runbook<'database-scale'> = {
  id: 'database-scale',
  target: p => ({ kind: 'Cluster', namespace: p.namespace, name: p.cluster, targetKind: 'database' }),

  checkLimits(params, limits) {
    if (params.instances > limits.maxDatabaseInstances) {
      throw new InputError(
        `${params.instances} instances exceeds the cap of ${limits.maxDatabaseInstances} for this environment (gsvOps.operations.policy.limits.maxDatabaseInstances)`,
      );
    }
    if (params.instances < limits.minDatabaseInstances) {
      throw new InputError(
        `${params.instances} instance${params.instances === 1 ? '' : 's'} is below the minimum of ${limits.minDatabaseInstances} for this environment (high availability)`,
      );
    }
  },

  async preflight({ params, kube }) {
    const cluster = await kube.get(RESOURCES.cnpgCluster, params.namespace, params.cluster);
    const s = cluster.status ?? {};
    if (s.targetPrimary && s.currentPrimary && s.targetPrimary !== s.currentPrimary) {
      throw new ConflictError(`A switchover of cluster ${params.namespace}/${params.cluster} is in progress; scale it when it has finished`);
    }
    return { notes: [`${cluster.spec?.instances ?? '?'} → ${params.instances} instances (${s.phase ?? 'unknown phase'})`] };
  },

  async run(ctx) {
    const { namespace, cluster: name, instances, timeoutSeconds } = ctx.params;
    const where = `${namespace}/${name}`;
    const cluster = await ctx.step('read', `Reading cluster ${where}`, async step => {
      const c = await ctx.kube.get(RESOURCES.cnpgCluster, namespace, name);
      step.progress(`Cluster ${where}: ${c.spec?.instances} instances, ${c.status?.readyInstances ?? 0} ready, ${c.status?.phase ?? 'unknown phase'}`);
      return c;
    });
    const from: number = cluster.spec?.instances ?? 1;
    if (from === instances) {
      await ctx.skip('plan', `Cluster ${where} already has ${instances} instances`);
      if (ctx.dryRun) return { summary: `Dry run: cluster ${where} already has ${instances} instances; nothing would change`, result: { from, to: instances } };
    } else {
      const change = {
        type: RESOURCES.cnpgCluster,
        namespace,
        name,
        verb: 'patch' as const,
        contentType: 'application/merge-patch+json',
        body: { metadata: { annotations: { [OPERATION_ID_ANNOTATION]: ctx.operationId } }, spec: { instances } },
        before: cluster,
        what: `scale from ${from} to ${instances} PostgreSQL instances`,
      };
      await ctx.plan([change]);
      if (ctx.dryRun) {
        return { summary: `Dry run: would scale cluster ${where} from ${from} to ${instances} instances`, result: { from, to: instances } };
      }
      await ctx.apply([change]);
    }
    const done = await ctx.step('wait', `Waiting for ${instances} ready instances of ${where}`, async step => {
      try {
        return await waitFor({
          client: ctx.cluster.client,
          sources: { cluster: { path: collectionPathOf(RESOURCES.cnpgCluster, namespace), fieldSelector: `metadata.name=${name}` } },
          timeoutMs: timeoutSeconds * 1000,
          signal: ctx.signal,
          onProgress: m => step.progress(`Cluster ${where}: ${m}`),
          evaluate: state => {
            const c = state.cluster.get(name);
            if (!c) return { done: false, failed: `cluster ${where} was deleted` };
            const s = c.status ?? {};
            if ((c.spec?.instances ?? 1) !== instances) {
              return { done: false, failed: `something else changed spec.instances of ${where} to ${c.spec?.instances}` };
            }
            if (HOPELESS_PHASES.has(s.phase)) return { done: false, failed: `cluster ${where} is in phase '${s.phase}' (${s.phaseReason ?? ''})` };
            if (s.instances === instances && s.readyInstances === instances && s.phase === HEALTHY_PHASE) return { done: true, value: c };
            return {
              done: false,
              progress: `${s.readyInstances ?? 0}/${instances} instances ready (${s.instances ?? '?'} exist); ${s.phase ?? 'unknown phase'}${s.phaseReason ? ` (${s.phaseReason})` : ''}`,
            };
          },
        });
      } catch (e) {
        if (e instanceof WaitTimeoutError) {
          throw new WaitFailedError(
            `scaling cluster ${where} to ${instances} instances ${e.message}; check the new instances' PVCs (storage class, quota) and pods (kubectl cnpg status ${name} -n ${namespace})`,
          );
        }
        throw e;
      }
    });
    return {
      summary: `Scaled cluster ${where} from ${from} to ${instances} instances; all ${done.status?.readyInstances} ready, primary ${done.status?.currentPrimary ?? '?'}`,
      result: { from, to: instances, readyInstances: done.status?.readyInstances, primary: done.status?.currentPrimary },
    };
  },
};
