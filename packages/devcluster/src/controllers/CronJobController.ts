import { CronExpressionParser } from 'cron-parser';
import { rfc3339 } from '../api/format';
import type { KubeObject, StoredObject } from '../api/types';
import type { ResourceDefinition } from '../resources/types';
import type { StoreEvent } from '../store/ObjectStore';
import { splitKey, type Controller, type ControllerContext } from './ControllerManager';
import { ownedObjects, ownerReference, writeStatus } from './helpers';
import { isFinished, jobSucceeded } from './JobController';
import { ownerKeys } from './ReplicaSetController';

/**
 * CronJob controller: creates `<cronjob>-<scheduled minutes since epoch>` Jobs on the 5-field schedule (time zone
 * aware), applies the concurrency policy, tracks active jobs and lastScheduleTime/lastSuccessfulTime, and trims
 * finished jobs to the history limits.
 */
export class CronJobController implements Controller {
  readonly name = 'cronjob';
  private readonly cronJobs: ResourceDefinition;
  private readonly jobs: ResourceDefinition;

  constructor(private readonly context: ControllerContext) {
    this.cronJobs = context.registry.get('batch/cronjobs');
    this.jobs = context.registry.get('batch/jobs');
  }

  watches() {
    return [{ collection: 'batch/cronjobs' }, { collection: 'batch/jobs', keys: (event: StoreEvent) => ownerKeys(event, 'CronJob') }];
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const cronJob = this.context.store.get('batch/cronjobs', namespace, name);
    if (!cronJob || cronJob.metadata.deletionTimestamp) return;
    const now = this.context.clock.now();
    const jobs = ownedObjects(this.context, cronJob, 'batch/jobs');
    const active = jobs.filter(job => !isFinished(job));
    for (const job of jobs.filter(isFinished)) {
      const seen = cronJob.status?.lastSuccessfulTime;
      if (jobSucceeded(job) && job.status?.completionTime && (!seen || job.status.completionTime > seen)) {
        this.context.events.record(cronJob, 'Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata.name}, condition: Complete`, { component: 'cronjob-controller' });
      }
    }
    const lastSuccessful = jobs
      .filter(jobSucceeded)
      .map(job => job.status?.completionTime as string)
      .filter(Boolean)
      .sort()
      .pop();

    const schedule = cronJob.spec?.schedule as string;
    const timeZone = cronJob.spec?.timeZone as string | undefined;
    const since = Date.parse(cronJob.status?.lastScheduleTime ?? cronJob.metadata.creationTimestamp);
    const due = mostRecentScheduleTime(schedule, timeZone, since, now);
    let lastScheduleTime: string | undefined = cronJob.status?.lastScheduleTime;
    const newActive = [...active];
    if (due !== undefined && !cronJob.spec?.suspend) {
      const policy = cronJob.spec?.concurrencyPolicy ?? 'Allow';
      if (policy === 'Forbid' && active.length > 0) {
        // Skipped: the previous run is still going.
      } else {
        if (policy === 'Replace') {
          for (const job of active) {
            this.context.api.delete(this.jobs, namespace, job.metadata.name, { propagationPolicy: 'Background' });
            this.context.events.record(cronJob, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`, { component: 'cronjob-controller' });
          }
          newActive.length = 0;
        }
        const jobName = `${name}-${Math.floor(due / 60_000)}`;
        if (!this.context.store.get('batch/jobs', namespace, jobName)) {
          const job = this.context.api.create(this.jobs, namespace, jobFromCronJob(cronJob, jobName, due));
          newActive.push(job);
          this.context.events.record(cronJob, 'Normal', 'SuccessfulCreate', `Created job ${jobName}`, { component: 'cronjob-controller' });
        }
        lastScheduleTime = rfc3339(due);
      }
    }
    this.trimHistory(cronJob);
    const fresh = this.context.store.get('batch/cronjobs', namespace, name)!;
    writeStatus(this.context, this.cronJobs, fresh, status => {
      const refs = newActive.map(job => ({ kind: 'Job', namespace, name: job.metadata.name, uid: job.metadata.uid, apiVersion: 'batch/v1', resourceVersion: job.metadata.resourceVersion }));
      if (refs.length) status.active = refs;
      else delete status.active;
      if (lastScheduleTime) status.lastScheduleTime = lastScheduleTime;
      if (lastSuccessful) status.lastSuccessfulTime = lastSuccessful;
    });
    const next = nextScheduleTime(schedule, timeZone, now);
    if (next !== undefined) this.context.requeueAfter(this, key, next - now);
  }

  private trimHistory(cronJob: StoredObject): void {
    const jobs = ownedObjects(this.context, cronJob, 'batch/jobs').filter(isFinished);
    const byAge = (a: KubeObject, b: KubeObject) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp));
    const succeeded = jobs.filter(jobSucceeded).sort(byAge);
    const failed = jobs.filter(job => !jobSucceeded(job)).sort(byAge);
    const excess = [
      ...succeeded.slice(0, Math.max(0, succeeded.length - (cronJob.spec?.successfulJobsHistoryLimit ?? 3))),
      ...failed.slice(0, Math.max(0, failed.length - (cronJob.spec?.failedJobsHistoryLimit ?? 1))),
    ];
    for (const job of excess) {
      this.context.api.delete(this.jobs, job.metadata.namespace, job.metadata.name, { propagationPolicy: 'Background' });
      this.context.events.record(cronJob, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`, { component: 'cronjob-controller' });
    }
  }
}

function parse(schedule: string, timeZone: string | undefined, from: number) {
  const expression = schedule.trim().replace(/^(TZ|CRON_TZ)=\S+\s+/, '');
  const zone = timeZone ?? /^(?:TZ|CRON_TZ)=(\S+)/.exec(schedule.trim())?.[1] ?? 'UTC';
  return CronExpressionParser.parse(expression, { currentDate: new Date(from), tz: zone });
}

/** The latest schedule time in (since, now], if any. */
export function mostRecentScheduleTime(schedule: string, timeZone: string | undefined, since: number, now: number): number | undefined {
  try {
    const previous = parse(schedule, timeZone, now + 1).prev().getTime();
    return previous > since && previous <= now ? previous : undefined;
  } catch {
    return undefined;
  }
}

export function nextScheduleTime(schedule: string, timeZone: string | undefined, after: number): number | undefined {
  try {
    return parse(schedule, timeZone, after).next().getTime();
  } catch {
    return undefined;
  }
}

function jobFromCronJob(cronJob: StoredObject, name: string, scheduledAt: number): KubeObject {
  const template = cronJob.spec?.jobTemplate ?? {};
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: cronJob.metadata.namespace,
      labels: { ...(template.metadata?.labels ?? {}) },
      annotations: { ...(template.metadata?.annotations ?? {}), 'batch.kubernetes.io/cronjob-scheduled-timestamp': rfc3339(scheduledAt) },
      ownerReferences: [ownerReference(cronJob)],
    },
    spec: JSON.parse(JSON.stringify(template.spec ?? {})),
  };
}
