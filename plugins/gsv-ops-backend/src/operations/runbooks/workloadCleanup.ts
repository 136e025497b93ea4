import { InputError } from '@backstage/errors';
import type { KubeObject } from '../../services/ClusterRegistry/types';
import { collectionPathOf, RESOURCES } from '../kube/resources';
import { waitFor, WaitFailedError, WaitTimeoutError } from '../kube/waitFor';
import { ownedReplicaSets, revisionOf } from './deployments';
import type { Change, KubeReader, Runbook, EntityScope } from './types';

interface Candidate {
  kind: 'Job' | 'ReplicaSet';
  object: KubeObject;
  /** Epoch ms; oldest are deleted first when over the cap. */
  age: number;
  why: string;
}

interface CleanupPlan {
  candidates: Candidate[];
  selected: Candidate[];
  keptReplicaSets: string[];
  /** Deployments whose ReplicaSets are deleted (locked for the duration). */
  deployments: string[];
}

function completedAt(job: KubeObject): number | undefined {
  const complete = (job.status?.conditions ?? []).find((c: any) => c.type === 'Complete' && c.status === 'True');
  if (!complete) return undefined;
  const t = Date.parse(job.status?.completionTime ?? complete.lastTransitionTime ?? '');
  return Number.isFinite(t) ? t : undefined;
}

