import { ConflictError, InputError } from '@backstage/errors';
import type { KubeObject } from '../../services/ClusterRegistry/types';
import { collectionPathOf, RESOURCES } from '../kube/resources';
import { waitFor, WaitFailedError, WaitTimeoutError } from '../kube/waitFor';
import { HEALTHY_PHASE, HOPELESS_PHASES, replicaSelector, rfc3339Micro } from './cnpg';
import type { KubeReader, Runbook } from './types';

interface SwitchoverPlan {
  cluster: KubeObject;
  currentPrimary: string;
  target: string;
  readyReplicas: string[];
}

function isReady(pod: KubeObject): boolean {
  return (
    !pod.metadata.deletionTimestamp &&
    (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')
  );
}

async function planSwitchover(
  kube: KubeReader,
  params: { namespace: string; cluster: string; targetInstance?: string },
): Promise<SwitchoverPlan> {
  const where = `${params.namespace}/${params.cluster}`;
  const cluster = await kube.get(RESOURCES.cnpgCluster, params.namespace, params.cluster);
  const status = cluster.status ?? {};
  const currentPrimary: string | undefined = status.currentPrimary;
  if (!currentPrimary) {
    throw new ConflictError(`Cluster ${where} has no current primary yet (phase: ${status.phase ?? 'unknown'}); wait until it is healthy`);
  }
  if (status.targetPrimary && status.targetPrimary !== currentPrimary) {
    throw new ConflictError(
      `A switchover of cluster ${where} is already in progress (current primary ${currentPrimary}, target ${status.targetPrimary}); wait for it to finish`,
    );
  }
  const replicas = await kube.list(RESOURCES.pod, params.namespace, { labelSelector: replicaSelector(params.cluster) });
  const healthy: string[] = status.instancesStatus?.healthy ?? [];
  const ready = replicas
    .filter(isReady)
    .map(p => p.metadata.name)
    .filter(n => n !== currentPrimary)
    .sort();
  let target: string;
  if (params.targetInstance) {
    // `kubectl cnpg promote CLUSTER 2` means instance <cluster>-2.
    target = /^\d+$/.test(params.targetInstance) ? `${params.cluster}-${params.targetInstance}` : params.targetInstance;
    if (target === currentPrimary) {
      throw new InputError(`${target} is already the primary of cluster ${where}`);
    }
    if (!ready.includes(target)) {
      throw new InputError(
        `${target} is not a ready replica of cluster ${where}; ready replicas: ${ready.join(', ') || 'none'}`,
      );
    }
  } else {
    // Prefer replicas the operator reports healthy; among them the lowest instance name, for a predictable choice.
    const candidates = ready.filter(n => healthy.length === 0 || healthy.includes(n));
    if (candidates.length === 0) {
      throw new ConflictError(
        `Cluster ${where} has no ready, healthy replica to promote (replicas: ${replicas.map(p => p.metadata.name).join(', ') || 'none'}); fix the replicas first`,
      );
    }
    target = candidates[0];
  }
  return { cluster, currentPrimary, target, readyReplicas: ready };
}

/** The status merge patch `kubectl cnpg promote` sends (internal/cmd/plugin/promote/promote.go). */
export function promotePatch(cluster: KubeObject, target: string, now: number): unknown {
  const conditions = ((cluster.status?.conditions ?? []) as Array<Record<string, unknown>>).filter(c => c.type !== 'Ready');
  conditions.push({
    type: 'Ready',
    status: 'False',
    reason: 'ClusterIsNotReady',
    message: 'Cluster Is Not Ready',
    lastTransitionTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  });
  return {
    // Optimistic lock: the patch only applies to the version we read (status.PatchWithOptimisticLock).
    metadata: { resourceVersion: cluster.metadata.resourceVersion },
    status: {
      targetPrimary: target,
      targetPrimaryTimestamp: rfc3339Micro(now),
      phase: 'Switchover in progress',
      phaseReason: `Switching over to ${target}`,
      // A merge patch replaces lists wholesale: send the whole list with Ready turned False, as promote does.
      conditions,
    },
  };
}

/**
 * Ops guide 10.2 as `kubectl cnpg promote` does it: merge-patch the Cluster's status subresource (optimistic lock,
 * retried on conflict) with the new `targetPrimary`, choosing a ready replica by
 * `cnpg.io/cluster=X,cnpg.io/podRole=instance,cnpg.io/instanceRole=replica`; wait for `currentPrimary` to follow and
 * the cluster to be healthy, then verify the service's deployments stayed (or became again) ready.
 */
export const databaseSwitchover: Runbook<'database-switchover'> = {
  id: 'database-switchover',
  target: p => ({ kind: 'Cluster', namespace: p.namespace, name: p.cluster, targetKind: 'database' }),

  async preflight({ params, kube }) {
    const plan = await planSwitchover(kube, params);
    return { notes: [`will promote ${plan.target} (current primary ${plan.currentPrimary}; ready replicas: ${plan.readyReplicas.join(', ')})`] };
  },

  async run(ctx) {
    const { namespace, cluster: name, timeoutSeconds } = ctx.params;
    const where = `${namespace}/${name}`;
    const deadline = ctx.now() + timeoutSeconds * 1000;
    const plan = await ctx.step('read', `Reading cluster ${where} and its replicas`, async step => {
      const p = await planSwitchover(ctx.kube, ctx.params);
      step.detail({ currentPrimary: p.currentPrimary, readyReplicas: p.readyReplicas, target: p.target });
      step.progress(`Current primary ${p.currentPrimary}; promoting ${p.target} (ready replicas: ${p.readyReplicas.join(', ')})`);
      return p;
    });
    // The target pod must exist, as promote checks.
    await ctx.kube.get(RESOURCES.pod, namespace, plan.target);
    const change = {
      type: RESOURCES.cnpgCluster,
      namespace,
      name,
      verb: 'patch' as const,
      subresource: 'status' as const,
      contentType: 'application/merge-patch+json',
      body: promotePatch(plan.cluster, plan.target, ctx.now()),
      before: plan.cluster,
      what: `set status.targetPrimary=${plan.target} (switchover from ${plan.currentPrimary})`,
      rebuild: (fresh: KubeObject) => {
        if (fresh.status?.targetPrimary === plan.target) return undefined;
        if (fresh.status?.currentPrimary !== plan.currentPrimary || fresh.status?.targetPrimary !== fresh.status?.currentPrimary) {
          throw new ConflictError(`Cluster ${where} changed primary while we were promoting ${plan.target}; look at it again before retrying`);
        }
        return promotePatch(fresh, plan.target, ctx.now());
      },
    };
    await ctx.plan([change]);
    if (ctx.dryRun) {
      return {
        summary: `Dry run: would promote ${plan.target} to primary of cluster ${where} (now ${plan.currentPrimary}), as kubectl cnpg promote does`,
        result: { previousPrimary: plan.currentPrimary, newPrimary: plan.target },
      };
    }
    const deployments = await ctx.scope.deployments();
    const startedAt = ctx.now();
    await ctx.apply([change]);
    await ctx.step('wait', `Waiting for ${plan.target} to become the primary of ${where}`, async step => {
      try {
        await waitFor({
          client: ctx.cluster.client,
          sources: { cluster: { path: collectionPathOf(RESOURCES.cnpgCluster, namespace), fieldSelector: `metadata.name=${name}` } },
          timeoutMs: Math.max(1000, deadline - ctx.now()),
          signal: ctx.signal,
          onProgress: m => step.progress(`Switchover of ${where}: ${m}`),
          evaluate: state => {
            const c = state.cluster.get(name);
            if (!c) return { done: false, failed: `cluster ${where} was deleted` };
            const s = c.status ?? {};
            if (s.targetPrimary && s.targetPrimary !== plan.target) {
              return { done: false, failed: `the operator chose ${s.targetPrimary} instead of ${plan.target} (${s.phaseReason ?? s.phase})` };
            }
            if (HOPELESS_PHASES.has(s.phase)) return { done: false, failed: `cluster ${where} is in phase '${s.phase}' (${s.phaseReason ?? ''})` };
            if (s.currentPrimary === plan.target && s.phase === HEALTHY_PHASE && (s.readyInstances ?? 0) >= (c.spec?.instances ?? 1)) {
              return { done: true, value: true };
            }
            return {
              done: false,
              progress: `primary ${s.currentPrimary ?? '?'} → ${plan.target}; ${s.phase ?? 'unknown phase'}; ${s.readyInstances ?? 0}/${c.spec?.instances ?? '?'} instances ready`,
            };
          },
        });
      } catch (e) {
        if (e instanceof WaitTimeoutError) {
          throw new WaitFailedError(
            `switchover of ${where} to ${plan.target} ${e.message}; check the cluster (kubectl cnpg status ${name} -n ${namespace}) and the operator logs`,
          );
        }
        throw e;
      }
      return `${plan.target} is the primary of ${where}; cluster healthy`;
    });
    const verified = await ctx.step('verify', `Checking that the service's deployments are ready`, async step => {
      if (deployments.length === 0) return 'The entity has no deployments in this cluster to check';
      const byNamespace = new Map<string, string[]>();
      for (const d of deployments) byNamespace.set(d.namespace, [...(byNamespace.get(d.namespace) ?? []), d.name]);
      const names = deployments.map(d => `${d.namespace}/${d.name}`);
      for (const [ns, list] of byNamespace) {
        try {
          await waitFor({
            client: ctx.cluster.client,
            sources: { deployments: { path: collectionPathOf(RESOURCES.deployment, ns) } },
            timeoutMs: Math.max(1000, deadline - ctx.now()),
            signal: ctx.signal,
            onProgress: m => step.progress(`Service deployments: ${m}`),
            evaluate: state => {
              const notReady = list
                .map(n => state.deployments.get(n))
                .filter((d): d is KubeObject => Boolean(d))
                .filter(d => (d.status?.readyReplicas ?? 0) < (d.spec?.replicas ?? 1))
                .map(d => `${d.metadata.name} ${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`);
              return notReady.length === 0 ? { done: true, value: true } : { done: false, progress: `not ready: ${notReady.join(', ')}` };
            },
          });
        } catch (e) {
          if (e instanceof WaitTimeoutError) {
            throw new WaitFailedError(
              `after the switchover the service's deployments are not all ready (${e.progress}); check their database connections (they should use the ${name}-rw service)`,
            );
          }
          throw e;
        }
      }
      return `${names.join(', ')} ready`;
    });
    return {
      summary: `Switched over cluster ${where} from ${plan.currentPrimary} to ${plan.target} in ${Math.round((ctx.now() - startedAt) / 1000)} s; ${verified}`,
      result: { previousPrimary: plan.currentPrimary, newPrimary: plan.target, deploymentsChecked: deployments.map(d => `${d.namespace}/${d.name}`) },
    };
  },
};
