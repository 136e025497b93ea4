import { InputError } from '@backstage/errors';
import type { KubeObject } from '../../services/ClusterRegistry/types';
import { parseGoDuration } from '../../domain/time';
import { collectionPathOf, RESOURCES, ResourceType } from '../kube/resources';
import { waitFor, WaitFailedError, WaitTimeoutError } from '../kube/waitFor';
import { conditionOf } from './cnpg';
import { RESTARTED_AT_ANNOTATION, verifyPods, waitForRollout } from './deployments';
import { Change, KubeReader, OPERATION_ID_ANNOTATION, PreflightContext, Runbook } from './types';

export const FORCE_SYNC_ANNOTATION = 'force-sync';

/** Whether a pod template uses a Secret: volumes (incl. projected), envFrom and env valueFrom. */
export function usesSecret(template: any, secretName: string): boolean {
  const spec = template?.spec ?? {};
  for (const volume of spec.volumes ?? []) {
    if (volume.secret?.secretName === secretName) return true;
    for (const source of volume.projected?.sources ?? []) {
      if (source.secret?.name === secretName) return true;
    }
  }
  for (const container of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    for (const from of container.envFrom ?? []) {
      if (from.secretRef?.name === secretName) return true;
    }
    for (const env of container.env ?? []) {
      if (env.valueFrom?.secretKeyRef?.name === secretName) return true;
    }
  }
  return false;
}

/** Why the operator would ignore a refresh request, or undefined when it will act on it (see domain reference §4). */
export function refreshBlocker(es: KubeObject): string | undefined {
  const policy: string = es.spec?.refreshPolicy ?? 'Periodic';
  const where = `${es.metadata.namespace}/${es.metadata.name}`;
  if (policy === 'CreatedOnce') {
    return `ExternalSecret ${where} has refreshPolicy CreatedOnce: the operator never refreshes it after the first sync, so a refresh request has no effect; change its refreshPolicy (in Git) to OnChange or Periodic first`;
  }
  if (policy === 'Periodic') {
    const interval = es.spec?.refreshInterval;
    const duration = interval === undefined ? undefined : parseGoDuration(String(interval));
    const zero = interval !== undefined && (String(interval).trim() === '0' || (duration !== undefined && duration.as('milliseconds') === 0));
    if (zero) {
      return `ExternalSecret ${where} has refreshPolicy Periodic with refreshInterval 0: the operator never refreshes it after the first sync, so a refresh request has no effect; set a refreshInterval or refreshPolicy OnChange (in Git) first`;
    }
  }
  return undefined;
}

interface RotatePlan {
  /** ExternalSecret at the version this cluster serves. */
  esType: ResourceType;
  externalSecret: KubeObject;
  secretName: string;
  /** The entity's deployments that use the secret. */
  consumers: KubeObject[];
  /** Deployments that use it but do not belong to the entity (never restarted by this operation). */
  foreign: string[];
}

async function planRotate(
  kube: KubeReader,
  ctx: Pick<PreflightContext<unknown>, 'scope'>,
  params: { namespace: string; externalSecret: string; restartConsumers: boolean },
): Promise<RotatePlan> {
  const esType = await kube.served(RESOURCES.externalSecret);
  const externalSecret = await kube.get(esType, params.namespace, params.externalSecret);
  const blocker = refreshBlocker(externalSecret);
  if (blocker) throw new InputError(blocker);
  const secretName: string = externalSecret.spec?.target?.name ?? params.externalSecret;
  const deployments = await kube.list(RESOURCES.deployment, params.namespace);
  const users = deployments.filter(d => usesSecret(d.spec?.template, secretName));
  const own = new Set(
    (await ctx.scope.deployments()).filter(d => d.namespace === params.namespace).map(d => d.name),
  );
  return {
    esType,
    externalSecret,
    secretName,
    consumers: users.filter(d => own.has(d.metadata.name)),
    foreign: users.filter(d => !own.has(d.metadata.name)).map(d => `${params.namespace}/${d.metadata.name}`),
  };
}

