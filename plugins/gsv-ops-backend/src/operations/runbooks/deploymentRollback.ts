import { InputError } from '@backstage/errors';
import type { KubeObject } from '../../services/ClusterRegistry/types';
import { RESOURCES } from '../kube/resources';
import { formatLabelSelector } from '../kube/selectors';
import {
  equalIgnoreHash,
  ownedReplicaSets,
  POD_TEMPLATE_HASH,
  REVISION_ANNOTATION,
  revisionOf,
  verifyPods,
  waitForRollout,
} from './deployments';
import { KubeReader, OPERATION_ID_ANNOTATION, Runbook } from './types';

/** Annotations kept from the deployment and never copied from the ReplicaSet (kubectl's annotationsToSkip). */
const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

interface RollbackPlan {
  deployment: KubeObject;
  from?: number;
  to: number;
  replicaSet: KubeObject;
  /** Set when the current template already is the target revision (kubectl: "skipped rollback"). */
  alreadyCurrent: boolean;
  available: number[];
}

/** kubectl's deploymentRevision(): the exact revision, or with none given the second-newest one. */
async function planRollback(kube: KubeReader, namespace: string, name: string, toRevision?: number): Promise<RollbackPlan> {
  const deployment = await kube.get(RESOURCES.deployment, namespace, name);
  if (deployment.spec?.paused) {
    throw new InputError(
      `You cannot roll back a paused deployment; resume ${namespace}/${name} first (kubectl rollout resume deployment/${name}) and try again`,
    );
  }
  const replicaSets = ownedReplicaSets(
    deployment,
    await kube.list(RESOURCES.replicaSet, namespace, { labelSelector: formatLabelSelector(deployment.spec?.selector) }),
  ).filter(rs => revisionOf(rs) !== undefined);
  const available = replicaSets.map(rs => revisionOf(rs)!).sort((a, b) => a - b);
  const sorted = [...replicaSets].sort((a, b) => revisionOf(b)! - revisionOf(a)!);
  let target: KubeObject | undefined;
  if (toRevision !== undefined) {
    target = sorted.find(rs => revisionOf(rs) === toRevision);
    if (!target) {
      throw new InputError(
        `Unable to find revision ${toRevision} of deployment ${namespace}/${name}; available revisions: ${available.join(', ') || 'none'}`,
      );
    }
  } else {
    target = sorted[1];
    if (!target) {
      throw new InputError(`No rollout history found for deployment ${namespace}/${name}: there is no previous revision to roll back to`);
    }
  }
  return {
    deployment,
    from: revisionOf(deployment),
    to: revisionOf(target)!,
    replicaSet: target,
    alreadyCurrent: equalIgnoreHash(target.spec?.template, deployment.spec?.template),
    available,
  };
}

/** The JSON patch `kubectl rollout undo` sends: replace the pod template and the annotations. */
export function rollbackPatch(deployment: KubeObject, replicaSet: KubeObject, operationId: string): unknown[] {
  const template = JSON.parse(JSON.stringify(replicaSet.spec?.template ?? {}));
  if (template.metadata?.labels) delete template.metadata.labels[POD_TEMPLATE_HASH];
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(deployment.metadata.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  }
  for (const [k, v] of Object.entries(replicaSet.metadata.annotations ?? {})) {
    if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  }
  annotations[OPERATION_ID_ANNOTATION] = operationId;
  return [
    { op: 'replace', path: '/spec/template', value: template },
    // `add` replaces an existing member and also works when the deployment has no annotations at all.
    { op: 'add', path: '/metadata/annotations', value: annotations },
  ];
}

/**
 * Ops guide 6.2 with `kubectl rollout undo` semantics (k8s.io/kubectl polymorphichelpers/rollback.go): find the
 * ReplicaSet of the previous revision (or `toRevision`) among those the deployment controls, copy its pod template
 * minus `pod-template-hash` back into the deployment with a JSON patch, then wait for the rollout.
 */
export const deploymentRollback: Runbook<'deployment-rollback'> = {
  id: 'deployment-rollback',
  target: p => ({ kind: 'Deployment', namespace: p.namespace, name: p.deployment, targetKind: 'deployment' }),

  async preflight({ params, kube }) {
    const plan = await planRollback(kube, params.namespace, params.deployment, params.toRevision);
    return {
      notes: [
        plan.alreadyCurrent
          ? `the current template already matches revision ${plan.to}`
          : `will roll back from revision ${plan.from ?? '?'} to revision ${plan.to} (available: ${plan.available.join(', ')})`,
      ],
    };
  },

  async run(ctx) {
    const { namespace, deployment: name, toRevision, timeoutSeconds } = ctx.params;
    const where = `${namespace}/${name}`;
    const plan = await ctx.step('read', `Reading deployment ${where} and its revisions`, async step => {
      const p = await planRollback(ctx.kube, namespace, name, toRevision);
      step.detail({ revisions: p.available, from: p.from, to: p.to, replicaSet: p.replicaSet.metadata.name });
      return p;
    });
    if (plan.alreadyCurrent) {
      await ctx.skip('plan', `Skipped rollback: the current template of ${where} already matches revision ${plan.to}`);
      return {
        summary: `${ctx.dryRun ? 'Dry run: nothing to do' : 'Nothing to do'}: the current template of ${where} already matches revision ${plan.to}`,
        result: { from: plan.from, to: plan.to, changed: false },
      };
    }
    const change = {
      type: RESOURCES.deployment,
      namespace,
      name,
      verb: 'patch' as const,
      contentType: 'application/json-patch+json',
      body: rollbackPatch(plan.deployment, plan.replicaSet, ctx.operationId),
      before: plan.deployment,
      what: `restore the pod template of revision ${plan.to} (ReplicaSet ${plan.replicaSet.metadata.name})`,
    };
    await ctx.plan([change]);
    if (ctx.dryRun) {
      return {
        summary: `Dry run: would roll back deployment ${where} from revision ${plan.from ?? '?'} to revision ${plan.to}`,
        result: { from: plan.from, to: plan.to },
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
      step.progress(`Rollout of ${where} complete: now revision ${r.revision ?? '?'} (the template of revision ${plan.to})`);
      return r;
    });
    const verified = await ctx.step('verify', `Watching the pods of ${where}`, async step => {
      const v = await verifyPods(ctx, step, { namespace, name, observeMs: ctx.facts.verifyMs as number, since: appliedAt });
      step.progress(`${v.ready}/${v.desired} pods ready, ${v.restarts} restarts, none crash-looping`);
      return v;
    });
    return {
      summary: `Rolled back deployment ${where} to the template of revision ${plan.to} (now revision ${rollout.revision ?? '?'}); ${verified.ready}/${verified.desired} pods ready`,
      result: { from: plan.from, to: plan.to, revision: rollout.revision, readyReplicas: verified.ready, changed: true },
    };
  },
};
