import { signInIfAsked } from './browser';
import { kubeGet } from './kube';
import { devTarget, expectText, fill, runTemplate } from './runbookFlow';
import {
  AGENT_REGISTRY,
  flow,
  OPS_TAB,
  startRunbookStackAroundTests,
  WORKER,
} from './runbookStack';
import { waitFor } from './stack';

/**
 * Ops guide 3.3 (PgBouncer pool tuning) and 7.3 (zero-downtime rollouts), as a person uses them: Configure pooler from
 * the database section of the Ops tab to the finished operation; a pooler size over the environment's cap refused in
 * the dry run, the cap named; the zero-downtime preset set on the worker without a rollout.
 */

jest.setTimeout(600_000);
startRunbookStackAroundTests();

const POOLER =
  '/apis/postgresql.cnpg.io/v1/namespaces/cmp/poolers/cmp-postgres-pooler-rw';

test('Configure pooler from the Ops tab’s database section: default_pool_size 25 and 3 PgBouncer pods, then in Recent operations', async () => {
  const { page, stack } = flow;
  await page.goto(`${stack.appUrl}${OPS_TAB}?cluster=gsv-dev`);
  await signInIfAsked(page, page.getByTestId('ops-headline'));
  const row = page
    .getByRole('region', { name: 'Database cmp-postgres' })
    .getByTestId('pooler-row');
  await row.waitFor({ timeout: 60_000 });
  await expectText(row, '2/2 ready');
  await expectText(row, 'transaction');
  const configure = row.getByTestId('runbook-pooler-configure');
  await waitFor(
    'Configure pooler to be enabled',
    async () =>
      (await configure.isVisible()) &&
      (await configure.getAttribute('aria-disabled')) !== 'true'
        ? true
        : undefined,
    { timeoutMs: 60_000 },
  );
  await configure.click();
  await page.waitForURL(
    /\/create\/templates\/default\/gsv-configure-pooler\?formData=/,
  );

  const run = await runTemplate({
    template: 'gsv-configure-pooler',
    entityRef: AGENT_REGISTRY,
    parameters: async () => {
      await fill('PgBouncer instances', '3');
      await fill('default_pool_size', '25');
    },
    plan: [
      'Dry run: would set pooler cmp/cmp-postgres-pooler-rw to 3 instances, transaction mode, default_pool_size 25, max_client_conn 200',
      'default_pool_size: "25"',
    ],
    log: ['[apply] succeeded', '[wait] succeeded', '[verify] succeeded'],
  });
  expect(run.result).toMatch(
    /^Set pooler cmp\/cmp-postgres-pooler-rw to 3 instances, transaction mode, default_pool_size 25, max_client_conn 200 \(was 2 instances, .*\); 3\/3 PgBouncer pods ready$/,
  );
  expect(run.operation.result).toMatchObject({
    readyInstances: 3,
    podsKeptRunning: 2,
  });
  const pooler = await kubeGet(flow.dev, POOLER);
  expect(pooler.spec).toMatchObject({
    instances: 3,
    pgbouncer: { parameters: { default_pool_size: '25' } },
  });

  await page.goto(`${stack.appUrl}${OPS_TAB}?cluster=gsv-dev`);
  const operation = page.getByTestId('operation-row').first();
  await operation.waitFor({ timeout: 30_000 });
  await expectText(operation, 'Configure pooler');
  await expectText(operation, 'Succeeded');
  await expectText(
    page
      .getByRole('region', { name: 'Database cmp-postgres' })
      .getByTestId('pooler-row'),
    '3/3 ready',
  );
});

test('A pooler over the environment’s cap is refused in the dry run, with the cap named; nothing changes', async () => {
  const before = await kubeGet(flow.dev, POOLER);
  await expect(
    runTemplate({
      template: 'gsv-configure-pooler',
      formData: {
        entityRef: AGENT_REGISTRY,
        target: devTarget('cmp', 'cmp-postgres-pooler-rw'),
        parameters: { instances: 9 },
      },
      plan: [],
      log: [],
    }),
  ).rejects.toThrow(
    /The dry run was refused: .*PgBouncer instances 9 exceeds the cap of 4 for this environment \(gsvOps\.operations\.policy\.limits\.maxPoolerInstances\)/s,
  );
  const after = await kubeGet(flow.dev, POOLER);
  expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
});

test('The zero-downtime preset on the worker: maxSurge 1, maxUnavailable 0, no rollout', async () => {
  const path = '/apis/apps/v1/namespaces/cmp/deployments/agent-registry-worker';
  const before = await kubeGet(flow.dev, path);
  const run = await runTemplate({
    template: 'gsv-set-rollout-strategy',
    formData: {
      entityRef: WORKER,
      target: devTarget('cmp', 'agent-registry-worker'),
      parameters: { preset: 'zero-downtime' },
    },
    plan: [
      'Dry run: would set deployment cmp/agent-registry-worker to RollingUpdate maxSurge 1, maxUnavailable 0',
      'maxSurge: 1',
    ],
    log: ['[apply] succeeded', '[verify] succeeded'],
  });
  const revision =
    before.metadata.annotations['deployment.kubernetes.io/revision'];
  expect(run.result).toMatch(
    new RegExp(
      `^Set deployment cmp/agent-registry-worker to RollingUpdate maxSurge 1, maxUnavailable 0 \\(was .*\\); no rollout, still revision ${revision}$`,
    ),
  );
  const after = await kubeGet(flow.dev, path);
  expect(after.spec.strategy).toEqual({
    type: 'RollingUpdate',
    rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
  });
  expect(after.metadata.annotations['deployment.kubernetes.io/revision']).toBe(
    revision,
  );
});