async function planCleanup(
  kube: KubeReader,
  scope: EntityScope,
  params: { namespace: string; completedJobsOlderThanHours: number; keepReplicaSets: number; maxDeletions: number },
  now: number,
): Promise<CleanupPlan> {
  const { namespace } = params;
  const candidates: Candidate[] = [];
  const keptReplicaSets: string[] = [];
  const touched = new Set<string>();

  // Old ReplicaSets: only those controlled by the entity's deployments, never the current one, keeping the newest N.
  const own = (await scope.deployments()).filter(d => d.namespace === namespace).map(d => d.name);
  if (own.length > 0) {
    const deployments = (await kube.list(RESOURCES.deployment, namespace)).filter(d => own.includes(d.metadata.name));
    const replicaSets = await kube.list(RESOURCES.replicaSet, namespace);
    for (const deployment of deployments) {
      const current = revisionOf(deployment);
      const old = ownedReplicaSets(deployment, replicaSets)
        .filter(rs => revisionOf(rs) !== current)
        .filter(rs => (rs.spec?.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0)
        .sort((a, b) => (revisionOf(b) ?? 0) - (revisionOf(a) ?? 0));
      old.slice(0, params.keepReplicaSets).forEach(rs => keptReplicaSets.push(rs.metadata.name));
      for (const rs of old.slice(params.keepReplicaSets)) {
        touched.add(deployment.metadata.name);
        candidates.push({
          kind: 'ReplicaSet',
          object: rs,
          age: Date.parse(rs.metadata.creationTimestamp ?? '') || 0,
          why: `revision ${revisionOf(rs) ?? '?'} of ${deployment.metadata.name}, 0 replicas (keeping the ${params.keepReplicaSets} newest old revisions)`,
        });
      }
    }
  }

  // Completed Jobs of the entity (its label selector), finished longer ago than asked. Failed jobs stay for debugging.
  const selector = scope.labelSelector();
  if (selector) {
    const jobs = await kube.list(RESOURCES.job, namespace, { labelSelector: selector });
    const cutoff = now - params.completedJobsOlderThanHours * 3600_000;
    for (const job of jobs) {
      const done = completedAt(job);
      if (done === undefined || done > cutoff || job.metadata.deletionTimestamp) continue;
      candidates.push({
        kind: 'Job',
        object: job,
        age: done,
        why: `completed ${new Date(done).toISOString()}`,
      });
    }
  }

  const selected = [...candidates].sort((a, b) => a.age - b.age).slice(0, params.maxDeletions);
  const deployments = [...touched].filter(d =>
    selected.some(c => c.kind === 'ReplicaSet' && (c.object.metadata.ownerReferences ?? []).some(o => o.name === d)),
  );
  return { candidates, selected, keptReplicaSets, deployments };
}

function typeOf(candidate: Candidate) {
  return candidate.kind === 'Job' ? RESOURCES.job : RESOURCES.replicaSet;
}

/**
 * Ops guide 9.2, safely: delete the entity's completed Jobs older than N hours and the old zero-replica ReplicaSets of
 * its deployments (never the current one; the newest N old ones stay for rollbacks), at most maxDeletions objects
 * (oldest first), each with background propagation and a uid/resourceVersion precondition so an object that changed
 * since it was read (e.g. scaled up by a rollback) is not deleted.
 */
export const workloadCleanup: Runbook<'workload-cleanup'> = {
  id: 'workload-cleanup',
  target: p => ({ kind: 'Namespace', name: p.namespace, targetKind: 'namespace' }),

  checkLimits(params, limits) {
    if (params.maxDeletions > limits.maxObjectsDeleted) {
      throw new InputError(
        `maxDeletions ${params.maxDeletions} exceeds the cap of ${limits.maxObjectsDeleted} objects per clean-up in this environment (gsvOps.operations.policy.limits.maxObjectsDeleted)`,
      );
    }
    if (params.keepReplicaSets < limits.minKeepReplicaSets) {
      throw new InputError(
        `keepReplicaSets ${params.keepReplicaSets} is below the minimum of ${limits.minKeepReplicaSets} old revisions kept for rollbacks in this environment`,
      );
    }
  },

  async preflight({ params, kube, scope, now }) {
    const plan = await planCleanup(kube, scope, params, now());
    return {
      extraLocks: plan.deployments.map(name => ({ kind: 'Deployment', namespace: params.namespace, name })),
      notes: [
        `${plan.selected.length} object${plan.selected.length === 1 ? '' : 's'} to delete${plan.candidates.length > plan.selected.length ? ` (${plan.candidates.length - plan.selected.length} more left for a later run)` : ''}`,
      ],
    };
  },

  async run(ctx) {
    const { namespace, timeoutSeconds } = ctx.params;
    const plan = await ctx.step('read', `Finding completed Jobs and old ReplicaSets of ${ctx.scope.entity.metadata.name} in ${namespace}`, async step => {
      const p = await planCleanup(ctx.kube, ctx.scope, ctx.params, ctx.now());
      step.detail({
        candidates: p.candidates.map(c => `${c.kind} ${c.object.metadata.name}: ${c.why}`),
        kept: p.keptReplicaSets,
      });
      step.progress(
        `${p.candidates.length} candidate${p.candidates.length === 1 ? '' : 's'}; deleting ${p.selected.length} (cap ${ctx.params.maxDeletions}); keeping ${p.keptReplicaSets.length} old ReplicaSet${p.keptReplicaSets.length === 1 ? '' : 's'} for rollbacks`,
      );
      return p;
    });
    if (plan.selected.length === 0) {
      await ctx.skip('plan', `Nothing to clean up in ${namespace}`);
      return { summary: `${ctx.dryRun ? 'Dry run: n' : 'N'}othing to clean up in ${namespace}`, result: { deleted: [], kept: plan.keptReplicaSets, remaining: 0 } };
    }
    const changes: Change[] = plan.selected.map(c => ({
      type: typeOf(c),
      namespace,
      name: c.object.metadata.name,
      verb: 'delete',
      body: {
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        propagationPolicy: 'Background',
        preconditions: { uid: c.object.metadata.uid, resourceVersion: c.object.metadata.resourceVersion },
      },
      before: c.object,
      what: `delete ${c.kind} ${c.object.metadata.name} (${c.why})`,
    }));
    await ctx.plan(changes);
    const remaining = plan.candidates.length - plan.selected.length;
    const names = plan.selected.map(c => `${c.kind} ${c.object.metadata.name}`);
    if (ctx.dryRun) {
      return {
        summary: `Dry run: would delete ${names.length} object${names.length === 1 ? '' : 's'} in ${namespace} (${countBy(plan.selected)})${remaining ? `; ${remaining} more left for a later run` : ''}`,
        result: { wouldDelete: names, kept: plan.keptReplicaSets, remaining },
      };
    }
    await ctx.apply(changes);
    await ctx.step('wait', `Waiting until the deleted objects are gone`, async step => {
      const jobs = new Set(plan.selected.filter(c => c.kind === 'Job').map(c => c.object.metadata.name));
      const rss = new Set(plan.selected.filter(c => c.kind === 'ReplicaSet').map(c => c.object.metadata.name));
      try {
        await waitFor({
          client: ctx.cluster.client,
          sources: {
            jobs: { path: collectionPathOf(RESOURCES.job, namespace) },
            replicaSets: { path: collectionPathOf(RESOURCES.replicaSet, namespace) },
          },
          timeoutMs: timeoutSeconds * 1000,
          signal: ctx.signal,
          onProgress: m => step.progress(m),
          evaluate: state => {
            const left = [
              ...[...jobs].filter(n => state.jobs.get(n)?.metadata.uid === plan.selected.find(c => c.object.metadata.name === n)?.object.metadata.uid),
              ...[...rss].filter(n => state.replicaSets.get(n)?.metadata.uid === plan.selected.find(c => c.object.metadata.name === n)?.object.metadata.uid),
            ];
            return left.length === 0 ? { done: true, value: true } : { done: false, progress: `${left.length} still being deleted: ${left.slice(0, 5).join(', ')}` };
          },
        });
      } catch (e) {
        if (e instanceof WaitTimeoutError) {
          throw new WaitFailedError(`the deletions were accepted but ${e.progress} after ${timeoutSeconds} s; check their finalizers`);
        }
        throw e;
      }
      return `${names.length} object${names.length === 1 ? '' : 's'} deleted`;
    });
    return {
      summary: `Deleted ${names.length} object${names.length === 1 ? '' : 's'} in ${namespace} (${countBy(plan.selected)}); kept ${plan.keptReplicaSets.length} old ReplicaSet${plan.keptReplicaSets.length === 1 ? '' : 's'} for rollbacks${remaining ? `; ${remaining} more left for a later run` : ''}`,
      result: { deleted: names, kept: plan.keptReplicaSets, remaining },
    };
  },
};

function countBy(candidates: Candidate[]): string {
  const jobs = candidates.filter(c => c.kind === 'Job').length;
  const rss = candidates.length - jobs;
  return [jobs ? `${jobs} completed Job${jobs === 1 ? '' : 's'}` : '', rss ? `${rss} old ReplicaSet${rss === 1 ? '' : 's'}` : '']
    .filter(Boolean)
    .join(', ');
}
