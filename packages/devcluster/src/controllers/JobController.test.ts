import { useClusters } from '../__testUtils__/cluster';
import { call } from '../__testUtils__/http';

jest.setTimeout(20_000);

const jobTemplate = { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'run', image: 'example/task:1' }] } } } };

describe('Jobs and CronJobs', () => {
  const start = useClusters();

  it('runs a Job to completion with the status kubectl prints', async () => {
    const cluster = await start({ seed: 'empty' });
    const created = await call(cluster, 'POST', '/apis/batch/v1/namespaces/default/jobs', {
      body: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'once' }, ...jobTemplate },
    });
    expect(created.status).toBe(201);
    const uid = created.body.metadata.uid;
    expect(created.body.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    expect(created.body.spec.template.metadata.labels['job-name']).toBe('once');
    await cluster.clock.advance(2000);
    const running = cluster.store.get('jobs.batch', 'default', 'once')!;
    expect(running.status.active).toBe(1);
    await cluster.clock.advance(20_000);
    const done = cluster.store.get('jobs.batch', 'default', 'once')!;
    expect(done.status).toMatchObject({ succeeded: 1, startTime: '2026-11-25T10:00:00Z' });
    expect(done.status.completionTime).toBeTruthy();
    expect(done.status.conditions.map((condition: { type: string }) => condition.type)).toEqual(['SuccessCriteriaMet', 'Complete']);
    const pod = cluster.store.list('pods', { namespace: 'default', labelSelector: 'job-name=once' })[0];
    expect(pod.status.phase).toBe('Succeeded');
    expect(pod.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('fails a Job whose pods keep failing, past its backoffLimit', async () => {
    const cluster = await start({ seed: 'empty' });
    await call(cluster, 'POST', '/apis/batch/v1/namespaces/default/jobs', {
      body: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'doomed' },
        spec: { backoffLimit: 1, template: { metadata: { annotations: { 'devcluster.gsv.io/exit-code': '2', 'devcluster.gsv.io/run-seconds': '1' } }, spec: jobTemplate.spec.template.spec } },
      },
    });
    await cluster.clock.advance(60_000);
    const job = cluster.store.get('jobs.batch', 'default', 'doomed')!;
    expect(job.status.failed).toBe(2);
    expect(job.status.conditions.find((condition: { type: string }) => condition.type === 'Failed')).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded' });
    expect(cluster.store.list('events', { namespace: 'default', fieldSelector: 'reason=BackoffLimitExceeded' })).toHaveLength(1);
  });

  it('spawns Jobs from a CronJob on schedule and trims history', async () => {
    const cluster = await start({ seed: 'empty' });
    await call(cluster, 'POST', '/apis/batch/v1/namespaces/default/cronjobs', {
      body: {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'tick' },
        spec: { schedule: '*/5 * * * *', successfulJobsHistoryLimit: 2, jobTemplate: { spec: { template: { metadata: { annotations: { 'devcluster.gsv.io/run-seconds': '10' } }, spec: jobTemplate.spec.template.spec } } } },
      },
    });
    const invalid = await call(cluster, 'POST', '/apis/batch/v1/namespaces/default/cronjobs', {
      body: { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'bad' }, spec: { schedule: 'every minute', jobTemplate: { spec: jobTemplate.spec } } },
    });
    expect(invalid.status).toBe(422);
    await cluster.clock.advance(5 * 60_000 + 1000);
    const first = cluster.store.list('jobs.batch', { namespace: 'default' });
    expect(first.map(job => job.metadata.name)).toEqual([`tick-${Math.floor(Date.parse('2026-11-25T10:05:00Z') / 60_000)}`]);
    expect(first[0].metadata.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'tick', controller: true });
    expect(cluster.store.get('cronjobs.batch', 'default', 'tick')!.status.lastScheduleTime).toBe('2026-11-25T10:05:00Z');
    await cluster.clock.advance(15 * 60_000);
    const jobs = cluster.store.list('jobs.batch', { namespace: 'default' });
    expect(jobs.map(job => job.metadata.name)).toEqual(['tick-29926690', 'tick-29926695', 'tick-29926700']);
    expect(jobs.map(job => (job.status.succeeded ? 'done' : 'active'))).toEqual(['done', 'done', 'active']);
    const cronJob = cluster.store.get('cronjobs.batch', 'default', 'tick')!;
    expect(cronJob.status.lastScheduleTime).toBe('2026-11-25T10:20:00Z');
    expect(cronJob.status.lastSuccessfulTime).toBeTruthy();
    expect(cluster.store.list('events', { namespace: 'default', fieldSelector: 'involvedObject.name=tick,reason=SuccessfulDelete' }).length).toBeGreaterThanOrEqual(1);
  });

  it('deletes a Job with its pods (background propagation, as kubectl delete job does)', async () => {
    const cluster = await start();
    const jobs = cluster.store.list('jobs.batch', { namespace: 'cmp', labelSelector: 'app=agent-registry-cleanup' });
    const target = jobs[0].metadata.name;
    expect(cluster.store.list('pods', { namespace: 'cmp', labelSelector: `job-name=${target}` })).toHaveLength(1);
    const response = await call(cluster, 'DELETE', `/apis/batch/v1/namespaces/cmp/jobs/${target}`, { body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ kind: 'Status', status: 'Success', details: { name: target, group: 'batch', kind: 'jobs' } });
    await cluster.settle();
    expect(cluster.store.get('jobs.batch', 'cmp', target)).toBeUndefined();
    expect(cluster.store.list('pods', { namespace: 'cmp', labelSelector: `job-name=${target}` })).toHaveLength(0);
  });
});
