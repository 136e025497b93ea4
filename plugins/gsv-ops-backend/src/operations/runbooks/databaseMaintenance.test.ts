import { backendWrites, startTestbed, Testbed } from '../__testUtils__/testbed';
import { csvFields, parseBloatReport } from './bloatReport';
import { maintenanceCommand } from './databaseMaintenance';

jest.setTimeout(60_000);

describe('database-maintenance against the embedded cluster', () => {
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

  const maintain = (
    parameters: Record<string, unknown>,
    options?: { dryRun?: boolean },
  ) =>
    bed.start(
      'database-maintenance',
      { namespace: 'cmp', cluster: 'cmp-postgres', ...parameters },
      options,
    );
  const jobs = async () =>
    (
      await bed.admin.requestJson<any>({
        path: '/apis/batch/v1/namespaces/cmp/jobs',
        query: { labelSelector: 'gsv.io/runbook=database-maintenance' },
      })
    ).items;

  it('bloat-report runs psql from the database image with the app Secret by reference, and names the bloated table', async () => {
    const dry = await maintain({ operation: 'bloat-report' }, { dryRun: true });
    expect(dry.summary).toMatch(
      /^Dry run: would report dead tuples per table of cmp\/cmp-postgres with psql as Job cmp\/cmp-postgres-bloat-\w{8}$/,
    );
    const manifest = String(
      dry.steps.find(s => s.name === 'plan')?.detail?.diff,
    );
    expect(manifest).toContain('image: ghcr.io/cloudnative-pg/postgresql:16.4');
    // env values are redacted in a plan; the password is a reference to the app Secret, never a value
    expect(manifest).toMatch(
      /name: PGPASSWORD\n\+\s+valueFrom:\n\+\s+secretKeyRef:\n\+\s+name: cmp-postgres-app\n\+\s+key: password/,
    );
    expect(manifest).not.toContain('s3cr3t');
    expect(manifest).not.toContain('cnpg.io/');

    const done = await bed.finished(
      (
        await maintain({ operation: 'bloat-report' })
      ).id,
      40_000,
    );
    expect(done.status).toBe('succeeded');
    expect(done.steps.find(s => s.name === 'policy')?.message).toMatch(
      /^Read-only: database-maintenance changes nothing/,
    );
    expect(done.summary).toMatch(
      /^Bloat report of cmp\/cmp-postgres: 1 of 4 tables over 20% dead tuples: public\.agents_webhookdelivery 33\.1% dead \(402,100 of 1,214,500 tuples, ~\d+ MiB, last autovacuum \d{4}-\d\d-\d\d\)$/,
    );
    expect((done.result as any).tables[0]).toMatchObject({
      schema: 'public',
      table: 'agents_webhookdelivery',
      liveTuples: 812400,
      deadTuples: 402100,
      deadPercent: 33.1,
    });
    expect(backendWrites(bed.dev).map(w => `${w.verb} ${w.resource}`)).toEqual([
      'create jobs',
      'delete jobs',
    ]);
    expect(await jobs()).toEqual([]);
  });

  it('vacuum-analyze on one table clears its dead tuples and reports the tables after it', async () => {
    const done = await bed.finished(
      (
        await maintain({
          operation: 'vacuum-analyze',
          table: 'public.agents_webhookdelivery',
        })
      ).id,
      40_000,
    );
    expect(done.status).toBe('succeeded');
    expect(done.steps.find(s => s.name === 'policy')?.message).not.toMatch(
      /^Read-only/,
    );
    expect(done.summary).toMatch(
      /^VACUUM \(ANALYZE\) on public\.agents_webhookdelivery of cmp\/cmp-postgres; afterwards no table over 20% dead tuples/,
    );
    const vacuumed = (done.result as any).tables.find(
      (t: any) => t.table === 'agents_webhookdelivery',
    );
    expect(vacuumed).toMatchObject({ deadTuples: 0, deadPercent: 0 });
    expect(vacuumed.lastVacuum).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('fails with psql’s error for a table that does not exist, and refuses a table for the report', async () => {
    const done = await bed.finished(
      (
        await maintain({ operation: 'vacuum-analyze', table: 'public.nope' })
      ).id,
      40_000,
    );
    expect(done.status).toBe('failed');
    expect(done.summary).toContain(
      'ERROR:  relation "public.nope" does not exist',
    );
    await expect(
      maintain({ operation: 'bloat-report', table: 'public.agents_agent' }),
    ).rejects.toThrow('table applies to vacuum-analyze only');
    await expect(
      maintain({ operation: 'vacuum-analyze', table: 'x; DROP TABLE y' }),
    ).rejects.toThrow(/A table name/);
  });
});

describe('bloat report parsing', () => {
  it('reads psql --csv output after other lines, with quoted fields and timestamps with an hour offset', () => {
    expect(csvFields('a,"b,""c""",')).toEqual(['a', 'b,"c"', '']);
    const header =
      'schemaname,relname,n_live_tup,n_dead_tup,dead_pct,last_vacuum,last_autovacuum,est_bloat_bytes';
    expect(
      parseBloatReport([
        'VACUUM',
        header,
        'public,t,90,10,10.0,,2026-01-02 03:04:05.123456+01,100',
        '(x)',
      ]),
    ).toEqual([
      {
        schema: 'public',
        table: 't',
        liveTuples: 90,
        deadTuples: 10,
        deadPercent: 10,
        lastVacuum: undefined,
        lastAutovacuum: '2026-01-02T02:04:05.123Z',
        estimatedBloatBytes: 100,
      },
    ]);
    expect(parseBloatReport(['psql: error'])).toBeUndefined();
  });

  it('quotes the table as an identifier and keeps the command free of single quotes but its own', () => {
    const command = maintenanceCommand({
      operation: 'vacuum-analyze',
      table: 'public.agents_agent',
    });
    expect(command).toMatch(
      /^psql -X -v ON_ERROR_STOP=1 -c 'VACUUM \(ANALYZE\) "public"\."agents_agent"' --csv -c 'SELECT [^']+'$/,
    );
  });
});
