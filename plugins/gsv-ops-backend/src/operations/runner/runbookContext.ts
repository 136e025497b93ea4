import { createHash } from 'node:crypto';
import type { AuditorService, AuditorServiceEvent } from '@backstage/backend-plugin-api';
import type { KubeObject } from '../../services/ClusterRegistry/types';
import { messageOf } from '../errors';
import { ClusterAccess, ClusterRequestError } from '../kube/ClusterAccess';
import { changesAnything, objectDiff } from '../kube/diff';
import { apiVersionOf } from '../kube/resources';
import { capitalizeFirst, describeRef } from '../records';
import type { Change, RunbookContext, StepHandle } from '../runbooks/types';
import type { OperationStore } from '../store/types';
import type { AppliedChange } from './outcome';
import { StepRecorder } from './StepRecorder';
import type { Execution } from './types';

interface ContextDeps {
  store: OperationStore;
  auditor: AuditorService;
  now: () => number;
}

/**
 * What a runbook runs with: recorded steps, the cluster (reads and writes), and `plan`/`apply`, which send changes
 * (a plan with `dryRun=All`), audit each one, record the diff of each object, and remember what was applied so an
 * operation that ends early says what it changed.
 */
export function createRunbookContext(op: Execution, signal: AbortSignal, applied: AppliedChange[], deps: ContextDeps): RunbookContext<any> {
  const access = new ClusterAccess(op.cluster, signal);
  const step = stepRunner(op.id, signal, deps);
  const mutate = mutator(op, access, signal, applied, deps.auditor);
  const record = (name: 'plan' | 'apply', dryRun: boolean) => async (changes: Change[], title?: string) => {
    if (changes.length === 0) return [];
    const verb = name === 'plan' ? 'Planned (sent with dryRun=All, accepted by the API server)' : 'Applied';
    const what = `${title ? ` (${title})` : ''}: ${changes.map(c => c.what).join('; ')}`;
    return step(name, `${name === 'plan' ? 'Planning' : 'Applying'}${what}`, async handle => {
      const { results, diffs } = await mutate(changes, dryRun);
      const first = changes[0];
      handle.detail({
        object: { kind: first.type.kind, namespace: first.namespace, name: first.name },
        ...(changes.length > 1 ? { objects: changes.map(c => ({ kind: c.type.kind, namespace: c.namespace, name: c.name })) } : {}),
        diff: diffs.join('\n'),
        dryRun,
      });
      handle.progress(`${verb}${what}`);
      return results;
    });
  };
  return {
    operationId: op.id,
    params: op.params,
    cluster: op.cluster,
    dryRun: op.dryRun,
    signal,
    limits: op.limits,
    initiatedBy: op.initiatedBy,
    scope: op.scope,
    facts: op.facts,
    kube: access,
    now: deps.now,
    step,
    skip: async (name, message) => {
      const at = new Date(deps.now()).toISOString();
      await deps.store.addStep(op.id, { name, status: 'skipped', message, startedAt: at, finishedAt: at });
    },
    plan: record('plan', true),
    apply: async (changes, title) => (op.dryRun ? [] : record('apply', false)(changes, title)),
  };
}

/** Runs a function as a recorded step: running, then succeeded (its string result as the message) or failed. */
function stepRunner(operationId: string, signal: AbortSignal, deps: ContextDeps) {
  return async <T>(name: string, message: string, fn: (handle: StepHandle) => Promise<T>): Promise<T> => {
    signal.throwIfAborted();
    const recorder = await StepRecorder.start(deps.store, operationId, name, message, deps.now);
    try {
      const value = await fn(recorder.handle);
      await recorder.finish('succeeded', typeof value === 'string' ? value : undefined);
      return value;
    } catch (e) {
      const reason = signal.aborted ? signal.reason : e;
      await recorder.finish('failed', capitalizeFirst(messageOf(reason)));
      throw e;
    }
  };
}

/** Sends changes one by one, each audited; answers the objects after each change and the diff of each (redacted). */
function mutator(op: Execution, access: ClusterAccess, signal: AbortSignal, applied: AppliedChange[], auditor: AuditorService) {
  return async (changes: Change[], dryRun: boolean): Promise<{ results: Array<KubeObject | undefined>; diffs: string[] }> => {
    const results: Array<KubeObject | undefined> = [];
    const diffs: string[] = [];
    for (const change of changes) {
      signal.throwIfAborted();
      const audit = await mutationAudit(auditor, op, change, dryRun);
      let after: KubeObject | undefined;
      try {
        after = await access.send(change, dryRun);
        await audit.success();
      } catch (e) {
        await audit.fail({ error: e as Error });
        if (!dryRun && results.length > 0) {
          const done = changes.slice(0, results.length).map(c => c.what).join('; ');
          throw new ClusterRequestError(`${messageOf(e)} (after ${results.length} of ${changes.length} changes were applied: ${done})`, 'Partial');
        }
        throw e;
      }
      // the object changed, which is not always the target: a restore creates a new cluster next to its source
      if (!dryRun) applied.push({ what: change.what, object: describeRef({ kind: change.type.kind, namespace: change.namespace, name: change.name }) });
      results.push(after);
      diffs.push(diffOf(change, after));
    }
    return { results, diffs };
  };
}

function diffOf(change: Change, after: KubeObject | undefined): string {
  const label = `${change.type.plural}/${change.namespace}/${change.name}${change.subresource ? `/${change.subresource}` : ''}`;
  const afterForDiff = change.verb === 'delete' ? undefined : after;
  return change.verb !== 'delete' && after && !changesAnything(change.before, afterForDiff)
    ? `# ${label}: no change`
    : objectDiff(label, change.before, afterForDiff);
}

/** The auditor's record of one write (or dry-run write) to a cluster: what, where, for whom; the body as a digest. */
function mutationAudit(auditor: AuditorService, op: Execution, change: Change, dryRun: boolean): Promise<AuditorServiceEvent> {
  return auditor.createEvent({
    eventId: 'kubernetes-mutation',
    severityLevel: op.environment === 'prod' && !dryRun ? 'high' : 'medium',
    meta: {
      operationId: op.id,
      runbook: op.runbook.id,
      initiatedBy: op.initiatedBy,
      cluster: op.cluster.name,
      environment: op.environment,
      apiVersion: apiVersionOf(change.type),
      kind: change.type.kind,
      namespace: change.namespace,
      name: change.name,
      verb: change.verb,
      ...(change.subresource ? { subresource: change.subresource } : {}),
      dryRun,
      bodySha256: createHash('sha256').update(JSON.stringify(change.body ?? null)).digest('hex'),
    },
  });
}
