import { ConflictError, InputError } from '@backstage/errors';
import type { KubeObject } from '../../services/ClusterRegistry/types';
import { collectionPathOf, RESOURCES } from '../kube/resources';
import { waitFor, WaitFailedError, WaitTimeoutError } from '../kube/waitFor';
import { verifyPods } from './deployments';
import { autoscalersOf, describeAutoscaler, withShortfallCause } from './replicaInterference';
import type { KubeReader, Runbook } from './types';

/** What to change on the HPA instead, for the count the caller wanted. */
function autoscalerAdvice(hpa: KubeObject, from: number, replicas: number): string {
  const min = hpa.spec?.minReplicas ?? 1;
  const max = hpa.spec?.maxReplicas ?? 1;
  if (replicas === 0) return 'an HPA never scales to 0: remove it from Git first';
  if (replicas > from) return replicas > max ? `set min and max to ${replicas}` : `set min to ${replicas}`;
  if (replicas < from) return replicas < min ? `set min and max to ${replicas}` : `set max to ${replicas}`;
  return `pause it at ${replicas}`;
}

/**
 * With an HPA the replica count is the autoscaler's to set: a scale would be undone at its next sync and the wait
 * would blame the pods. Refuse before any write and say what to change on the HPA instead.
 */
async function refuseIfAutoscaled(kube: KubeReader, namespace: string, name: string, replicas: number): Promise<void> {
  const [hpa] = await autoscalersOf(kube, namespace, name);
  if (!hpa) return;
  const scale = await kube.get(RESOURCES.deployment, namespace, name, 'scale');
  const advice = autoscalerAdvice(hpa, scale.spec?.replicas ?? 0, replicas);
  throw new ConflictError(
    `${describeAutoscaler(hpa)} manages ${name}: scale through the Scale autoscaler runbook (${advice}) instead`,
  );
}

/**
 * Ops guide 3.1, as `kubectl scale` does it: a patch of the deployment's scale subresource, within the platform's
 * caps, then a wait until the replicas are ready. A deployment an HPA manages is refused: its bounds are what to change.
 */
export const deploymentScale: Runbook<'deployment-scale'> = {
  id: 'deployment-scale',
  target: p => ({ kind: 'Deployment', namespace: p.namespace, name: p.deployment, targetKind: 'deployment' }),

  checkLimits(params, limits) {
    if (params.replicas > limits.maxReplicas) {
      throw new InputError(
        `${params.replicas} replicas exceeds the cap of ${limits.maxReplicas} for this environment (gsvOps.operations.policy.limits.maxReplicas); ask the platform team to raise it`,
      );
    }
    if (params.replicas < limits.minReplicas) {
      throw new InputError(`${params.replicas} replicas is below the minimum of ${limits.minReplicas} for this environment`);
    }
  },

  async preflight({ params, kube }) {
    await kube.get(RESOURCES.deployment, params.namespace, params.deployment);
    await refuseIfAutoscaled(kube, params.namespace, params.deployment, params.replicas);
    return {};
  },

  async run(ctx) {
    const { namespace, deployment: name, replicas, timeoutSeconds } = ctx.params;
    const where = `${namespace}/${name}`;
    const scale = await ctx.step('read', `Reading the scale of deployment ${where}`, async step => {
      // An HPA created since the preflight: still refused before any write.
      await refuseIfAutoscaled(ctx.kube, namespace, name, replicas);
      const s = await ctx.kube.get(RESOURCES.deployment, namespace, name, 'scale');
      step.progress(`Deployment ${where} has ${s.spec?.replicas ?? 0} replicas`);
      return s;
    });
    const from = scale.spec?.replicas ?? 0;
    const since = ctx.now();
    if (from === replicas) {
      await ctx.skip('plan', `Deployment ${where} already has ${replicas} replicas: nothing to change`);
      if (ctx.dryRun) return { summary: `Dry run: deployment ${where} already has ${replicas} replicas; nothing would change`, result: { from, to: replicas } };
    } else {
      const change = {
        type: RESOURCES.deployment,
        namespace,
        name,
        verb: 'patch' as const,
        subresource: 'scale' as const,
        contentType: 'application/merge-patch+json',
        body: { spec: { replicas } },
        before: scale,
        what: `scale from ${from} to ${replicas} replicas`,
      };
      await ctx.plan([change]);
      if (ctx.dryRun) {
        return { summary: `Dry run: would scale deployment ${where} from ${from} to ${replicas} replicas`, result: { from, to: replicas } };
      }
      await ctx.apply([change]);
    }
    await ctx.step('wait', `Waiting for ${replicas} ready replicas of ${where}`, async step => {
      try {
        await waitFor({
          client: ctx.cluster.client,
          sources: { deployment: { path: collectionPathOf(RESOURCES.deployment, namespace), fieldSelector: `metadata.name=${name}` } },
          timeoutMs: timeoutSeconds * 1000,
          signal: ctx.signal,
          onProgress: m => step.progress(`Waiting for ${replicas} ready replicas of ${where}: ${m}`),
          evaluate: state => {
            const d = state.deployment.get(name);
            if (!d) return { done: false, failed: `deployment ${where} was deleted` };
            if ((d.spec?.replicas ?? 1) !== replicas) {
              return { done: false, failed: `something else changed the replicas of ${where} to ${d.spec?.replicas}` };
            }
            const s = d.status ?? {};
            const observed = (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
            const ready = s.readyReplicas ?? 0;
            const total = s.replicas ?? 0;
            if (observed && ready === replicas && total === replicas && (s.availableReplicas ?? 0) >= replicas) {
              return { done: true, value: true };
            }
            return { done: false, progress: `${ready}/${replicas} ready, ${total} pods` };
          },
        });
      } catch (e) {
        if (!(e instanceof WaitTimeoutError) && !(e instanceof WaitFailedError)) throw e;
        const failure = e instanceof WaitTimeoutError ? `scaling ${where} to ${replicas} ${e.message}` : e.message;
        throw new WaitFailedError(await withShortfallCause(ctx.kube, { namespace, name, requested: replicas, since }, failure, "check the pods' events (scheduling, image)"));
      }
      return `Deployment ${where} has ${replicas} ready replicas`;
    });
    const verified = await ctx.step('verify', `Watching the pods of ${where}`, async step => {
      const v = await verifyPods(ctx, step, { namespace, name, observeMs: ctx.facts.verifyMs as number, expectedReplicas: replicas, since });
      step.progress(`${v.ready}/${v.desired} pods ready, none crash-looping`);
      return v;
    });
    return {
      summary: `Scaled deployment ${where} from ${from} to ${replicas} replicas; ${verified.ready}/${replicas} ready`,
      result: { from, to: replicas, readyReplicas: verified.ready },
    };
  },
};
