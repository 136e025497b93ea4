import { signInIfAsked } from './browser';
import { kubeGet, kubeRequest } from './kube';
import { devTarget, expectText, runTemplate } from './runbookFlow';
import {
  AGENT_REGISTRY,
  flow,
  OPS_TAB,
  startRunbookStackAroundTests,
} from './runbookStack';
import { backend, type OperationRecord } from './runbookTruth';
import { waitFor } from './stack';

/**
 * The runbooks that run a command as a Kubernetes Job (database-migrate, database-maintenance, service-diagnostics), as
 * a person uses them: from the Ops tab's deployment row to the finished operation, and a migration that fails with the
 * Job's last log lines; from the database section to a bloat report, its table, and VACUUM (ANALYZE) of the bloated
 * table from there; diagnostics with an unreachable dependency. The
 * embedded cluster decides a Job's outcome from its command (packages/devcluster/src/simulation/containerCommands.ts): agent-registry is seeded with two unapplied migrations,
 * the `failMigration` fault makes `migrate` fail, and cmp-postgres has a table with a third dead tuples.
 */

jest.setTimeout(600_000);
startRunbookStackAroundTests();

const FAILURE =
  'column "retry_count" of relation "agents_webhookdelivery" already exists';

async function migrationJobs(): Promise<string[]> {
  const list = await kubeGet(
    flow.dev,
    '/apis/batch/v1/namespaces/cmp/jobs?labelSelector=gsv.io%2Frunbook%3Ddatabase-migrate',
  );
  return list.items.map((job: any) => job.metadata.name);
}

async function failMigrations(enabled: boolean) {
  const fault = await kubeRequest(flow.dev, 'POST', '/devcluster/faults', {
    body: {
      type: 'failMigration',
      namespace: 'cmp',
      service: 'agent-registry',
      enabled,
    },
  });
  expect(fault.status).toBeLessThan(300);
}

async function latestMigration(): Promise<OperationRecord> {
  const list = await backend<{ items: OperationRecord[] }>(
    `/api/gsv-ops/operations?${new URLSearchParams({
      entityRef: AGENT_REGISTRY,
      limit: '20',
    })}`,
  );
  return list.items.find(
    op => op.runbook === 'database-migrate' && !op.dryRun,
  )!;
}

/** A table's row of cmp-postgres's bloat report on the Ops tab. */
const bloatRow = (table: string) =>
  flow.page.locator(`[data-testid="bloat-row"][data-name="${table}"]`);

/** Opens the Ops tab on gsv-dev, signed in. */
async function openOpsTab() {
  const { page, stack } = flow;
  await page.goto(`${stack.appUrl}${OPS_TAB}?cluster=gsv-dev`);
  await signInIfAsked(page, page.getByTestId('ops-headline'));
}

/** Once the Ops tab's runbook button is enabled (the permission answered, the view loaded), follows it to its template. */
async function followRunbookButton(
  button: ReturnType<typeof flow.page.locator>,
  what: string,
  template: string,
) {
  await waitFor(
    `${what} to be enabled`,
    async () =>
      (await button.isVisible()) &&
      (await button.getAttribute('aria-disabled')) !== 'true'
        ? true
        : undefined,
    { timeoutMs: 60_000 },
  );
  await button.click();
  await flow.page.waitForURL(
    new RegExp(`/create/templates/default/${template}\\?formData=`),
  );
}

const deploymentRowButton = (runbook: string) =>
  flow.page
    .locator('[data-testid="deployment-row"][data-name="agent-registry"]')
    .getByTestId(`runbook-${runbook}`);

