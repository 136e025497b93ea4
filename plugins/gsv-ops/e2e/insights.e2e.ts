import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  fullScreenshot,
  launchBrowser,
  openContext,
  openSignedIn,
} from './browser';
import { kubeGet } from './kube';
import { DevCluster, SCREENSHOTS, Stack, startStack, waitFor } from './stack';

/**
 * Browser tests of the ops guide's cards beyond the morning check (issue #16): alert rules and dashboards, security,
 * right-sizing and DR readiness on agent-registry's Ops tab, and their fleet-wide tables on the platform page —
 * each checked against what the embedded cluster holds, each photographed for the README.
 */

const OPS_TAB = '/catalog/default/component/agent-registry/ops?cluster=gsv-dev';

let stack: Stack;
let browser: Browser;
let dev: DevCluster;

beforeAll(async () => {
  stack = await startStack();
  dev = stack.clusters.find(c => c.name === 'gsv-dev')!;
  browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

/** The card (Backstage InfoCard) whose header reads `title`. */
function card(page: Page, title: string): Locator {
  return page
    .locator('.MuiCard-root')
    .filter({
      has: page.locator('.MuiCardHeader-root', {
        hasText: new RegExp(`^${title}`),
      }),
    })
    .first();
}

async function expectText(locator: Locator, text: string | RegExp) {
  await waitFor(
    `${String(text)}`,
    async () => {
      const content = (await locator.textContent()) ?? '';
      return (
        typeof text === 'string' ? content.includes(text) : text.test(content)
      )
        ? true
        : undefined;
    },
    { timeoutMs: 60_000, onTimeout: () => stack.logs() },
  ).catch(async error => {
    throw new Error(
      `${error.message}\nText was: ${await locator.textContent()}`,
    );
  });
}

async function photograph(page: Page, locator: Locator, name: string) {
  await locator.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await locator.screenshot({
    path: join(SCREENSHOTS, name),
    animations: 'disabled',
  });
}

test('Right-sizing on the Ops tab: a verdict per container, the volume nobody mounts; the worker over-provisioned with its suggestion', async () => {
  const pvcs = await kubeGet(
    dev,
    '/api/v1/namespaces/cmp/persistentvolumeclaims',
  );
  const pods = await kubeGet(dev, '/api/v1/namespaces/cmp/pods');
  const mounted = new Set(
    pods.items.flatMap((p: any) =>
      (p.spec.volumes ?? [])
        .map((v: any) => v.persistentVolumeClaim?.claimName)
        .filter(Boolean),
    ),
  );
  const unmounted = pvcs.items
    .map((p: any) => p.metadata.name)
    .filter((name: string) => !mounted.has(name));
  expect(unmounted).toContain('agent-registry-media-export');

  const { context, errors } = await openContext(browser);
  const page = await context.newPage();
  await openSignedIn(page, `${stack.appUrl}${OPS_TAB}`, 'ops-headline');
  const rightSizing = card(page, 'Right-sizing');
  await rightSizing
    .getByTestId('right-sizing-row')
    .first()
    .waitFor({ timeout: 90_000 });
  await expectText(
    rightSizing.getByTestId('right-sizing-verdict').first(),
    /Over-provisioned|Under-provisioned|Fine|No request/,
  );
  await expectText(
    rightSizing.getByTestId('unused-pvc').first(),
    'agent-registry-media-export',
  );
  await photograph(page, rightSizing, 'ops-tab-right-sizing.png');

  // the worker holds ~150Mi against its 512Mi memory request (the dev seed): over-provisioned, with a request to set
  await openSignedIn(
    page,
    `${stack.appUrl}${OPS_TAB.replace(
      'agent-registry/',
      'agent-registry-worker/',
    )}`,
    'ops-headline',
  );
  const worker = card(page, 'Right-sizing');
  await expectText(worker, 'Over-provisioned');
  await expectText(
    worker.getByTestId('right-sizing-suggestion').first(),
    /memory \d+Mi/,
  );
  await expectText(worker, 'Set requests');
  expect(errors).toEqual([]);
  await context.close();
});

test('Security on the Ops tab: the image scans, the top CVEs and the risky service account', async () => {
  const reports = await kubeGet(
    dev,
    '/apis/aquasecurity.github.io/v1alpha1/namespaces/cmp/vulnerabilityreports',
  );
  const critical = reports.items
    .filter((r: any) => r.report.artifact.repository.includes('agent-registry'))
    .map((r: any) => r.report.summary.criticalCount);
  expect(Math.max(...critical)).toBeGreaterThan(0);

  const { context, errors } = await openContext(browser);
  const page = await context.newPage();
  await openSignedIn(page, `${stack.appUrl}${OPS_TAB}`, 'ops-headline');
  const security = card(page, 'Security');
  await security
    .getByRole('table', { name: 'Image scans' })
    .waitFor({ timeout: 90_000 });
  await expectText(
    security.getByRole('table', { name: 'Top CVEs' }),
    /CVE-\d{4}-\d+/,
  );
  await expectText(
    security.getByTestId('service-account').first(),
    'agent-registry',
  );
  await expectText(
    security.getByRole('region', { name: 'Failed logins' }),
    /.+/,
  );
  await photograph(page, security, 'ops-tab-security.png');
  expect(errors).toEqual([]);
  await context.close();
});

test('Alert rules & dashboards on the Ops tab: the rules that watch agent-registry, their state and route', async () => {
  const rules = await kubeGet(
    dev,
    '/apis/monitoring.coreos.com/v1/prometheusrules',
  );
  const watching = rules.items
    .flatMap((o: any) => o.spec.groups.flatMap((g: any) => g.rules))
    .filter((r: any) => r.alert && r.expr.includes('job="agent-registry"'));
  expect(watching.length).toBeGreaterThan(0);

  const { context, errors } = await openContext(browser);
  const page = await context.newPage();
  await openSignedIn(page, `${stack.appUrl}${OPS_TAB}`, 'ops-headline');
  const alerting = card(page, 'Alert rules & dashboards');
  await alerting.getByTestId('rule-row').first().waitFor({ timeout: 90_000 });
  await waitFor(
    'a row for every rule that selects the job',
    async () =>
      (await alerting.getByTestId('rule-row').count()) >= watching.length
        ? true
        : undefined,
    { timeoutMs: 60_000 },
  );
  for (const rule of watching)
    await expectText(
      alerting.getByRole('table', { name: 'Alert rules' }),
      rule.alert,
    );
  await expectText(alerting.getByTestId('rule-receiver').first(), /\w/);
  await expectText(alerting.getByTestId('dashboards'), 'Agent Metrics');
  await photograph(page, alerting, 'ops-tab-alert-rules.png');
  expect(errors).toEqual([]);
  await context.close();
});

test('DR readiness on the Ops tab: cmp-postgres restorable to 5 minutes ago, and what is still missing', async () => {
  const { context, errors } = await openContext(browser);
  const page = await context.newPage();
  await openSignedIn(page, `${stack.appUrl}${OPS_TAB}`, 'ops-headline');
  const dr = card(page, 'DR readiness');
  const line = dr.getByTestId('dr-line').filter({ hasText: 'cmp-postgres' });
  await line.first().waitFor({ timeout: 90_000 });
  await expectText(line.first(), /rehears/i);
  await photograph(page, dr, 'ops-tab-dr-readiness.png');
  expect(errors).toEqual([]);
  await context.close();
});

test('the platform page: alert rules, security, right-sizing and DR readiness across services', async () => {
  const { context, errors } = await openContext(browser);
  const page = await context.newPage();
  await openSignedIn(
    page,
    `${stack.appUrl}/platform-health`,
    'platform-headline',
  );
  await page.getByTestId('platform-security').waitFor({ timeout: 90_000 });
  await expectText(page.getByTestId('platform-security'), 'agent-registry');
  await page
    .getByTestId('right-sizing-service')
    .first()
    .waitFor({ timeout: 90_000 });
  await expectText(page.getByTestId('platform-alert-rules'), /\w/);
  // Keycloak's database: WAL archiving failing, one old backup, no schedule (the dev seed)
  await expectText(
    page.getByTestId('platform-dr-readiness'),
    'keycloak-postgres',
  );
  await fullScreenshot(page, join(SCREENSHOTS, 'platform-insights.png'));
  expect(errors).toEqual([]);
  await context.close();
});

test('Incident mode: declared on the Ops tab, a note, on the platform page while open, resolved with its record', async () => {
  const summary = 'Webhook deliveries time out';
  const { context, errors } = await openContext(browser);
  const page = await context.newPage();
  await openSignedIn(page, `${stack.appUrl}${OPS_TAB}`, 'ops-headline');
  await card(page, 'Incident')
    .getByRole('button', { name: 'Declare incident' })
    .click();
  const declare = page
    .getByRole('dialog')
    .filter({ hasText: 'Declare an incident' });
  await declare.locator('#incident-declare-severity').click();
  await page.getByRole('option', { name: /^P2/ }).click();
  await declare.getByLabel('Summary').fill(summary);
  await declare.getByRole('button', { name: 'Declare' }).click();

  const open = card(page, 'Open incident');
  await expectText(open, summary);
  await open
    .getByLabel('Note')
    .fill('GitHub answers slowly; deliveries are retried');
  await open.getByRole('button', { name: 'Add note' }).click();
  await expectText(
    open.getByRole('list', { name: 'Incident timeline' }),
    'GitHub answers slowly',
  );
  await photograph(page, open, 'ops-tab-incident.png');

  const platform = await context.newPage();
  await openSignedIn(
    platform,
    `${stack.appUrl}/platform-health`,
    'platform-headline',
  );
  await expectText(
    platform.getByRole('table', { name: 'Open incidents' }),
    summary,
  );
  await platform.close();

  await open.getByRole('button', { name: 'Resolve' }).click();
  const record = page
    .getByRole('dialog')
    .filter({ hasText: 'Post-incident record' });
  await expectText(record, 'Time to resolve');
  await expectText(record, 'GitHub answers slowly');
  await photograph(page, record, 'incident-record.png');
  expect(errors).toEqual([]);
  await context.close();
});