/**
 * Ops guide 8.3: refresh the ExternalSecret by changing an annotation (`force-sync=<epoch>`, which changes the
 * resource version the operator compares), refusing clearly when its refresh policy would ignore it; wait until
 * `status.refreshTime` advances with Ready=True; then, if asked, restart the entity's deployments that use the
 * Secret and wait for their rollouts.
 */
export const secretRotate: Runbook<'secret-rotate'> = {
  id: 'secret-rotate',
  target: p => ({ kind: 'ExternalSecret', namespace: p.namespace, name: p.externalSecret, targetKind: 'externalSecret' }),

  async preflight(ctx) {
    const plan = await planRotate(ctx.kube, ctx, ctx.params);
    if (ctx.params.restartConsumers && plan.consumers.length > ctx.limits.maxConsumerRestarts) {
      throw new InputError(
        `Secret ${plan.secretName} is used by ${plan.consumers.length} deployments, more than the cap of ${ctx.limits.maxConsumerRestarts} restarts per rotation; restart them in smaller groups`,
      );
    }
    const notes = [
      `secret ${plan.secretName} is used by ${plan.consumers.map(d => d.metadata.name).join(', ') || 'no deployment of this entity'}`,
    ];
    if (plan.foreign.length) notes.push(`also used by ${plan.foreign.join(', ')} (not part of this entity: restart them from their own Ops tab)`);
    return {
      notes,
      extraLocks: ctx.params.restartConsumers
        ? plan.consumers.map(d => ({ kind: 'Deployment', namespace: ctx.params.namespace, name: d.metadata.name }))
        : [],
    };
  },

  async run(ctx) {
    const { namespace, externalSecret: name, restartConsumers, timeoutSeconds } = ctx.params;
    const where = `${namespace}/${name}`;
    const deadline = ctx.now() + timeoutSeconds * 1000;
    const plan = await ctx.step('read', `Reading ExternalSecret ${where}`, async step => {
      const p = await planRotate(ctx.kube, ctx, ctx.params);
      const ready = conditionOf(p.externalSecret, 'Ready');
      step.detail({ secret: p.secretName, consumers: p.consumers.map(d => d.metadata.name), notRestarted: p.foreign });
      step.progress(
        `ExternalSecret ${where}: Ready=${ready?.status ?? 'Unknown'}, last refresh ${p.externalSecret.status?.refreshTime ?? 'never'}; Secret ${p.secretName} used by ${p.consumers.map(d => d.metadata.name).join(', ') || 'none of the entity’s deployments'}`,
      );
      return p;
    });
    const previousRefresh = Date.parse(plan.externalSecret.status?.refreshTime ?? '') || 0;
    const previousSynced: string | undefined = plan.externalSecret.status?.syncedResourceVersion;
    const previousReady = conditionOf(plan.externalSecret, 'Ready');
    const epoch = String(Math.floor(ctx.now() / 1000));
    const refresh: Change = {
      type: plan.esType,
      namespace,
      name,
      verb: 'patch',
      contentType: 'application/merge-patch+json',
      body: { metadata: { annotations: { [FORCE_SYNC_ANNOTATION]: epoch, [OPERATION_ID_ANNOTATION]: ctx.operationId } } },
      before: plan.externalSecret,
      what: `set ${FORCE_SYNC_ANNOTATION}=${epoch} to make the operator refresh now`,
    };
    const restartedAt = new Date(ctx.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const restarts: Change[] = restartConsumers
      ? plan.consumers.map(d => ({
          type: RESOURCES.deployment,
          namespace,
          name: d.metadata.name,
          verb: 'patch',
          contentType: 'application/strategic-merge-patch+json',
          body: {
            metadata: { annotations: { [OPERATION_ID_ANNOTATION]: ctx.operationId } },
            spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: restartedAt } } } },
          },
          before: d,
          what: `restart deployment ${namespace}/${d.metadata.name} so it reads the new secret`,
        }))
      : [];
    await ctx.plan([refresh, ...restarts]);
    if (ctx.dryRun) {
      return {
        summary: `Dry run: would refresh ExternalSecret ${where}${restarts.length ? ` and then restart ${restarts.map(r => r.name).join(', ')}` : ''}`,
        result: { secret: plan.secretName, consumers: plan.consumers.map(d => d.metadata.name) },
      };
    }
    await ctx.apply([refresh], 'refresh');
    const synced = await ctx.step('wait', `Waiting for ExternalSecret ${where} to sync`, async step => {
      try {
        return await waitFor({
          client: ctx.cluster.client,
          sources: { es: { path: collectionPathOf(plan.esType, namespace), fieldSelector: `metadata.name=${name}` } },
          timeoutMs: Math.max(1000, deadline - ctx.now()),
          signal: ctx.signal,
          onProgress: m => step.progress(`ExternalSecret ${where}: ${m}`),
          evaluate: state => {
            const es = state.es.get(name);
            if (!es) return { done: false, failed: `ExternalSecret ${where} was deleted` };
            const ready = conditionOf(es, 'Ready');
            const refreshed = Date.parse(es.status?.refreshTime ?? '') || 0;
            const advanced = refreshed > previousRefresh && es.status?.syncedResourceVersion !== previousSynced;
            if (advanced && ready?.status === 'True') return { done: true, value: es };
            // The operator keeps syncedResourceVersion on errors: a Ready condition that turned False (or changed)
            // since our request is its answer.
            const readyChanged =
              ready?.status !== previousReady?.status || ready?.lastTransitionTime !== previousReady?.lastTransitionTime;
            if (ready?.status === 'False' && (readyChanged || es.status?.syncedResourceVersion !== previousSynced)) {
              return { done: false, failed: `ExternalSecret ${where} failed to sync: ${ready.reason}${ready.message ? ` (${ready.message})` : ''}` };
            }
            return { done: false, progress: `last refresh ${es.status?.refreshTime ?? 'never'}, Ready=${ready?.status ?? 'Unknown'}` };
          },
        });
      } catch (e) {
        if (e instanceof WaitTimeoutError || e instanceof WaitFailedError) {
          const why = e instanceof WaitTimeoutError ? `did not refresh ${e.message}` : e.message;
          throw new WaitFailedError(
            `${why.startsWith('ExternalSecret') ? why : `ExternalSecret ${where} ${why}`}; check its SecretStore and the provider (the Secret keeps its old value; consumers were not restarted)`,
          );
        }
        throw e;
      }
    });
    const restarted: string[] = [];
    if (restarts.length > 0) {
      const appliedAt = ctx.now();
      const patched = await ctx.apply(restarts, 'restart consumers');
      for (let i = 0; i < restarts.length; i++) {
        const r = restarts[i];
        await ctx.step('wait', `Waiting for the rollout of ${namespace}/${r.name}`, async step => {
          const rollout = await waitForRollout(ctx, step, {
        since: appliedAt,
            namespace,
            name: r.name,
            generation: patched[i]?.metadata.generation ?? 0,
            timeoutMs: Math.max(1000, deadline - ctx.now()),
          });
          return `Rollout of ${namespace}/${r.name} complete: revision ${rollout.revision ?? '?'}`;
        });
        await ctx.step('verify', `Watching the new pods of ${namespace}/${r.name}`, async step => {
          const v = await verifyPods(ctx, step, { namespace, name: r.name, observeMs: ctx.facts.verifyMs as number, since: appliedAt });
          return `${v.ready}/${v.desired} pods of ${namespace}/${r.name} ready, none crash-looping`;
        });
        restarted.push(r.name);
      }
    } else if (plan.consumers.length > 0) {
      await ctx.skip('restart', `Not restarting ${plan.consumers.map(d => d.metadata.name).join(', ')} (restartConsumers is off): they read the new value only when their pods restart, unless they watch the Secret`);
    }
    return {
      summary: `Refreshed ExternalSecret ${where} at ${synced.status?.refreshTime}${restarted.length ? `; restarted ${restarted.join(', ')}` : ''}${plan.foreign.length ? `; not restarted (other entities): ${plan.foreign.join(', ')}` : ''}`,
      result: { secret: plan.secretName, refreshTime: synced.status?.refreshTime, restarted, notRestarted: plan.foreign },
    };
  },
};