test('Migrate from the Ops tab: plan lists the two unapplied migrations, a failing apply shows the Job’s last log lines, then apply succeeds', async () => {
  const { page, stack } = flow;
  await openOpsTab();
  await followRunbookButton(
    deploymentRowButton('database-migrate'),
    'the Migrate button of agent-registry',
    'gsv-migrate-database',
  );

  // 1. plan: showmigrations in a Job, nothing applied
  const plan = await runTemplate({
    template: 'gsv-migrate-database',
    entityRef: AGENT_REGISTRY,
    plan: [
      'Dry run: would run `python manage.py showmigrations` as Job cmp/agent-registry-showmigrations-',
      'python manage.py showmigrations',
      'backoffLimit: 0',
    ],
    log: ['[job] succeeded', '[cleanup] succeeded'],
  });
  expect(plan.result).toBe(
    '2 migrations not applied on cmp/agent-registry: agents.0014_agent_capability_index, agents.0015_webhookdelivery_retry_count; run the runbook with mode apply',
  );
  expect(await migrationJobs()).toEqual([]);

  // 2. apply while the database refuses the last migration: the operation fails with the Job's last log lines
  await failMigrations(true);
  const applyForm = {
    entityRef: AGENT_REGISTRY,
    target: devTarget('cmp', 'agent-registry'),
    parameters: { mode: 'apply' },
  };
  await expect(
    runTemplate({
      template: 'gsv-migrate-database',
      formData: applyForm,
      plan: ['Dry run: would run `python manage.py migrate --noinput`'],
      log: [],
    }),
  ).rejects.toThrow(/Task [0-9a-f-]+ \(gsv-migrate-database\) failed/);
  const failed = await latestMigration();
  expect(failed.status).toBe('failed');
  expect(failed.summary).toMatch(
    /^Failed: Job cmp\/agent-registry-migrate-\w{8} failed \(BackoffLimitExceeded\); its last \d+ log lines:/,
  );
  expect(failed.summary).toContain(
    '  Applying agents.0014_agent_capability_index... OK',
  );
  expect(failed.summary).toContain(
    `django.db.utils.ProgrammingError: ${FAILURE}`,
  );
  // the failed Job stays for kubectl logs (gsvOps.operations.jobs.keepFailedMinutes)
  expect(await migrationJobs()).toHaveLength(1);
  await page.goto(`${stack.appUrl}${OPS_TAB}?cluster=gsv-dev`);
  const row = page.getByTestId('operation-row').first();
  await row.waitFor({ timeout: 30_000 });
  await expectText(row, 'Failed');
  await expectText(row, `django.db.utils.ProgrammingError: ${FAILURE}`);

  // 3. the database fixed, apply runs the one migration left
  await failMigrations(false);
  const apply = await runTemplate({
    template: 'gsv-migrate-database',
    formData: applyForm,
    plan: ['Dry run: would run `python manage.py migrate --noinput`'],
    log: ['[job] succeeded'],
  });
  expect(apply.result).toBe(
    'Applied 1 migration on cmp/agent-registry: agents.0015_webhookdelivery_retry_count',
  );
  expect(apply.operation.result).toMatchObject({
    mode: 'apply',
    applied: ['agents.0015_webhookdelivery_retry_count'],
  });
});

test('Bloat report from the Ops tab’s database section: the finished operation names the table with a third dead tuples', async () => {
  const { page, stack } = flow;
  await openOpsTab();
  const database = page.getByRole('region', { name: 'Database cmp-postgres' });
  await expectText(database, 'No report yet: run Bloat report');
  await followRunbookButton(
    database
      .getByTestId('runbook-database-maintenance')
      .filter({ hasText: 'Bloat report' }),
    'the Bloat report button of cmp-postgres',
    'gsv-maintain-database',
  );
  const run = await runTemplate({
    template: 'gsv-maintain-database',
    entityRef: AGENT_REGISTRY,
    plan: [
      'Dry run: would report dead tuples per table of cmp/cmp-postgres with psql as Job cmp/cmp-postgres-bloat-',
      'ghcr.io/cloudnative-pg/postgresql:16.4',
      'pg_stat_user_tables',
    ],
    log: ['[job] succeeded', '[cleanup] succeeded'],
  });
  expect(run.result).toMatch(
    /^Bloat report of cmp\/cmp-postgres: 1 of 4 tables over 20% dead tuples: public\.agents_webhookdelivery 33\.1% dead \(402,100 of 1,214,500 tuples/,
  );
  expect(run.log).toContain(
    'Read-only: database-maintenance changes nothing, so maintenance windows and change freezes do not apply',
  );
  expect(run.operation.result?.tables[0]).toMatchObject({
    table: 'agents_webhookdelivery',
    deadPercent: 33.1,
  });

  // back on the Ops tab, the database section shows the report as a table
  await page.goto(`${stack.appUrl}${OPS_TAB}?cluster=gsv-dev`);
  await expectText(database, /Bloat \(report of [^)]+\)/);
  await expectText(bloatRow('public.agents_webhookdelivery'), '402,100');
  await expectText(bloatRow('public.agents_webhookdelivery'), '33.1%');
  expect(await database.getByTestId('bloat-row').count()).toBe(4);
});

