import { InputError } from '@backstage/errors';
import type { KubeObject } from '../../services/ClusterRegistry/types';
import { collectionPathOf, RESOURCES } from '../kube/resources';
import { waitFor, WaitFailedError, WaitTimeoutError } from '../kube/waitFor';
import { verifyPods } from './deployments';
import type { KubeReader, Runbook } from './types';

async function hpaFor(kube: KubeReader, namespace: string, name: string): Promise<KubeObject | undefined> {
  const hpas = await kube.list(RESOURCES.hpa, namespace);
  return hpas.find(h => h.spec?.scaleTargetRef?.kind === 'Deployment' && h.spec?.scaleTargetRef?.name === name);
}

function hpaNote(hpa: KubeObject, replicas: number): string {
  const min = hpa.spec?.minReplicas ?? 1;
  const max = hpa.spec?.maxReplicas ?? 0;
  const where = `${hpa.metadata.namespace}/${hpa.metadata.name}`;
  if (replicas < min || replicas > max) {
    return `HPA ${where} (min ${min}, max ${max}) manages this deployment and will bring it back into ${min}–${max} at its next sync; change the HPA (in Git) for a lasting change`;
  }
  return `HPA ${where} (min ${min}, max ${max}) manages this deployment and may change the count again as load changes`;
}

/**
 * Ops guide 3.1, as `kubectl scale` does it: a patch of the deployment's scale subresource, within the platform's
 * caps, then a wait until the replicas are ready. An HPA on the deployment is reported, since it may override.
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
    const hpa = await hpaFor(kube, params.namespace, params.deployment);
    return { notes: hpa ? [hpaNote(hpa, params.replicas)] : [] };
  },

  async run(ctx) {
    const { namespace, deployment: name, replicas, timeoutSeconds } = ctx.params;
    const where = `${namespace}/${name}`;
    const { scale, hpa } = await ctx.step('read', `Reading the scale of deployment ${where}`, async step => {
      const s = await ctx.kube.get(RESOURCES.deployment, namespace, name, 'scale');
      const h = await hpaFor(ctx.kube, namespace, name);
      if (h) step.detail({ hpa: { name: h.metadata.name, minReplicas: h.spec?.minReplicas ?? 1, maxReplicas: h.spec?.maxReplicas } });
      step.progress(`Deployment ${where} has ${s.spec?.replicas ?? 0} replicas${h ? `; ${hpaNote(h, replicas)}` : ''}`);
      return { scale: s, hpa: h };
    });
    const from = scale.spec?.replicas ?? 0;
    const hpaResult = hpa
      ? { name: hpa.metadata.name, minReplicas: hpa.spec?.minReplicas ?? 1, maxReplicas: hpa.spec?.maxReplicas, note: hpaNote(hpa, replicas) }
      : undefined;
    if (from === replicas) {
      await ctx.skip('plan', `Deployment ${where} already has ${replicas} replicas: nothing to change`);
      if (ctx.dryRun) return { summary: `Dry run: deployment ${where} already has ${replicas} replicas; nothing would change`, result: { from, to: replicas, hpa: hpaResult } };
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
        return {
          summary: `Dry run: would scale deployment ${where} from ${from} to ${replicas} replicas${hpa ? ` (${hpaNote(hpa, replicas)})` : ''}`,
          result: { from, to: replicas, hpa: hpaResult },
        };
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
              return {
                done: false,
                failed: `something else changed the replicas of ${where} to ${d.spec?.replicas}${hpa ? ` (HPA ${hpa.metadata.name})` : ''}`,
              };
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
        if (e instanceof WaitTimeoutError) {
          throw new WaitFailedError(`scaling ${where} to ${replicas} ${e.message}; check the pods' events (quota, scheduling, image)`);
        }
        throw e;
      }
      return `Deployment ${where} has ${replicas} ready replicas`;
    });
    const verified = await ctx.step('verify', `Watching the pods of ${where}`, async step => {
      const v = await verifyPods(ctx, step, { namespace, name, observeMs: ctx.facts.verifyMs as number, expectedReplicas: replicas });
      step.progress(`${v.ready}/${v.desired} pods ready, none crash-looping`);
      return v;
    });
    return {
      summary: `Scaled deployment ${where} from ${from} to ${replicas} replicas; ${verified.ready}/${replicas} ready${hpaResult ? `. ${hpaResult.note}` : ''}`,
      result: { from, to: replicas, readyReplicas: verified.ready, hpa: hpaResult },
    };
  },
};
