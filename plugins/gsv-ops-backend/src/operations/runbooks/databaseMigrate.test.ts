import { backendWrites, jane, startTestbed, Testbed } from '../__testUtils__/testbed';
import { deleteJobsOfOperation } from '../jobs/interruptedJobs';
import { parseMigrate, parseShowMigrations } from './databaseMigrate';

jest.setTimeout(60_000);

describe('database-migrate against the embedded cluster', () => {
  let bed: Testbed;

  beforeAll(async () => {
    bed = await startTestbed();
  });
  afterAll(async () => {
    await bed?.stop();
  });
  beforeEach(() => {
    bed.dev.requestLog.clear();
  });

  const jobs = async () =>
    (await bed.admin.requestJson<any>({ path: '/apis/batch/v1/namespaces/cmp/jobs', query: { labelSelector: 'app.kubernetes.io/managed-by=gsv-ops' } })).items;
  const migrate = (mode: 'plan' | 'apply', extra = {}) =>
    bed.start('database-migrate', { namespace: 'cmp', deployment: 'agent-registry', mode, ...extra });

  it('plan lists the unapplied migrations from a Job and deletes it', async () => {
    const dry = await bed.start('database-migrate', { namespace: 'cmp', deployment: 'agent-registry', mode: 'plan' }, { dryRun: true });
    expect(dry.status).toBe('succeeded');
    expect(dry.summary).toMatch(/^Dry run: would run `python manage\.py showmigrations` as Job cmp\/agent-registry-showmigrations-\w{8} /);
    const manifest = String(dry.steps.find(s => s.name === 'plan')?.detail?.diff);
    expect(manifest).toContain('ghcr.io/digitlify-inc/agent-registry:v1.2.3');
    expect(manifest).toContain('python manage.py showmigrations');
    expect(manifest).toContain('backoffLimit: 0');
    expect(manifest).not.toContain('readinessProbe');
    expect(manifest).not.toContain('containerPort');

    const op = await migrate('plan');
    const done = await bed.finished(op.id, 40_000);
    expect(done.status).toBe('succeeded');
    expect(done.summary).toBe(
      '2 migrations not applied on cmp/agent-registry: agents.0014_agent_capability_index, agents.0015_webhookdelivery_retry_count; run the runbook with mode apply',
    );
    expect(done.steps.map(s => `${s.name}:${s.status}`)).toEqual([
      'validate:succeeded', 'policy:succeeded', 'lock:succeeded', 'read:succeeded', 'plan:succeeded', 'apply:succeeded', 'job:succeeded', 'cleanup:succeeded',
    ]);
    expect(done.steps.find(s => s.name === 'job')?.detail?.log).toContain(' [ ] 0014_agent_capability_index');
    const writes = backendWrites(bed.dev).map(w => `${w.verb} ${w.resource}`);
    expect(writes).toEqual(['create jobs', 'delete jobs']);
    expect(await jobs()).toEqual([]);
  });

  it('apply runs migrate, reports what it applied, and a later plan finds nothing to apply', async () => {
    const op = await migrate('apply');
    const done = await bed.finished(op.id, 40_000);
    expect(done.status).toBe('succeeded');
    expect(done.summary).toBe('Applied 2 migrations on cmp/agent-registry: agents.0014_agent_capability_index, agents.0015_webhookdelivery_retry_count');
    expect(done.result).toMatchObject({ mode: 'apply', applied: ['agents.0014_agent_capability_index', 'agents.0015_webhookdelivery_retry_count'] });
    const again = await bed.finished((await migrate('plan')).id, 40_000);
    expect(again.summary).toMatch(/^All \d+ migrations of cmp\/agent-registry are applied$/);
  });

  it('a failing migration fails the operation with the Job’s last log lines and keeps the Job for a look', async () => {
    bed.dev.simulation.state.migrations.get('cmp/agent-registry')!.push({ name: 'agents.0016_agent_owner', applied: false });
    bed.dev.faults.failMigration('cmp', 'agent-registry', { message: 'column "owner_id" of relation "agents_agent" already exists' });
    try {
      const done = await bed.finished((await migrate('apply')).id, 40_000);
      expect(done.status).toBe('failed');
      expect(done.summary).toMatch(/^Failed: Job cmp\/agent-registry-migrate-\w{8} failed \(BackoffLimitExceeded\); its last \d+ log lines:\n/);
      expect(done.summary).toContain('django.db.utils.ProgrammingError: column "owner_id" of relation "agents_agent" already exists');
      expect(done.steps.find(s => s.name === 'job')?.status).toBe('failed');
      expect(done.steps.at(-1)).toMatchObject({ name: 'cleanup', status: 'skipped' });
      expect((await jobs()).map((j: any) => j.metadata.labels['gsv.io/operation-id'])).toEqual([done.id]);
    } finally {
      bed.dev.faults.failMigration('cmp', 'agent-registry', { enabled: false });
    }
  });
});

describe('a migration Job whose operation ends early', () => {
  let bed: Testbed;
  beforeAll(async () => {
    bed = await startTestbed({ timing: { jobRunMs: 120_000 } });
  });
  afterAll(async () => {
    await bed?.stop();
  });
  const jobNames = async () =>
    (await bed.admin.requestJson<any>({ path: '/apis/batch/v1/namespaces/cmp/jobs', query: { labelSelector: 'gsv.io/runbook=database-migrate' } })).items.map(
      (j: any) => j.metadata.name,
    );
  const running = async () => {
    const op = await bed.start('database-migrate', { namespace: 'cmp', deployment: 'agent-registry', mode: 'apply' });
    for (;;) {
      const now = await bed.engine.get(op.id, jane);
      if (now.steps.some(s => s.name === 'job' && s.status === 'running') && (await jobNames()).length) return now;
      await new Promise(r => setTimeout(r, 25));
    }
  };

  it('is deleted when the operation is cancelled', async () => {
    const op = await running();
    await bed.engine.cancel(op.id, jane);
    const done = await bed.finished(op.id, 20_000);
    expect(done.status).toBe('cancelled');
    expect(await jobNames()).toEqual([]);
  });

  it('is found by its label and deleted when the janitor marks the operation interrupted', async () => {
    const op = await running();
    const [name] = await jobNames();
    expect(await deleteJobsOfOperation(bed.registry, op)).toBe(`Deleted the Job it had started: cmp/${name}`);
    expect(await jobNames()).toEqual([]);
    expect(await deleteJobsOfOperation(bed.registry, op)).toBeUndefined();
    await bed.engine.cancel(op.id, jane);
    await bed.finished(op.id, 20_000);
  });
});

describe('migration output parsing', () => {
  it('reads showmigrations and migrate output', () => {
    expect(parseShowMigrations(['admin', ' [X] 0001_initial', 'agents', ' [ ] 0014_x', ' [X] 0013_y'])).toEqual({
      applied: ['admin.0001_initial', 'agents.0013_y'],
      unapplied: ['agents.0014_x'],
    });
    expect(parseShowMigrations(['[ ]  agents.0014_x', '[X]  auth.0001_initial'])).toEqual({ applied: ['auth.0001_initial'], unapplied: ['agents.0014_x'] });
    expect(parseMigrate(['Running migrations:', '  Applying agents.0014_x... OK', '  Applying agents.0015_y...Traceback'])).toEqual(['agents.0014_x']);
  });
});