test('VACUUM (ANALYZE) from the bloat table (after the report above): the finished operation with its output, the table clean', async () => {
  const { page, stack } = flow;
  await openOpsTab();
  const vacuum = bloatRow('public.agents_webhookdelivery').getByTestId(
    'runbook-database-maintenance',
  );
  await expectText(vacuum, 'VACUUM (ANALYZE)');
  await followRunbookButton(
    vacuum,
    'VACUUM (ANALYZE) of agents_webhookdelivery',
    'gsv-maintain-database',
  );
  const run = await runTemplate({
    template: 'gsv-maintain-database',
    entityRef: AGENT_REGISTRY,
    plan: [
      'Dry run: would run VACUUM (ANALYZE) on public.agents_webhookdelivery of cmp/cmp-postgres with psql as Job cmp/cmp-postgres-vacuum-',
      'ghcr.io/cloudnative-pg/postgresql:16.4',
    ],
    log: ['[job] succeeded', '[cleanup] succeeded'],
  });
  const summary =
    'VACUUM (ANALYZE) on public.agents_webhookdelivery of cmp/cmp-postgres; afterwards no table over 20% dead tuples';
  expect(run.result.slice(0, summary.length)).toBe(summary);
  expect(run.operation.result).toMatchObject({
    operation: 'vacuum-analyze',
    vacuumed: 'public.agents_webhookdelivery',
  });

  // the Ops tab: the finished operation with its output, and the report it took after the VACUUM
  await page.goto(`${stack.appUrl}${OPS_TAB}?cluster=gsv-dev`);
  const row = page.getByTestId('operation-row').first();
  await row.waitFor({ timeout: 30_000 });
  await expectText(row, 'Succeeded');
  await expectText(row, summary);
  const database = page.getByRole('region', { name: 'Database cmp-postgres' });
  await expectText(
    database,
    'after VACUUM (ANALYZE) on public.agents_webhookdelivery',
  );
  const vacuumed = bloatRow('public.agents_webhookdelivery');
  await expectText(vacuumed, '0%');
  expect(
    await vacuumed.getByTestId('runbook-database-maintenance').count(),
  ).toBe(0);
});

test('Diagnose from the deployment row: the operation succeeds and names the unreachable dependency', async () => {
  await openOpsTab();
  await followRunbookButton(
    deploymentRowButton('service-diagnostics'),
    'the Diagnose button of agent-registry',
    'gsv-diagnose-service',
  );
  const run = await runTemplate({
    template: 'gsv-diagnose-service',
    entityRef: AGENT_REGISTRY,
    plan: [
      'Dry run: would check the database and 2 dependencies of cmp/agent-registry as Job cmp/agent-registry-diagnose-',
      'pg_isready',
    ],
    log: ['[job] succeeded'],
  });
  expect(run.result).toBe(
    '1 of 3 checks of cmp/agent-registry failed: llm-gateway (curl: (6) Could not resolve host: llm-gateway.cmp.svc)',
  );
  expect(
    run.operation.result?.checks.map(
      (c: { name: string; ok: boolean }) => `${c.name} ${c.ok}`,
    ),
  ).toEqual(['database true', 'qdrant true', 'llm-gateway false']);
});
