import { InputError } from '@backstage/errors';
import type { RunbookParameters } from '@gsv/plugin-gsv-ops-common';
import type { OperationLimits } from '@gsv/plugin-gsv-ops-node';
import type { KubeObject } from '../../services/ClusterRegistry/types';
import { collectionPathOf, RESOURCES } from '../kube/resources';
import { waitFor, WaitFailedError, WaitTimeoutError } from '../kube/waitFor';
import { verifyPods } from './deployments';
import { withShortfallCause } from './replicaInterference';
import { OPERATION_ID_ANNOTATION, type Runbook, type RunbookContext, type StepHandle } from './types';

type Params = RunbookParameters<'autoscaler-scale'>;
interface Bounds {
  minReplicas: number;
  maxReplicas: number;
}

const CAP_KEY = 'gsvOps.operations.policy.limits';

function boundsOf(hpa: KubeObject): Bounds {
  return { minReplicas: hpa.spec?.minReplicas ?? 1, maxReplicas: hpa.spec?.maxReplicas ?? 1 };
}

/** The bounds the request asks for: pauseAt pins both; an omitted bound stays as it is. */
export function requestedBounds(params: Params, current: Bounds): Bounds {
  if (params.pauseAt !== undefined) return { minReplicas: params.pauseAt, maxReplicas: params.pauseAt };
  return { minReplicas: params.minReplicas ?? current.minReplicas, maxReplicas: params.maxReplicas ?? current.maxReplicas };
}

function checkBounds(bounds: Partial<Bounds>, limits: Pick<OperationLimits, 'minReplicas' | 'maxReplicas'>) {
  const floor = Math.max(1, limits.minReplicas);
  const { minReplicas, maxReplicas } = bounds;
  if (maxReplicas !== undefined && maxReplicas > limits.maxReplicas) {
    throw new InputError(
      `A maximum of ${maxReplicas} replicas exceeds the cap of ${limits.maxReplicas} for this environment (${CAP_KEY}.maxReplicas); ask the platform team to raise it`,
    );
  }
  if (minReplicas !== undefined && minReplicas < floor) {
    throw new InputError(`A minimum of ${minReplicas} replicas is below the floor of ${floor} for this environment (${CAP_KEY}.minReplicas)`);
  }
  if (minReplicas !== undefined && maxReplicas !== undefined && minReplicas > maxReplicas) {
    throw new InputError(`minReplicas ${minReplicas} would exceed maxReplicas ${maxReplicas}; give both`);
  }
}

function formatBounds(b: Bounds): string {
  return b.minReplicas === b.maxReplicas ? `paused at ${b.minReplicas}` : `min ${b.minReplicas}, max ${b.maxReplicas}`;
}

function pauseReminder(where: string, previous: Bounds, count: number): string {
  return `Paused: HPA ${where} holds ${count} replicas and no longer follows the load. Undo it with the Scale autoscaler runbook (min ${previous.minReplicas}, max ${previous.maxReplicas}) once the reason has passed`;
}

async function scaleTarget(ctx: RunbookContext<Params>, hpa: KubeObject): Promise<{ kind: string; name: string } | undefined> {
  const ref = hpa.spec?.scaleTargetRef;
  if (ref?.kind !== 'Deployment') return undefined;
  return (await ctx.kube.tryGet(RESOURCES.deployment, ctx.params.namespace, ref.name)) ? { kind: 'Deployment', name: ref.name } : undefined;
}

/**
 * Ops guide 3.1 with an autoscaler: the replica count is the HPA's to set, so the lasting change is to its bounds.
 * Merge-patches `spec.minReplicas`/`spec.maxReplicas` (or pins both to pause it), then waits until the HPA observed
 * the change and its target's replicas are within the new bounds and ready.
 */
