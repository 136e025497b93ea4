import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { fullScreenshot, launchBrowser, openContext, openSignedIn } from './browser';
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
    .filter({ has: page.locator('.MuiCardHeader-root', { hasText: new RegExp(`^${title}`) }) })
    .first();
}

async function expectText(locator: Locator, text: string | RegExp) {
  await waitFor(
    `${String(text)}`,
    async () => {
      const content = (await locator.textContent()) ?? '';
      return (typeof text === 'string' ? content.includes(text) : text.test(content)) ? true : undefined;
    },
    { timeoutMs: 60_000, onTimeout: () => stack.logs() },
  ).catch(async error => {
    throw new Error(`${error.message}\nText was: ${await locator.textContent()}`);
  });
}

async function photograph(page: Page, locator: Locator, name: string) {
  await locator.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await locator.screenshot({ path: join(SCREENSHOTS, name), animations: 'disabled' });
}

test('Right-sizing on the Ops tab: the over-provisioned worker, its suggestion, the volume nobody mounts', async () => {
  const pvcs = await kubeGet(dev, '/api/v1/namespaces/cmp/persistentvolumeclaims');
  const pods = await kubeGet(dev, '/api/v1/namespaces/cmp/pods');
  const mounted = new Set(
    pods.items.flatMap((p: any) => (p.spec.volumes ?? []).map((v: any) => v.persistentVolumeClaim?.claimName).filter(Boolean)),
  );
  const unmounted = pvcs.items.map((p: any) => p.metadata.name).filter((name: string) => !mounted.has(name));
  expect(unmounted).toContain('agent-registry-media-export');

  const { context, errors } = await openContext(browser);
  const page = await context.newPage();
  await openSignedIn(page, `${stack.appUrl}${OPS_TAB}`, 'ops-headline');
  const rightSizing = card(page, 'Right-sizing');
  await rightSizing.getByTestId('right-sizing-row').first().waitFor({ timeout: 90_000 });
  await expectText(rightSizing, 'over-provisioned');
  await expectText(rightSizing.getByTestId('unused-pvc').first(), 'agent-registry-media-export');
  await expect(rightSizing.getByRole('button', { name: /Set requests/ }).first().isVisible()).resolves.toBe(true);
  await photograph(page, rightSizing, 'ops-tab-right-sizing.png');
  expect(errors).toEqual([]);
  await context.close();
});

test('Security on the Ops tab: the image scans, the top CVEs and the risky service account', async () => {
  const reports = await kubeGet(dev, '/apis/aquasecurity.github.io/v1alpha1/namespaces/cmp/vulnerabilityreports');
  const critical = reports.items
    .filter((r: any) => r.report.artifact.repository.includes('agent-registry'))
    .map((r: any) => r.report.summary.criticalCount);
  expect(Math.max(...critical)).toBeGreaterThan(0);

  const { context, errors } = await openContext(browser);
  const page = await context.newPage();
  await openSignedIn(page, `${stack.appUrl}${OPS_TAB}`, 'ops-headline');
  const security = card(page, 'Security');
  await security.getByRole('table', { name: 'Image scans' }).waitFor({ timeout: 90_000 });
  await expectText(security.getByRole('table', { name: 'Top CVEs' }), /CVE-\d{4}-\d+/);
  await expectText(security.getByTestId('service-account').first(), 'agent-registry');
  await expectText(security.getByRole('region', { name: 'Failed logins' }), /.+/);
  await photograph(page, security, 'ops-tab-security.png');
  expect(errors).toEqual([]);
  await context.close();
});

test('the platform page: security and right-sizing across services', async () => {
  const { context, errors } = await openContext(browser);
  const page = await context.newPage();
  await openSignedIn(page, `${stack.appUrl}/platform-health`, 'platform-headline');
  await page.getByTestId('platform-security').waitFor({ timeout: 90_000 });
  await expectText(page.getByTestId('platform-security'), 'agent-registry');
  await page.getByTestId('right-sizing-service').first().waitFor({ timeout: 90_000 });
  await fullScreenshot(page, join(SCREENSHOTS, 'platform-insights.png'));
  expect(errors).toEqual([]);
  await context.close();
});
