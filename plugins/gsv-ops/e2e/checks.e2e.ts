import type { Page } from 'playwright-core';
import { signInIfAsked } from './browser';
import { kubeGet } from './kube';
import {
  awaitDryRun,
  devTarget,
  expectTarget,
  expectText,
  matchesAll,
  openTemplate,
  opsTabOf,
  taskContent,
} from './runbookFlow';
import {
  AGENT_REGISTRY,
  CMP_POSTGRES,
  flow,
  startRunbookStackAroundTests,
  WORKER,
} from './runbookStack';
import {
  backend,
  cnpgPath,
  operationOfTask,
  taskLog,
  template,
  type ScaffolderTask,
} from './runbookTruth';
import { waitFor } from './stack';

/**
 * The chained runbook template and the quick actions of issue #17, in the real app against the real backend and the
 * embedded clusters: the DR restore drill (ops guide 5.3) from its form to the finished task — check that the
 * database can be restored, restore into a new cluster, check the service, report — and the Ops tab's Roll back
 * quick action, which opens the rollback form filled in for the deployment.
 */

startRunbookStackAroundTests();

let page: Page;
beforeAll(() => {
  ({ page } = flow);
});

const DRILL = 'gsv-dr-restore-drill';

/** Waits for the scaffolder task to end; its status, with the log when it did not complete. */
async function finishedTask(taskId: string): Promise<ScaffolderTask> {
  const task = await waitFor(
    `task ${taskId} to end`,
    async () => {
      const current = await backend<ScaffolderTask>(
        `/api/scaffolder/v2/tasks/${taskId}`,
      );
      return ['completed', 'failed', 'cancelled'].includes(current.status)
        ? current
        : undefined;
    },
    { timeoutMs: 180_000, intervalMs: 500, onTimeout: () => flow.stack.logs() },
  );
  if (task.status !== 'completed')
    throw new Error(`Task ${taskId} ${task.status}:\n${await taskLog(taskId)}`);
  return task;
}

test('DR restore drill: check restorable → restore into a new cluster → check the service → report', async () => {
  const { title, confirmTitle } = template(DRILL);
  // an hour ago, to the minute: inside cmp-postgres' recoverability window (days back, WAL archiving works)
  const targetTime = new Date(
    Math.floor((Date.now() - 3600_000) / 60_000) * 60_000,
  )
    .toISOString()
    .replace('.000Z', 'Z');
  const name = 'cmp-postgres-drill-e2e';
  await openTemplate(DRILL, {
    entityRef: CMP_POSTGRES,
    target: devTarget('cmp', 'cmp-postgres'),
    service: AGENT_REGISTRY,
    // the dev seed's wildcard certificate has expired: report the service's health, do not fail the drill on it
    failWhenServiceUnhealthy: false,
    parameters: { newClusterName: name, targetTime },
  });
  await page.getByRole('heading', { name: title }).first().waitFor();

  // 1. Target: the database and the service to verify
  await expectTarget('gsv-dev', 'dev');
  for (const [label, entityRef] of [
    ['Service or database', CMP_POSTGRES],
    ['Service to verify after the restore', AGENT_REGISTRY],
  ]) {
    const picker = page.getByLabel(label).first();
    await waitFor(
      `the picker "${label}" to show ${entityRef}`,
      async () =>
        (await picker.inputValue()) === entityRef ? true : undefined,
      { timeoutMs: 30_000 },
    );
  }
  await page.getByRole('button', { name: 'Next' }).click();
  // 2. Parameters, prefilled
  await page
    .getByText('This change is outside the maintenance window')
    .waitFor();
  expect(await page.getByLabel(/^Name of the new cluster/).inputValue()).toBe(
    name,
  );
  await page.getByRole('button', { name: 'Next' }).click();
  // 3. The engine's dry run of the restore; it created nothing
  const dryRun = await awaitDryRun();
  const missing = matchesAll(dryRun, [
    'Dry run succeeded',
    `Dry run: would create cluster cmp/${name} (1 instance) recovered from cmp-postgres to ${targetTime}; cmp-postgres is not touched`,
  ]);
  expect({ missing, dryRun }).toEqual({ missing: [], dryRun });
  await expect(kubeGet(flow.dev, cnpgPath(name))).rejects.toThrow(/404/);
  await page.getByLabel('I have reviewed this plan').check();
  await page.getByLabel(confirmTitle).check();
  await page.getByRole('button', { name: 'Review' }).click();
  const create = page.getByRole('button', { name: 'Create' });
  await create.waitFor();
  await create.click();
  await page.waitForURL(/\/create\/tasks\/[0-9a-f-]+$/, { timeout: 30_000 });
  const taskId = page.url().split('/').pop()!;

  // The four steps ran in order; the task page shows the report's three parts
  await finishedTask(taskId);
  const restorable = `cmp/cmp-postgres in gsv-dev can be restored to ${new Date(
    targetTime,
  ).toISOString()}`;
  const restored = `Restored cmp/cmp-postgres to ${targetTime} into the new cluster cmp/${name}: healthy, 1 instance ready`;
  const service = `${AGENT_REGISTRY} is unhealthy: Certificate cert-manager/wildcard-dev-tls expired`;
  const log = await taskLog(taskId);
  const order = [
    'Beginning step Check that the database can be restored to the chosen time',
    restorable,
    'Beginning step Restore into a new cluster',
    '[apply] succeeded',
    'Beginning step Check the service',
    service,
    'Beginning step Report the drill',
    `DR restore drill of cmp/cmp-postgres in gsv-dev: ${restorable}`,
  ].map(line => ({ line, at: log.indexOf(line) }));
  expect(order.filter(({ at }) => at < 0)).toEqual([]);
  expect(order.map(({ at }) => at)).toEqual(
    [...order.map(({ at }) => at)].sort((a, b) => a - b),
  );
  expect(log).toContain(restored);
  for (const [tab, text] of [
    ['Restorable', restorable],
    ['Restore', restored],
    ['Service', service],
  ]) {
    await page.getByRole('button', { name: tab, exact: true }).click();
    await expectText(page.getByTestId('text-output-box'), text);
  }

  // The engine's record of the restore, and the restored cluster in gsv-dev, recovered to the drill's time
  const operation = await operationOfTask(CMP_POSTGRES, taskId);
  expect(operation).toMatchObject({
    runbook: 'database-restore',
    cluster: 'gsv-dev',
    dryRun: false,
    status: 'succeeded',
    initiatedBy: 'user:default/guest',
    summary: expect.stringContaining(restored),
  });
  const cluster = await kubeGet(flow.dev, cnpgPath(name));
  expect(cluster.spec.bootstrap.recovery.source).toBe('cmp-postgres');
  expect(
    Date.parse(cluster.spec.bootstrap.recovery.recoveryTarget.targetTime),
  ).toBe(Date.parse(targetTime));
  expect(cluster.status.phase).toBe('Cluster in healthy state');

  // Its link leads to the database's Ops tab
  const opsLink = taskContent().locator('a', {
    hasText: 'Ops tab of the service',
  });
  expect(await opsLink.getAttribute('href')).toBe(opsTabOf(CMP_POSTGRES));
});