export const autoscalerScale: Runbook<'autoscaler-scale'> = {
  id: 'autoscaler-scale',
  target: p => ({ kind: 'HorizontalPodAutoscaler', namespace: p.namespace, name: p.autoscaler, targetKind: 'autoscaler' }),

  checkLimits(params, limits) {
    const pinned = params.pauseAt;
    checkBounds({ minReplicas: pinned ?? params.minReplicas, maxReplicas: pinned ?? params.maxReplicas }, limits);
  },

  async preflight({ params, kube, limits }) {
    const hpa = await kube.get(RESOURCES.hpa, params.namespace, params.autoscaler);
    const current = boundsOf(hpa);
    const next = requestedBounds(params, current);
    checkBounds(next, limits);
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const notes = [`${formatBounds(current)} → ${formatBounds(next)}; scales ${ref.kind} ${params.namespace}/${ref.name}`];
    if (params.pauseAt !== undefined) notes.push(pauseReminder(`${params.namespace}/${params.autoscaler}`, current, params.pauseAt));
    // The deployment's replicas change too: no other runbook may scale or roll it meanwhile.
    const extraLocks = ref.kind === 'Deployment' ? [{ kind: 'Deployment', namespace: params.namespace, name: ref.name }] : [];
    return { notes, extraLocks };
  },

  async run(ctx) {
    const { namespace, autoscaler: name } = ctx.params;
    const where = `${namespace}/${name}`;
    const hpa = await ctx.step('read', `Reading HPA ${where}`, async step => {
      const h = await ctx.kube.get(RESOURCES.hpa, namespace, name);
      step.progress(`HPA ${where}: ${formatBounds(boundsOf(h))}, ${h.status?.currentReplicas ?? '?'} replicas now`);
      return h;
    });
    const from = boundsOf(hpa);
    const to = requestedBounds(ctx.params, from);
    checkBounds(to, ctx.limits);
    const paused = ctx.params.pauseAt !== undefined;
    const reminder = paused ? pauseReminder(where, from, to.minReplicas) : undefined;
    const result = { from, to, paused, ...(reminder ? { reminder } : {}) };
    if (from.minReplicas === to.minReplicas && from.maxReplicas === to.maxReplicas) {
      await ctx.skip('plan', `HPA ${where} already has ${formatBounds(to)}`);
      if (ctx.dryRun) return { summary: `Dry run: HPA ${where} already has ${formatBounds(to)}; nothing would change`, result };
    } else {
      const change = {
        type: RESOURCES.hpa,
        namespace,
        name,
        verb: 'patch' as const,
        contentType: 'application/merge-patch+json',
        body: { metadata: { annotations: { [OPERATION_ID_ANNOTATION]: ctx.operationId } }, spec: to },
        before: hpa,
        what: `set ${formatBounds(to)} (was ${formatBounds(from)})`,
      };
      await ctx.plan([change]);
      if (ctx.dryRun) {
        return { summary: `Dry run: would set HPA ${where} to ${formatBounds(to)} (was ${formatBounds(from)})${reminder ? `. ${reminder}` : ''}`, result };
      }
      await ctx.apply([change]);
    }
    const since = ctx.now();
    const target = await scaleTarget(ctx, hpa);
    const replicas = await ctx.step('wait', `Waiting for HPA ${where} and its target to reach ${formatBounds(to)}`, step =>
      waitForBounds(ctx, step, { to, target, since }),
    );
    if (target) {
      await ctx.step('verify', `Watching the pods of ${namespace}/${target.name}`, async step => {
        const v = await verifyPods(ctx, step, { namespace, name: target.name, observeMs: ctx.facts.verifyMs as number, expectedReplicas: replicas, since });
        return `${v.ready}/${v.desired} pods of ${namespace}/${target.name} ready, none crash-looping`;
      });
    }
    return {
      summary: `Set HPA ${where} to ${formatBounds(to)} (was ${formatBounds(from)}); ${replicas} replicas${reminder ? `. ${reminder}` : ''}`,
      result: { ...result, replicas },
    };
  },
};

/** Until the HPA observed the new spec and its target's replica count is within the bounds: that count. */
async function waitForBounds(
  ctx: RunbookContext<Params>,
  step: StepHandle,
  options: { to: Bounds; target?: { kind: string; name: string }; since: number },
): Promise<number> {
  const { namespace, autoscaler: name, timeoutSeconds } = ctx.params;
  const { to, target } = options;
  const where = `${namespace}/${name}`;
  const sources = {
    hpa: { path: collectionPathOf(RESOURCES.hpa, namespace), fieldSelector: `metadata.name=${name}` },
    deployment: { path: collectionPathOf(RESOURCES.deployment, namespace), fieldSelector: `metadata.name=${target?.name ?? name}` },
  };
  const within = (n: number) => n >= to.minReplicas && n <= to.maxReplicas;
  try {
    return await waitFor({
      client: ctx.cluster.client,
      sources,
      timeoutMs: timeoutSeconds * 1000,
      signal: ctx.signal,
      onProgress: m => step.progress(`Waiting for HPA ${where}: ${m}`),
      evaluate: state => {
        const hpa = state.hpa.get(name);
        if (!hpa) return { done: false, failed: `HPA ${where} was deleted` };
        const d = target ? state.deployment.get(target.name) : undefined;
        if (target && !d) return { done: false, failed: `deployment ${namespace}/${target.name} was deleted` };
        if (d?.spec?.replicas === 0) {
          return { done: false, failed: `deployment ${namespace}/${d.metadata.name} is scaled to 0, which turns its HPA off; scale it up first` };
        }
        const s = hpa.status ?? {};
        if ((s.observedGeneration ?? 0) < (hpa.metadata.generation ?? 0)) return { done: false, progress: 'waiting for the HPA to observe the change' };
        if (!within(s.desiredReplicas ?? -1)) return { done: false, progress: `HPA wants ${s.desiredReplicas} replicas` };
        if (!d) return { done: true, value: s.desiredReplicas };
        const replicas = d.spec?.replicas ?? 1;
        if (!within(replicas)) return { done: false, progress: `${d.metadata.name} has ${replicas} replicas` };
        const ready = d.status?.readyReplicas ?? 0;
        if (ready < replicas || (d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
          return { done: false, progress: `${ready}/${replicas} replicas of ${d.metadata.name} ready` };
        }
        return { done: true, value: replicas };
      },
    });
  } catch (e) {
    if (!(e instanceof WaitTimeoutError) || !target) throw e;
    const failure = `HPA ${where} or deployment ${namespace}/${target.name} did not reach ${formatBounds(to)} ${e.message}`;
    throw new WaitFailedError(await withShortfallCause(ctx.kube, { namespace, name: target.name, since: options.since }, failure));
  }
}
