import { InputError } from '@backstage/errors';
import type { RunbookParameters } from '@gsv/plugin-gsv-ops-common';
import type { OperationLimits } from '@gsv/plugin-gsv-ops-node';
import type { KubeObject } from '../../services/ClusterRegistry/types';
import { collectionPathOf, RESOURCES } from '../kube/resources';
import { waitFor, WaitFailedError, WaitTimeoutError } from '../kube/waitFor';
import { REVISION_ANNOTATION } from './deployments';
import { OPERATION_ID_ANNOTATION, type KubeReader, type Runbook } from './types';

type Params = RunbookParameters<'deployment-rollout-strategy'>;
type IntOrPercent = number | string;

interface Strategy {
  type: 'RollingUpdate' | 'Recreate';
  maxSurge: IntOrPercent;
  maxUnavailable: IntOrPercent;
}

/** Ops guide 7.3, "Zero-Downtime Deployment": one extra pod at a time, none taken away before its successor is ready. */
const ZERO_DOWNTIME = { maxSurge: 1, maxUnavailable: 0 };
/** The Deployment API's defaults for a RollingUpdate without values. */
const API_DEFAULT = '25%';

/** A count or a percentage of the replicas, as the deployment controller resolves it (surge rounds up, unavailable down). */
export function resolveIntOrPercent(value: IntOrPercent, replicas: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const exact = (Number(value.replace('%', '')) * replicas) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

function strategyOf(deployment: KubeObject): Strategy {
  const s = deployment.spec?.strategy ?? {};
  return {
    type: s.type === 'Recreate' ? 'Recreate' : 'RollingUpdate',
    maxSurge: s.rollingUpdate?.maxSurge ?? API_DEFAULT,
    maxUnavailable: s.rollingUpdate?.maxUnavailable ?? API_DEFAULT,
  };
}

function describeStrategy(s: Strategy): string {
  return s.type === 'Recreate' ? 'Recreate' : `RollingUpdate maxSurge ${s.maxSurge}, maxUnavailable ${s.maxUnavailable}`;
}

/** The refusals: both zero once resolved, fewer than one pod left ready, more pods than the replica cap during a rollout. */
function checkStrategy(next: Strategy, replicas: number, limits: OperationLimits, where: string): void {
  const surge = resolveIntOrPercent(next.maxSurge, replicas, true);
  const unavailable = resolveIntOrPercent(next.maxUnavailable, replicas, false);
  if (surge === 0 && unavailable === 0) {
    throw new InputError(
      `maxSurge ${next.maxSurge} and maxUnavailable ${next.maxUnavailable} both come to 0 pods at ${replicas} replicas: a rollout of ${where} could neither add a new pod nor remove an old one`,
    );
  }
  if (replicas > 0 && replicas - unavailable < 1) {
    throw new InputError(
      `maxUnavailable ${next.maxUnavailable} lets a rollout take down ${unavailable} of ${where}'s ${replicas} replicas, leaving no pod ready; use maxUnavailable 0 (with maxSurge ≥ 1), as the zero-downtime preset does`,
    );
  }
  if (replicas + surge > limits.maxReplicas) {
    throw new InputError(
      `maxSurge ${next.maxSurge} would run ${replicas + surge} pods of ${where} during a rollout, above the cap of ${limits.maxReplicas} for this environment (gsvOps.operations.policy.limits.maxReplicas)`,
    );
  }
}

async function planStrategy(kube: KubeReader, params: Params, limits: OperationLimits) {
  const where = `${params.namespace}/${params.deployment}`;
  const deployment = await kube.get(RESOURCES.deployment, params.namespace, params.deployment);
  const current = strategyOf(deployment);
  if (current.type === 'Recreate' && !params.switchFromRecreate) {
    throw new InputError(
      `Deployment ${where} uses the Recreate strategy (every pod stops before the new ones start, on purpose for some workloads); set switchFromRecreate to switch it to RollingUpdate`,
    );
  }
  const asked = params.preset === 'zero-downtime' ? ZERO_DOWNTIME : { maxSurge: params.maxSurge, maxUnavailable: params.maxUnavailable };
  const base = current.type === 'Recreate' ? { maxSurge: API_DEFAULT, maxUnavailable: API_DEFAULT } : current;
  const next: Strategy = {
    type: 'RollingUpdate',
    maxSurge: asked.maxSurge ?? base.maxSurge,
    maxUnavailable: asked.maxUnavailable ?? base.maxUnavailable,
  };
  const replicas: number = deployment.spec?.replicas ?? 1;
  checkStrategy(next, replicas, limits, where);
  return { deployment, current, next, replicas };
}

const same = (a: Strategy, b: Strategy) => a.type === b.type && String(a.maxSurge) === String(b.maxSurge) && String(a.maxUnavailable) === String(b.maxUnavailable);

/**
 * Ops guide 7.3: patch `spec.strategy` of a deployment (RollingUpdate with maxSurge/maxUnavailable), then check that
 * the deployment controller observed it and that it started no rollout (the strategy is not part of the pod template).
 */
export const deploymentRolloutStrategy: Runbook<'deployment-rollout-strategy'> = {
  id: 'deployment-rollout-strategy',
  target: p => ({ kind: 'Deployment', namespace: p.namespace, name: p.deployment, targetKind: 'deployment' }),

  async preflight({ params, kube, limits }) {
    const plan = await planStrategy(kube, params, limits);
    return { notes: [`${describeStrategy(plan.current)} → ${describeStrategy(plan.next)} at ${plan.replicas} replicas`] };
  },

  async run(ctx) {
    const { namespace, deployment: name } = ctx.params;
    const where = `${namespace}/${name}`;
    const plan = await ctx.step('read', `Reading deployment ${where}`, async step => {
      const p = await planStrategy(ctx.kube, ctx.params, ctx.limits);
      step.progress(`Deployment ${where}: ${describeStrategy(p.current)}, ${p.replicas} replicas`);
      return p;
    });
    const { current, next, deployment } = plan;
    const result = { from: current, to: next, replicas: plan.replicas };
    if (same(current, next)) {
      await ctx.skip('plan', `Deployment ${where} already has ${describeStrategy(next)}`);
      return { summary: `${ctx.dryRun ? 'Dry run: d' : 'D'}eployment ${where} already has ${describeStrategy(next)}; nothing ${ctx.dryRun ? 'would change' : 'changed'}`, result };
    }
    const change = {
      type: RESOURCES.deployment,
      namespace,
      name,
      verb: 'patch' as const,
      contentType: 'application/merge-patch+json',
      body: {
        metadata: { annotations: { [OPERATION_ID_ANNOTATION]: ctx.operationId } },
        spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: next.maxSurge, maxUnavailable: next.maxUnavailable } } },
      },
      before: deployment,
      what: `set ${describeStrategy(next)} (was ${describeStrategy(current)})`,
    };
    await ctx.plan([change]);
    if (ctx.dryRun) return { summary: `Dry run: would set deployment ${where} to ${describeStrategy(next)} (was ${describeStrategy(current)})`, result };
    const [applied] = await ctx.apply([change]);
    const generation = applied?.metadata.generation ?? (deployment.metadata.generation ?? 0) + 1;
    const revision = deployment.metadata.annotations?.[REVISION_ANNOTATION];
    await ctx.step('verify', `Checking that ${where} took the strategy without a rollout`, async step => {
      try {
        return await waitFor({
          client: ctx.cluster.client,
          sources: { deployment: { path: collectionPathOf(RESOURCES.deployment, namespace), fieldSelector: `metadata.name=${name}` } },
          timeoutMs: ctx.params.timeoutSeconds * 1000,
          signal: ctx.signal,
          onProgress: m => step.progress(`Deployment ${where}: ${m}`),
          evaluate: state => {
            const d = state.deployment.get(name);
            if (!d) return { done: false, failed: `deployment ${where} was deleted` };
            if (!same(strategyOf(d), next)) return { done: false, failed: `something else changed the strategy of ${where} to ${describeStrategy(strategyOf(d))} (Argo CD reverting it?)` };
            if ((d.status?.observedGeneration ?? 0) < generation) return { done: false, progress: 'waiting for the deployment controller to observe the change' };
            const now = d.metadata.annotations?.[REVISION_ANNOTATION];
            if (now !== revision) return { done: false, failed: `deployment ${where} started a rollout (revision ${revision} → ${now}); the pod template changed along with the strategy` };
            return { done: true, value: `Deployment ${where} runs ${describeStrategy(next)}; still revision ${revision}, no pod restarted` };
          },
        });
      } catch (e) {
        if (e instanceof WaitTimeoutError) throw new WaitFailedError(`the deployment controller did not observe the new strategy of ${where} ${e.message}`);
        throw e;
      }
    });
    return { summary: `Set deployment ${where} to ${describeStrategy(next)} (was ${describeStrategy(current)}); no rollout, still revision ${revision}`, result: { ...result, revision } };
  },
};
