import { InputError } from '@backstage/errors';
import { RESOURCES } from '../kube/resources';
import { RESTARTED_AT_ANNOTATION, verifyPods, waitForRollout } from './deployments';
import { OPERATION_ID_ANNOTATION, Runbook } from './types';

/**
 * Ops guide 10.1, as `kubectl rollout restart` does it: a strategic merge patch of the pod template's
 * `kubectl.kubernetes.io/restartedAt` annotation, then `kubectl rollout status`, then a look at the new pods.
 */
export const deploymentRestart: Runbook<'deployment-restart'> = {
  id: 'deployment-restart',
  target: p => ({ kind: 'Deployment', namespace: p.namespace, name: p.deployment, targetKind: 'deployment' }),

  async preflight({ params, kube }) {
    const deployment = await kube.get(RESOURCES.deployment, params.namespace, params.deployment);
    if (deployment.spec?.paused) {
      throw new InputError(
        `Deployment ${params.namespace}/${params.deployment} is paused; resume it first (kubectl rollout resume) — a restart of a paused deployment does nothing`,
      );
    }
    return { notes: [`deployment has ${deployment.spec?.replicas ?? 1} replicas`] };
  },

  async run(ctx) {
    const { namespace, deployment: name, timeoutSeconds } = ctx.params;
    const where = `${namespace}/${name}`;
    const live = await ctx.step('read', `Reading deployment ${where}`, async () => {
      const d = await ctx.kube.get(RESOURCES.deployment, namespace, name);
      return d;
    });
    const restartedAt = new Date(ctx.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const change = {
      type: RESOURCES.deployment,
      namespace,
      name,
      verb: 'patch' as const,
      contentType: 'application/strategic-merge-patch+json',
      body: {
        metadata: { annotations: { [OPERATION_ID_ANNOTATION]: ctx.operationId } },
        spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: restartedAt } } } },
      },
      before: live,
      what: `set ${RESTARTED_AT_ANNOTATION}=${restartedAt} on the pod template (rolling restart)`,
    };
    await ctx.plan([change]);
    if (ctx.dryRun) {
      return {
        summary: `Dry run: would restart deployment ${where} (${live.spec?.replicas ?? 1} replicas, rolling) and wait up to ${timeoutSeconds} s for the rollout`,
      };
    }
    const appliedAt = ctx.now();
    const [patched] = await ctx.apply([change]);
    const rollout = await ctx.step('wait', `Waiting for the rollout of ${where}`, async step => {
      const r = await waitForRollout(ctx, step, {
        since: appliedAt,
        namespace,
        name,
        generation: patched?.metadata.generation ?? 0,
        timeoutMs: timeoutSeconds * 1000,
      });
      step.progress(`Rollout of ${where} complete: revision ${r.revision ?? '?'}, ${r.readyReplicas}/${r.replicas} ready`);
      return r;
    });
    const verified = await ctx.step('verify', `Watching the new pods of ${where}`, async step => {
      const v = await verifyPods(ctx, step, { namespace, name, observeMs: ctx.facts.verifyMs as number, since: appliedAt });
      step.progress(`${v.ready}/${v.desired} pods ready, ${v.restarts} restarts, none crash-looping`);
      return v;
    });
    return {
      summary: `Restarted deployment ${where}: revision ${rollout.revision ?? '?'} rolled out, ${verified.ready}/${verified.desired} pods ready, ${verified.restarts} restarts`,
      result: { revision: rollout.revision, readyReplicas: verified.ready, replicas: verified.desired, pods: verified.pods, restartedAt },
    };
  },
};