test('Roll back from the Ops tab: the quick action opens the rollback form filled in for the worker', async () => {
  await page.goto(`${flow.stack.appUrl}${opsTabOf(WORKER)}?cluster=gsv-dev`);
  await signInIfAsked(page, page.getByTestId('ops-headline'));
  const rollBack = page.getByText('Roll back agent-registry-worker', {
    exact: true,
  });
  await rollBack.waitFor({ timeout: 30_000 });
  await waitFor(
    'the Roll back quick action to be enabled',
    async () =>
      (await rollBack.getAttribute('aria-disabled')) !== 'true'
        ? true
        : undefined,
    { timeoutMs: 30_000 },
  );
  await rollBack.click();

  await page.waitForURL(
    /\/create\/templates\/default\/gsv-rollback-deployment\?formData=/,
  );
  const { title } = template('gsv-rollback-deployment');
  await page.getByRole('heading', { name: title }).first().waitFor();
  await waitFor(
    'the service picker to show the worker',
    async () =>
      (await page.getByLabel('Service').first().inputValue()) === WORKER
        ? true
        : undefined,
    { timeoutMs: 30_000 },
  );
  const deployment = page.getByRole('combobox', { name: 'Deployment' });
  await waitFor(
    'the deployment picker to show the worker in gsv-dev',
    async () => {
      const text = await deployment.evaluate(
        (select: HTMLSelectElement) =>
          select.options[select.selectedIndex]?.text ?? '',
      );
      return text.startsWith('cmp/agent-registry-worker — gsv-dev (dev)')
        ? text
        : undefined;
    },
    { timeoutMs: 30_000 },
  );
  await expectTarget('gsv-dev', 'dev');
  // the form is only filled in: nothing ran
  const operations = await backend<{ items: Array<{ runbook: string }> }>(
    `/api/gsv-ops/operations?entityRef=${encodeURIComponent(WORKER)}`,
  );
  expect(
    operations.items.filter(op => op.runbook === 'deployment-rollback'),
  ).toEqual([]);
});
