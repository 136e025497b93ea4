import { CronExpressionParser } from 'cron-parser';
import { age, humanDuration } from '../api/format';
import type { KubeObject } from '../api/types';
import {
  ageColumn,
  column,
  containerImages,
  containerNames,
  defaultTemplate,
  findCondition,
  invalidValue,
  nameColumn,
  notSupported,
  required,
  selectorString,
  validateNonNegative,
  validateObjectMeta,
  validatePodSpec,
} from './common';
import type { ResourceDefinition } from './types';

/** batch/v1: jobs and cronjobs. */

/** The STATUS column of `kubectl get jobs` (1.32). */
export function jobDisplayStatus(job: KubeObject): string {
  if (findCondition(job, 'Complete')?.status === 'True') return 'Complete';
  if (findCondition(job, 'Failed')?.status === 'True') return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (findCondition(job, 'SuccessCriteriaMet')?.status === 'True') return 'SuccessCriteriaMet';
  if (findCondition(job, 'FailureTarget')?.status === 'True') return 'FailureTarget';
  if (findCondition(job, 'Suspended')?.status === 'True') return 'Suspended';
  return 'Running';
}

function jobDuration(job: KubeObject, now: number): string {
  const start = job.status?.startTime;
  if (!start) return '';
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now;
  return humanDuration(end - Date.parse(start));
}

function validateJobTemplate(spec: KubeObject['spec'], field: string) {
  const causes = validatePodSpec(spec?.template?.spec, `${field}.template.spec`);
  const restartPolicy = spec?.template?.spec?.restartPolicy;
  if (restartPolicy !== 'Never' && restartPolicy !== 'OnFailure') {
    causes.push(notSupported(`${field}.template.spec.restartPolicy`, restartPolicy ?? 'Always', ['OnFailure', 'Never']));
  }
  return causes;
}

/** Checks a standard 5-field cron expression (or a predefined `@daily`-style one). */
export function isValidCronSchedule(schedule: unknown, fields: 5 | 6): boolean {
  if (typeof schedule !== 'string' || !schedule.trim()) return false;
  const trimmed = schedule.trim().replace(/^(TZ|CRON_TZ)=\S+\s+/, '');
  if (!trimmed.startsWith('@') && trimmed.split(/\s+/).length !== fields) return false;
  try {
    CronExpressionParser.parse(fields === 5 && !trimmed.startsWith('@') ? `0 ${trimmed}` : trimmed);
    return true;
  } catch {
    return false;
  }
}

export const batchResources: ResourceDefinition[] = [
  {
    group: 'batch',
    version: 'v1',
    resource: 'jobs',
    kind: 'Job',
    singular: 'job',
    namespaced: true,
    categories: ['all'],
    hasStatus: true,
    columns: [
      nameColumn,
      column('Status', jobDisplayStatus),
      column('Completions', job => `${job.status?.succeeded ?? 0}/${job.spec?.completions ?? 1}`),
      column('Duration', jobDuration),
      ageColumn,
      column('Containers', job => containerNames(job.spec?.template), { priority: 1 }),
      column('Images', job => containerImages(job.spec?.template), { priority: 1 }),
      column('Selector', job => selectorString(job.spec?.selector), { priority: 1 }),
    ],
    fieldSelectors: { 'status.successful': job => String(job.status?.succeeded ?? 0) },
    defaults(job) {
      const spec = (job.spec ??= {});
      spec.parallelism ??= 1;
      spec.completions ??= 1;
      spec.backoffLimit ??= 6;
      spec.completionMode ??= 'NonIndexed';
      spec.suspend ??= false;
      spec.podReplacementPolicy ??= 'TerminatingOrFailed';
      spec.manualSelector ??= undefined;
      const uid = job.metadata.uid ?? '';
      if (!spec.selector && uid) {
        spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
        spec.template ??= {};
        spec.template.metadata ??= {};
        spec.template.metadata.labels = {
          ...spec.template.metadata.labels,
          'batch.kubernetes.io/controller-uid': uid,
          'batch.kubernetes.io/job-name': job.metadata.name ?? '',
          'controller-uid': uid,
          'job-name': job.metadata.name ?? '',
        };
      }
      if (spec.manualSelector === undefined) delete spec.manualSelector;
      defaultTemplate(spec);
    },
    validate(job, old) {
      const causes = [
        ...validateObjectMeta(job),
        ...validateJobTemplate(job.spec, 'spec'),
        ...validateNonNegative(job.spec?.parallelism, 'spec.parallelism'),
        ...validateNonNegative(job.spec?.completions, 'spec.completions'),
        ...validateNonNegative(job.spec?.backoffLimit, 'spec.backoffLimit'),
      ];
      if (old && JSON.stringify(old.spec?.template) !== JSON.stringify(job.spec?.template) && !old.spec?.suspend) {
        causes.push(invalidValue('spec.template', '{...}', 'field is immutable'));
      }
      return causes;
    },
  },
  {
    group: 'batch',
    version: 'v1',
    resource: 'cronjobs',
    kind: 'CronJob',
    singular: 'cronjob',
    namespaced: true,
    shortNames: ['cj'],
    categories: ['all'],
    hasStatus: true,
    columns: [
      nameColumn,
      column('Schedule', cj => cj.spec?.schedule ?? ''),
      column('Timezone', cj => cj.spec?.timeZone ?? '<none>'),
      column('Suspend', cj => String(Boolean(cj.spec?.suspend)), { type: 'boolean' }),
      column('Active', cj => (cj.status?.active ?? []).length, { type: 'integer' }),
      column('Last Schedule', (cj, now) => (cj.status?.lastScheduleTime ? age(cj.status.lastScheduleTime, now) : '<none>')),
      ageColumn,
      column('Containers', cj => containerNames(cj.spec?.jobTemplate?.spec?.template), { priority: 1 }),
      column('Images', cj => containerImages(cj.spec?.jobTemplate?.spec?.template), { priority: 1 }),
      column('Selector', cj => selectorString(cj.spec?.jobTemplate?.spec?.selector), { priority: 1 }),
    ],
    defaults(cj) {
      const spec = (cj.spec ??= {});
      spec.concurrencyPolicy ??= 'Allow';
      spec.suspend ??= false;
      spec.successfulJobsHistoryLimit ??= 3;
      spec.failedJobsHistoryLimit ??= 1;
      spec.jobTemplate ??= {};
      spec.jobTemplate.spec ??= {};
      defaultTemplate(spec.jobTemplate.spec);
    },
    validate(cj) {
      const causes = [...validateObjectMeta(cj), ...validateJobTemplate(cj.spec?.jobTemplate?.spec, 'spec.jobTemplate.spec')];
      if (!cj.spec?.schedule) causes.push(required('spec.schedule'));
      else if (!isValidCronSchedule(cj.spec.schedule, 5)) {
        causes.push(invalidValue('spec.schedule', cj.spec.schedule, 'unparseable cron expression'));
      }
      const policy = cj.spec?.concurrencyPolicy;
      if (policy && !['Allow', 'Forbid', 'Replace'].includes(policy)) {
        causes.push(notSupported('spec.concurrencyPolicy', policy, ['Allow', 'Forbid', 'Replace']));
      }
      return causes;
    },
  },
];
