import { DAY, HOUR, MINUTE, Seeder } from '../Seeder';
import { componentLabels, safeSuffix } from './labels';

/**
 * What ops guide §9 (cost) looks for: a volume no pod mounts any more (the media export of the v1.1 migration),
 * one-off Jobs that finished days ago (two database migrations and a failed search re-index), and a worker whose
 * memory request is far above what it uses.
 */
export function seedLeftovers(seeder: Seeder): void {
  seeder.pvc('cmp', 'agent-registry-media-export', {
    size: '20Gi',
    usedFraction: 0.64,
    labels: componentLabels('agent-registry', { 'app.kubernetes.io/component': 'media-export' }),
    createdAgo: 40 * DAY,
  });
  seedOneOffJob(seeder, { name: 'agent-registry-migrate-v1-2-2', command: ['python', 'manage.py', 'migrate'], finishedAgo: 12 * DAY, runMs: 45_000 });
  seedOneOffJob(seeder, { name: 'agent-registry-migrate-v1-2-3', command: ['python', 'manage.py', 'migrate'], finishedAgo: 3 * DAY, runMs: 38_000 });
  seedOneOffJob(seeder, { name: 'agent-registry-reindex-search', command: ['python', 'manage.py', 'search_index', '--rebuild'], finishedAgo: 9 * DAY + 4 * HOUR, runMs: 6 * MINUTE, failed: true });
  // A Celery worker needs ~150 MiB; its 512Mi request is what the chart defaulted to.
  seeder.simulation.memoryWorkingSet.set('cmp/agent-registry-worker', 150 * 2 ** 20);
}

function seedOneOffJob(seeder: Seeder, input: { name: string; command: string[]; finishedAgo: number; runMs: number; failed?: boolean }): void {
  const labels = { ...componentLabels('agent-registry', { 'app.kubernetes.io/component': 'maintenance', 'job-name': input.name }), app: 'agent-registry-maintenance' };
  const spec = {
    backoffLimit: input.failed ? 2 : 6,
    template: {
      metadata: { labels },
      spec: {
        restartPolicy: 'Never',
        containers: [{ name: 'manage', image: 'ghcr.io/digitlify-inc/agent-registry:v1.2.3', command: input.command, resources: { requests: { cpu: '100m', memory: '256Mi' } } }],
      },
    },
  };
  const startedAgo = input.finishedAgo + input.runMs;
  const job = seeder.create({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: input.name, namespace: 'cmp', labels }, spec }, startedAgo + 1000);
  const finished = seeder.ago(input.finishedAgo);
  const [reason, message] = input.failed ? ['BackoffLimitExceeded', 'Job has reached the specified backoff limit'] : ['CompletionsReached', 'Reached expected number of succeeded pods'];
  const condition = (type: string) => ({ type, status: 'True', reason, message, lastProbeTime: finished, lastTransitionTime: finished });
  // The pods of the failed Job were garbage-collected since; the Job keeps the count.
  if (!input.failed) seeder.completedPod(job, `${input.name}-${safeSuffix(input.name)}`, spec.template, startedAgo, input.runMs);
  seeder.setStatus(job, {
    startTime: seeder.ago(startedAgo),
    ...(input.failed ? { failed: spec.backoffLimit + 1 } : { completionTime: finished, succeeded: 1 }),
    ready: 0,
    terminating: 0,
    uncountedTerminatedPods: {},
    conditions: input.failed ? [condition('FailureTarget'), condition('Failed')] : [condition('SuccessCriteriaMet'), condition('Complete')],
  });
}
