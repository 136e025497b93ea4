import { isKubernetesApiError, type KubeObject, type KubernetesClient } from '../../services/ClusterRegistry/types';
import { messageOf } from '../errors';
import { collectionPathOf, objectPathOf, RESOURCES } from '../kube/resources';
import { waitFor, WaitFailedError } from '../kube/waitFor';
import type { Change, RunbookContext, StepHandle } from '../runbooks/types';
import type { JobsConfig } from './jobsConfig';

/** The most log lines kept of a Job (the operation's step detail and the parsers read them). */
export const MAX_JOB_LOG_LINES = 500;
/** The log lines a failed Job's operation quotes in its summary. */
export const FAILURE_LOG_LINES = 20;

export interface JobRun {
  job: string;
  pod?: string;
  /** The container's log, at most MAX_JOB_LOG_LINES lines (the last ones). */
  log: string[];
}

interface Finished {
  succeeded: boolean;
  pod?: string;
  reason?: string;
}

/**
 * Runs a command as a Kubernetes Job and answers its log: plans it (server-side dry-run create, the manifest in the
 * plan's diff), creates it, follows its pod's log into the step's progress, waits for Complete or Failed, reads the
 * whole log, and deletes the Job (propagationPolicy Background). A failed Job fails the step and the operation with
 * its last FAILURE_LOG_LINES lines, and is kept for `gsvOps.operations.jobs.keepFailedMinutes` (its TTL removes it).
 * In a dry run it stops after the plan and answers undefined.
 */
export async function runJob(
  ctx: RunbookContext<unknown>,
  job: KubeObject,
  what: string,
  options: { /** Each log line prefixed with its RFC 3339 time (`kubectl logs --timestamps`). */ timestamps?: boolean } = {},
): Promise<JobRun | undefined> {
  const namespace = String(job.metadata.namespace);
  const name = String(job.metadata.name);
  const settings = ctx.facts.jobs as JobsConfig;
  const change: Change = { type: RESOURCES.job, namespace, name, verb: 'create', body: job, what: `create Job ${name} to ${what}` };
  await ctx.plan([change]);
  if (ctx.dryRun) return undefined;
  await ctx.apply([change]);
  let failed = false;
  try {
    return await ctx.step('job', `Running Job ${namespace}/${name} to ${what}`, async step => {
      const finished = await awaitJob(ctx, step, { namespace, name, deadlineSeconds: job.spec?.activeDeadlineSeconds ?? settings.activeDeadlineSeconds });
      const log = finished.pod ? await readLog(ctx.cluster.client, { namespace, pod: finished.pod, timestamps: options.timestamps }, ctx.signal) : [];
      step.detail({ job: { namespace, name }, pod: finished.pod, log });
      if (!finished.succeeded) {
        failed = true;
        throw new WaitFailedError(failureMessage(`${namespace}/${name}`, finished, log));
      }
      step.progress(`Job ${namespace}/${name} completed (${log.length} log lines)`);
      return { job: name, pod: finished.pod, log };
    });
  } finally {
    await cleanUp(ctx, { namespace, name }, failed && settings.keepFailedMinutes > 0 ? settings.keepFailedMinutes : undefined);
  }
}

function failureMessage(where: string, finished: Finished, log: string[]): string {
  const reason = finished.reason ? ` (${finished.reason})` : '';
  const tail = log.slice(-FAILURE_LOG_LINES);
  return tail.length
    ? `Job ${where} failed${reason}; its last ${tail.length} log lines:\n${tail.join('\n')}`
    : `Job ${where} failed${reason} without writing a log line`;
}

