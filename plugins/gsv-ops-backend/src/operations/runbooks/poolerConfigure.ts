import type { RunbookParameters } from '@gsv/plugin-gsv-ops-common';
import type { PoolerSettings } from '../../domain/poolers';
import { collectionPathOf, RESOURCES } from '../kube/resources';
import { waitFor, WaitFailedError, WaitTimeoutError } from '../kube/waitFor';
import { verifyPods, waitForRollout } from './deployments';
import { checkPoolerCaps, describeSettings, planPooler, poolerSpecPatch } from './poolerPlan';
import { OPERATION_ID_ANNOTATION, type Runbook, type RunbookContext, type StepHandle } from './types';

type Params = RunbookParameters<'pooler-configure'>;

/**
 * Ops guide 3.3 (PgBouncer pool tuning) on a CloudNativePG Pooler: merge-patches `spec.instances` and
 * `spec.pgbouncer` (poolMode, default_pool_size, max_client_conn) within the caps and the database's
 * max_connections, waits until the operator has the pooler's Deployment rolled out with that many PgBouncer pods,
 * then watches them. Parameters reach PgBouncer by a reload (the instance manager watches the Pooler): no pod restarts.
 */
export const poolerConfigure: Runbook<'pooler-configure'> = {
  id: 'pooler-configure',
  target: p => ({ kind: 'Pooler', namespace: p.namespace, name: p.pooler, targetKind: 'pooler' }),

  checkLimits(params, limits) {
    checkPoolerCaps(params, limits);
  },

  async preflight({ params, kube, limits }) {
    const plan = await planPooler(kube, params, limits);
    const deployment = { kind: 'Deployment', namespace: params.namespace, name: params.pooler };
    return { notes: [`${describeSettings(plan.current)} → ${describeSettings(plan.next)}`], extraLocks: [deployment] };
  },

  async run(ctx) {
    const { namespace, pooler: name } = ctx.params;
    const where = `${namespace}/${name}`;
    const plan = await ctx.step('read', `Reading pooler ${where}`, async step => {
      const p = await planPooler(ctx.kube, ctx.params, ctx.limits);
      step.progress(`Pooler ${where} (cluster ${p.budget.cluster}): ${describeSettings(p.current)}`);
      return p;
    });
    const { current, next } = plan;
    const result = { from: current, to: next, maxConnections: plan.budget.maxConnections };
    const spec = poolerSpecPatch(current, next);
    // The PgBouncer pods before the change: those still running after it were not restarted.
    const before = new Set(ctx.dryRun ? [] : (await podsOf(ctx)).map(p => p.metadata.uid));
    if (!spec) {
      await ctx.skip('plan', `Pooler ${where} already has ${describeSettings(next)}`);
      if (ctx.dryRun) return { summary: `Dry run: pooler ${where} already has ${describeSettings(next)}; nothing would change`, result };
    } else {
      const change = {
        type: RESOURCES.pooler,
        namespace,
        name,
        verb: 'patch' as const,
        contentType: 'application/merge-patch+json',
        body: { metadata: { annotations: { [OPERATION_ID_ANNOTATION]: ctx.operationId } }, spec },
        before: plan.pooler,
        what: `set ${describeSettings(next)} (was ${describeSettings(current)})`,
      };
      await ctx.plan([change]);
      if (ctx.dryRun) return { summary: `Dry run: would set pooler ${where} to ${describeSettings(next)} (was ${describeSettings(current)})`, result };
      await ctx.apply([change]);
    }
    const since = ctx.now();
    await ctx.step('wait', `Waiting for ${next.instances} PgBouncer pods of ${where}`, async step => {
      const generation = await waitForOperator(ctx, step, next);
      const rollout = await waitForRollout(ctx, step, { namespace, name, generation, timeoutMs: ctx.params.timeoutSeconds * 1000, since });
      return `Deployment ${where} rolled out: ${rollout.readyReplicas}/${rollout.replicas} PgBouncer pods ready`;
    });
    let verified = { ready: 0, desired: next.instances, kept: 0 };
    await ctx.step('verify', `Watching the PgBouncer pods of ${where}`, async step => {
      const v = await verifyPods(ctx, step, { namespace, name, observeMs: ctx.facts.verifyMs as number, expectedReplicas: next.instances, since });
      verified = { ...v, kept: (await podsOf(ctx)).filter(p => before.has(p.metadata.uid)).length };
      return `${v.ready}/${v.desired} PgBouncer pods ready, none crash-looping; ${verified.kept} kept running (PgBouncer reloads its parameters, no restart)`;
    });
    return {
      summary: `Set pooler ${where} to ${describeSettings(next)} (was ${describeSettings(current)}); ${verified.ready}/${verified.desired} PgBouncer pods ready`,
      result: { ...result, readyInstances: verified.ready, podsKeptRunning: verified.kept },
    };
  },
};

async function podsOf(ctx: RunbookContext<Params>) {
  return ctx.kube.list(RESOURCES.pod, ctx.params.namespace, { labelSelector: `cnpg.io/poolerName=${ctx.params.pooler}` });
}

/**
 * Until the operator has reconciled the new spec into the pooler's Deployment (its replicas follow spec.instances) and
 * the Pooler still asks for what we set (nobody — Argo CD, say — reverted it): the Deployment's generation to roll out.
 */
async function waitForOperator(ctx: RunbookContext<Params>, step: StepHandle, next: PoolerSettings): Promise<number> {
  const { namespace, pooler: name, timeoutSeconds } = ctx.params;
  const where = `${namespace}/${name}`;
  try {
    return await waitFor({
      client: ctx.cluster.client,
      sources: {
        pooler: { path: collectionPathOf(RESOURCES.pooler, namespace), fieldSelector: `metadata.name=${name}` },
        deployment: { path: collectionPathOf(RESOURCES.deployment, namespace), fieldSelector: `metadata.name=${name}` },
      },
      timeoutMs: timeoutSeconds * 1000,
      signal: ctx.signal,
      onProgress: m => step.progress(`Pooler ${where}: ${m}`),
      evaluate: state => {
        const pooler = state.pooler.get(name);
        if (!pooler) return { done: false, failed: `pooler ${where} was deleted` };
        const asked = pooler.spec ?? {};
        const parameters = asked.pgbouncer?.parameters ?? {};
        if (
          (asked.instances ?? 1) !== next.instances ||
          (asked.pgbouncer?.poolMode ?? 'session') !== next.poolMode ||
          Number(parameters.default_pool_size ?? next.defaultPoolSize) !== next.defaultPoolSize ||
          Number(parameters.max_client_conn ?? next.maxClientConn) !== next.maxClientConn
        ) {
          return { done: false, failed: `something else changed pooler ${where} meanwhile (Argo CD reverting it?): ${JSON.stringify(asked.pgbouncer ?? {})}, ${asked.instances} instances` };
        }
        const deployment = state.deployment.get(name);
        if (!deployment) return { done: false, progress: 'waiting for the operator to create its Deployment' };
        if (deployment.spec?.replicas !== next.instances) return { done: false, progress: `the Deployment still asks for ${deployment.spec?.replicas} pods` };
        return { done: true, value: deployment.metadata.generation ?? 0 };
      },
    });
  } catch (e) {
    if (e instanceof WaitTimeoutError) {
      throw new WaitFailedError(`the CloudNativePG operator did not update the Deployment of pooler ${where} ${e.message}; is the operator running (kubectl get pods -n cnpg-system)?`);
    }
    throw e;
  }
}
