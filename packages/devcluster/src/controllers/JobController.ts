import { rfc3339 } from '../api/format';
import type { KubeObject, StoredObject } from '../api/types';
import type { ResourceDefinition } from '../resources/types';
import type { StoreEvent } from '../store/ObjectStore';
import { splitKey, type Controller, type ControllerContext } from './ControllerManager';
import { ownedObjects, ownerReference, podIsReady, setCondition, writeStatus } from './helpers';
import { ownerKeys } from './ReplicaSetController';

/**
 * Job controller: runs up to `parallelism` pods until `completions` succeeded (Complete + SuccessCriteriaMet) or
 * more than `backoffLimit` failed (Failed / BackoffLimitExceeded), honours `suspend` and
 * `ttlSecondsAfterFinished`, and reports active/ready/succeeded/failed, startTime and completionTime.
 */
export class JobController implements Controller {
  readonly name = 'job';
  private readonly jobs: ResourceDefinition;
  private readonly pods: ResourceDefinition;

  constructor(private readonly context: ControllerContext) {
    this.jobs = context.registry.get('batch/jobs');
    this.pods = context.registry.get('/pods');
  }

  watches() {
    return [{ collection: 'batch/jobs' }, { collection: '/pods', keys: (event: StoreEvent) => ownerKeys(event, 'Job') }];
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const job = this.context.store.get('batch/jobs', namespace, name);
    if (!job || job.metadata.deletionTimestamp) return;
    const now = this.context.clock.now();
    if (isFinished(job)) {
      this.expireIfDue(key, job, now);
      return;
    }
    const pods = ownedObjects(this.context, job, '/pods');
    const succeeded = pods.filter(pod => pod.status?.phase === 'Succeeded').length;
    const failed = pods.filter(pod => pod.status?.phase === 'Failed').length;
    let active = pods.filter(pod => pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed' && !pod.metadata.deletionTimestamp);
    const completions: number = job.spec?.completions ?? 1;
    const parallelism: number = job.spec?.parallelism ?? 1;
    const backoffLimit: number = job.spec?.backoffLimit ?? 6;
    const suspended = Boolean(job.spec?.suspend);

    if (succeeded >= completions) {
      writeStatus(this.context, this.jobs, job, status => {
        status.succeeded = succeeded;
        status.failed = failed || undefined;
        status.active = undefined;
        status.ready = 0;
        status.terminating = 0;
        status.completionTime = rfc3339(now);
        status.startTime ??= rfc3339(now);
        status.conditions = setCondition(status.conditions, { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' }, now);
        status.conditions = setCondition(status.conditions, { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' }, now);
        clean(status);
      });
      this.context.events.record(job, 'Normal', 'Completed', 'Job completed', { component: 'job-controller' });
      this.expireIfDue(key, this.context.store.get('batch/jobs', namespace, name)!, now);
      return;
    }
    if (failed > backoffLimit) {
      for (const pod of active) this.context.api.delete(this.pods, namespace, pod.metadata.name);
      writeStatus(this.context, this.jobs, job, status => {
        status.failed = failed;
        status.succeeded = succeeded || undefined;
        status.active = undefined;
        status.startTime ??= rfc3339(now);
        status.conditions = setCondition(status.conditions, { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }, now);
        status.conditions = setCondition(status.conditions, { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }, now);
        clean(status);
      });
      this.context.events.record(job, 'Warning', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', { component: 'job-controller' });
      return;
    }
    const wanted = suspended ? 0 : Math.min(parallelism, completions - succeeded);
    for (let count = active.length; count < wanted; count++) {
      const pod = this.context.api.create(this.pods, namespace, podFromJob(job));
      this.context.events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, { component: 'job-controller' });
    }
    if (suspended) {
      for (const pod of active) this.context.api.delete(this.pods, namespace, pod.metadata.name);
    }
    active = ownedObjects(this.context, job, '/pods').filter(pod => pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed' && !pod.metadata.deletionTimestamp);
    const fresh = this.context.store.get('batch/jobs', namespace, name)!;
    writeStatus(this.context, this.jobs, fresh, status => {
      if (!suspended) status.startTime ??= rfc3339(now);
      status.active = active.length || undefined;
      status.ready = active.filter(podIsReady).length;
      status.succeeded = succeeded || undefined;
      status.failed = failed || undefined;
      status.terminating = 0;
      status.uncountedTerminatedPods ??= {};
      if (suspended) {
        status.conditions = setCondition(status.conditions, { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' }, now);
      } else if ((status.conditions ?? []).some((condition: { type: string }) => condition.type === 'Suspended')) {
        status.conditions = setCondition(status.conditions, { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed' }, now);
      }
      clean(status);
    });
  }

  private expireIfDue(key: string, job: StoredObject, now: number): void {
    const ttl = job.spec?.ttlSecondsAfterFinished;
    const finishedAt = Date.parse(job.status?.completionTime ?? finishedConditionTime(job) ?? '');
    if (ttl === undefined || Number.isNaN(finishedAt)) return;
    const due = finishedAt + ttl * 1000;
    if (now >= due) this.context.api.delete(this.jobs, job.metadata.namespace, job.metadata.name, { propagationPolicy: 'Background' });
    else this.context.requeueAfter(this, key, due - now);
  }
}

export function isFinished(job: KubeObject): boolean {
  return ((job.status?.conditions ?? []) as Array<{ type: string; status: string }>).some(
    condition => (condition.type === 'Complete' || condition.type === 'Failed') && condition.status === 'True',
  );
}

export function jobSucceeded(job: KubeObject): boolean {
  return ((job.status?.conditions ?? []) as Array<{ type: string; status: string }>).some(condition => condition.type === 'Complete' && condition.status === 'True');
}

function finishedConditionTime(job: KubeObject): string | undefined {
  return ((job.status?.conditions ?? []) as Array<{ type: string; status: string; lastTransitionTime?: string }>).find(
    condition => (condition.type === 'Complete' || condition.type === 'Failed') && condition.status === 'True',
  )?.lastTransitionTime;
}

function clean(status: Record<string, unknown>): void {
  for (const field of Object.keys(status)) if (status[field] === undefined) delete status[field];
}

function podFromJob(job: StoredObject): KubeObject {
  const template = job.spec?.template ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${job.metadata.name}-`,
      namespace: job.metadata.namespace,
      labels: { ...(template.metadata?.labels ?? {}) },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [ownerReference(job)],
    },
    spec: JSON.parse(JSON.stringify(template.spec ?? {})),
  };
}