/** Until the Job is Complete or Failed; follows the log of its pod meanwhile (as `kubectl logs -f`). */
async function awaitJob(
  ctx: RunbookContext<unknown>,
  step: StepHandle,
  job: { namespace: string; name: string; deadlineSeconds: number },
): Promise<Finished> {
  const { namespace, name } = job;
  const following = new AbortController();
  const stopFollowing = () => following.abort();
  ctx.signal.addEventListener('abort', stopFollowing);
  let followedPod: string | undefined;
  try {
    return await waitFor({
      client: ctx.cluster.client,
      sources: {
        job: { path: collectionPathOf(RESOURCES.job, namespace), fieldSelector: `metadata.name=${name}` },
        pods: { path: collectionPathOf(RESOURCES.pod, namespace), labelSelector: `batch.kubernetes.io/job-name=${name}` },
      },
      // Kubernetes ends the Job at its deadline; the minute after it is for the controller to say so.
      timeoutMs: (job.deadlineSeconds + 60) * 1000,
      signal: ctx.signal,
      onProgress: m => step.progress(`Job ${namespace}/${name}: ${m}`),
      evaluate: state => {
        const current = state.job.get(name);
        if (!current) return { done: false, failed: `Job ${namespace}/${name} was deleted before it finished` };
        const pod = [...state.pods.values()][0];
        if (pod && !followedPod && hasStarted(pod)) {
          followedPod = pod.metadata.name;
          void followLog(ctx.cluster.client, namespace, followedPod, following.signal, line => step.progress(`Job ${namespace}/${name}: ${line}`));
        }
        const ended = endCondition(current);
        if (ended) return { done: true, value: { succeeded: ended.type === 'Complete', pod: pod?.metadata.name, reason: ended.reason } };
        const waiting = pod?.status?.containerStatuses?.[0]?.state?.waiting?.reason;
        return { done: false, progress: pod ? `pod ${pod.metadata.name} ${waiting ?? pod.status?.phase ?? 'Pending'}` : 'waiting for its pod' };
      },
    });
  } finally {
    ctx.signal.removeEventListener('abort', stopFollowing);
    following.abort();
  }
}

function endCondition(job: KubeObject): { type: string; reason?: string } | undefined {
  const conditions: Array<{ type: string; status: string; reason?: string }> = job.status?.conditions ?? [];
  return conditions.find(c => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

function hasStarted(pod: KubeObject): boolean {
  const state = pod.status?.containerStatuses?.[0]?.state ?? {};
  return Boolean(state.running || state.terminated);
}

function logPath(namespace: string, pod: string): string {
  return `${objectPathOf(RESOURCES.pod, namespace, pod)}/log`;
}

async function followLog(client: KubernetesClient, namespace: string, pod: string, signal: AbortSignal, onLine: (line: string) => void) {
  if (!client.streamLines) return;
  try {
    for await (const line of client.streamLines({ path: logPath(namespace, pod), query: { follow: true }, signal })) onLine(line);
  } catch {
    // progress only: the whole log is read again when the Job has ended
  }
}

async function readLog(
  client: KubernetesClient,
  { namespace, pod, timestamps }: { namespace: string; pod: string; timestamps?: boolean },
  signal: AbortSignal,
): Promise<string[]> {
  if (!client.streamLines) return [];
  const lines: string[] = [];
  const query = { tailLines: MAX_JOB_LOG_LINES, ...(timestamps ? { timestamps: true } : {}) };
  try {
    for await (const line of client.streamLines({ path: logPath(namespace, pod), query, signal })) lines.push(line);
  } catch (e) {
    lines.push(`(the log of pod ${namespace}/${pod} could not be read: ${messageOf(e)})`);
  }
  return lines;
}

/**
 * Deletes the Job and its pod, or records that a failed one is kept for `keepMinutes`. Also after a cancel or a
 * shutdown (with a signal of its own): a Job the engine started never outlives its operation unannounced.
 */
async function cleanUp(ctx: RunbookContext<unknown>, job: { namespace: string; name: string }, keepMinutes: number | undefined) {
  const where = `${job.namespace}/${job.name}`;
  if (keepMinutes !== undefined) {
    await ctx.skip('cleanup', `Kept the failed Job ${where} for ${keepMinutes} min (kubectl logs -n ${job.namespace} job/${job.name}); its TTL deletes it`);
    return;
  }
  const remove = () => deleteJob(ctx.cluster.client, job);
  if (ctx.signal.aborted) {
    await remove().catch(() => undefined);
    return;
  }
  // a Job left behind does not undo what it did: its TTL removes it, so the outcome stands
  await ctx
    .step('cleanup', `Deleting Job ${where}`, async () => {
      await remove();
      return `Deleted Job ${where} and its pod`;
    })
    .catch(() => undefined);
}

/** Deletes a Job with its pods (Background propagation); a Job already gone is fine. */
export async function deleteJob(client: KubernetesClient, job: { namespace: string; name: string }): Promise<void> {
  try {
    await client.requestJson({
      method: 'DELETE',
      path: objectPathOf(RESOURCES.job, job.namespace, job.name),
      body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' },
    });
  } catch (e) {
    if (!isKubernetesApiError(e) || e.reason !== 'NotFound') throw e;
  }
}
