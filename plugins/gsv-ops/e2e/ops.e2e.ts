/* eslint-disable no-console */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { largeView } from '../src/__fixtures__/entityViews';
import {
  fullScreenshot,
  launchBrowser,
  openContext,
  openSignedIn,
} from './browser';
import { kubeGet, kubeRequest } from './kube';
import { DevCluster, SCREENSHOTS, Stack, startStack, waitFor } from './stack';

/**
 * Browser tests of the Ops tab and the platform page against the real app (production build), backend and
 * embedded clusters, started here on loopback: gsv-dev (the dev variant, with the trouble the seed gives it) and
 * gsv-prod (the prod variant, healthy).
 */

const RESULTS = join(__dirname, 'results');
const OPS_TAB = '/catalog/default/component/agent-registry/ops';

let stack: Stack;
let browser: Browser;
let dev: DevCluster;

beforeAll(async () => {
  stack = await startStack();
  dev = stack.clusters.find(c => c.name === 'gsv-dev')!;
  browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
  mkdirSync(RESULTS, { recursive: true });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

/** Opens a page of the app, signing in as the guest when the sign-in page shows. */
function open(page: Page, path: string, ready: string) {
  return openSignedIn(page, `${stack.appUrl}${path}`, ready);
}

async function openOpsTab(page: Page, query = '') {
  await open(page, `${OPS_TAB}${query}`, 'ops-headline');
}

const imageTagOf = (image: string) => image.slice(image.lastIndexOf(':') + 1);

test('the Ops tab of agent-registry shows what the cluster holds', async () => {
  // The truth, read from the cluster's API server.
  const deployments = await kubeGet(
    dev,
    '/apis/apps/v1/namespaces/cmp/deployments?labelSelector=backstage.io%2Fkubernetes-id%3Dagent-registry',
  );
  expect(deployments.items.length).toBeGreaterThan(0);
  const certificates = await Promise.all(
    ['cmp/agent-registry-tls', 'cert-manager/wildcard-dev-tls'].map(ref => {
      const [namespace, name] = ref.split('/');
      return kubeGet(
        dev,
        `/apis/cert-manager.io/v1/namespaces/${namespace}/certificates/${name}`,
      );
    }),
  );
  const database = await kubeGet(
    dev,
    '/apis/postgresql.cnpg.io/v1/namespaces/cmp/clusters/cmp-postgres',
  );
  const application = await kubeGet(
    dev,
    '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/agent-registry',
  );

  const { context, errors } = await openContext(browser);
  const page = await context.newPage();
  await openOpsTab(page, '?cluster=gsv-dev');

  for (const deployment of deployments.items) {
    const row = page.locator(
      `[data-testid="deployment-row"][data-name="${deployment.metadata.name}"]`,
    );
    await expectText(
      row.getByTestId('deployment-ready'),
      `${deployment.status.readyReplicas ?? 0}/${deployment.spec.replicas}`,
    );
    const tags = deployment.spec.template.spec.containers.map(
      (c: { image: string }) => imageTagOf(c.image),
    );
    for (const tag of tags) {
      expect(await row.getByTestId('image-tag').allTextContents()).toContain(
        tag,
      );
    }
  }

  const certificateRows = page.getByTestId('certificate-row');
  expect(await certificateRows.count()).toBe(certificates.length);
  for (const certificate of certificates) {
    const row = certificateRows.filter({ hasText: certificate.metadata.name });
    const ready = certificate.status.conditions.find(
      (c: { type: string }) => c.type === 'Ready',
    )?.status;
    await expectText(row, ready === 'True' ? 'Ready' : 'Not ready');
    const days = Math.floor(
      (Date.parse(certificate.status.notAfter) - Date.now()) / 86_400_000,
    );
    // the backend counts whole days too; allow for the day turning between the two reads
    expect(await row.getByTestId('certificate-expiry').textContent()).toMatch(
      new RegExp(`(in ${days}|in ${days + 1}|expired) `),
    );
  }

  const db = page.getByTestId('database');
  await expectText(db, database.status.phase);
  await expectText(
    db,
    `${database.status.readyInstances}/${database.status.instances} ready`,
  );
  await expectText(db, database.status.currentPrimary);

  await expectText(
    page.getByTestId('sync-status'),
    application.status.sync.status,
  );
  await expectText(
    page.getByTestId('health-status'),
    application.status.health.status,
  );
  expect(errors).toEqual([]);
  await context.close();
});

test('the healthy production cluster, in the light and the dark theme', async () => {
  for (const theme of ['light', 'dark'] as const) {
    const { context, errors } = await openContext(browser, { theme });
    const page = await context.newPage();
    await openOpsTab(page, '?cluster=gsv-prod');
    await expectText(page.getByTestId('ops-headline'), 'Healthy');
    await page.mouse.move(0, 0);
    await page.waitForTimeout(1500); // permission answers and relative times settle
    await fullScreenshot(
      page,
      join(
        SCREENSHOTS,
        theme === 'light' ? 'ops-tab-healthy.png' : 'ops-tab-healthy-dark.png',
      ),
    );
    expect(errors).toEqual([]);
    await context.close();
  }
});

test('the logs of the service: the guide’s error pattern on one click, and a pod followed live', async () => {
  const { context, errors } = await openContext(browser);
  const page = await context.newPage();
  await openOpsTab(page, '?cluster=gsv-dev');
  const lines = page.getByLabel('Log lines');
  await lines.waitFor({ timeout: 60_000 });
  await expectText(page.getByTestId('logs-summary'), 'lines read');
  expect((await lines.innerText()).length).toBeGreaterThan(0);
  await page.getByRole('button', { name: /^Errors · \d+$/ }).click();
  await waitFor(
    'only error lines',
    async () => {
      const text = await lines.innerText();
      const shown = text.split('\n').filter(Boolean);
      return shown.length > 0 &&
        shown.every(l => /ERROR|CRITICAL|Exception/.test(l))
        ? true
        : undefined;
    },
    { timeoutMs: 30_000 },
  );
  await page.getByRole('button', { name: /^Errors · \d+$/ }).click();
  await page.locator('#gsv-logs-pod').click();
  await page
    .getByRole('option', { name: /^agent-registry-/ })
    .first()
    .click();
  await page.getByRole('checkbox', { name: 'Follow live' }).check();
  await expectText(page.getByTestId('logs-summary'), 'following');
  await fullScreenshot(page, join(SCREENSHOTS, 'ops-tab-logs.png'));
  expect(errors).toEqual([]);
  await context.close();
});

test('breaking the deployment shows up within seconds, without a reload', async () => {
  const { context, errors } = await openContext(browser);
  const page = await context.newPage();
  await openOpsTab(page, '?cluster=gsv-dev');
  const row = page.locator(
    '[data-testid="deployment-row"][data-name="agent-registry"]',
  );
  await expectText(row, 'Available');
  await page.evaluate(() => {
    (window as any).gsvE2eNoReload = true;
  });

  const started = Date.now();
  const fault = await kubeRequest(dev, 'POST', '/devcluster/faults', {
    body: {
      type: 'crashLoop',
      namespace: 'cmp',
      deployment: 'agent-registry',
      enabled: true,
    },
  });
  expect(fault.status).toBeLessThan(300);

  await page.getByText('CrashLoopBackOff').first().waitFor({ timeout: 60_000 });
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `[e2e] crash loop visible in the Ops tab ${seconds.toFixed(
      1,
    )} s after the fault`,
  );
  expect(await page.evaluate(() => (window as any).gsvE2eNoReload)).toBe(true);
  await expectText(page.getByTestId('ops-headline'), 'Degraded');
  await page.mouse.move(0, 0);
  await page.waitForTimeout(1500);
  await fullScreenshot(page, join(SCREENSHOTS, 'ops-tab-degraded.png'));
  // the repository README shows this one as the Ops tab
  copyFileSync(
    join(SCREENSHOTS, 'ops-tab-degraded.png'),
    join(SCREENSHOTS, 'ops-tab.png'),
  );
  writeResult('fault-to-screen-seconds', seconds);
  expect(errors).toEqual([]);
  await context.close();
});

test('nothing is requested while the browser tab is hidden', async () => {
  const { context } = await openContext(browser);
  const page = await context.newPage();
  const viewRequests: number[] = [];
  page.on('request', request => {
    if (
      request.url().includes('/api/gsv-ops/entities/') &&
      request.url().includes('/view')
    )
      viewRequests.push(Date.now());
  });
  await openOpsTab(page, '?cluster=gsv-dev');
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => 'hidden',
    });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expectText(
    page.getByTestId('freshness'),
    'Paused while the tab is hidden',
  );
  const before = viewRequests.length;
  // a change in the cluster while hidden must not cause a request
  await kubeRequest(dev, 'POST', '/devcluster/faults', {
    body: {
      type: 'drift',
      application: 'agent-registry',
      namespace: 'argocd',
      message: 'e2e drift',
    },
  });
  await page.waitForTimeout(8000);
  expect(viewRequests.length).toBe(before);

  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => 'visible',
    });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await waitFor(
    'a request after the tab is shown again',
    async () => (viewRequests.length > before ? true : undefined),
    {
      timeoutMs: 10_000,
    },
  );
  await expectText(page.getByTestId('freshness'), 'Live');
  await context.close();
});

test('the platform page lists the morning health check and links rows to the Ops tab', async () => {
  const nodes = await kubeGet(dev, '/api/v1/nodes');
  const { context, errors } = await openContext(browser);
  const page = await context.newPage();
  await open(page, '/platform-health', 'platform-headline');

  const nodeRows = page.getByTestId('nodes').locator('tbody tr');
  await waitFor(
    'the node rows',
    async () =>
      (await nodeRows.count()) >= nodes.items.length ? true : undefined,
    {
      timeoutMs: 10_000,
    },
  );
  for (const node of nodes.items) {
    expect(await page.getByTestId('nodes').textContent()).toContain(
      node.metadata.name,
    );
  }
  // a row of a service links to its Ops tab, on the row's cluster
  const certificateRow = page
    .getByTestId('certificates')
    .locator('tr', { hasText: 'wildcard-dev-tls' })
    .first();
  await certificateRow.waitFor({ timeout: 30_000 });
  const link = certificateRow.getByTestId('service-link');
  expect(await link.getAttribute('href')).toBe(
    '/catalog/default/component/agent-registry/ops?cluster=gsv-dev',
  );
  await page.mouse.move(0, 0);
  await page.waitForTimeout(1000);
  await fullScreenshot(page, join(SCREENSHOTS, 'platform-health.png'));

  await link.click();
  await page.getByTestId('ops-headline').waitFor({ timeout: 30_000 });
  expect(new URL(page.url()).pathname).toBe(OPS_TAB);
  expect(errors).toEqual([]);
  await context.close();
});

test('time to first meaningful render of a big service (200 pods, 20 certificates, 50 backups)', async () => {
  const view = largeView({ pods: 200, certificates: 20, backups: 50 });
  const body = JSON.stringify({
    ...view,
    entityRef: 'component:default/agent-registry',
  });
  const first: number[] = [];
  const complete: number[] = [];
  for (let run = 0; run < 5; run++) {
    const { context } = await openContext(browser);
    const page = await context.newPage();
    await page.route(
      '**/api/gsv-ops/entities/component/default/agent-registry/view**',
      async route => {
        if (route.request().headers()['if-none-match']) {
          // hold the long poll like the backend does while nothing changes
          setTimeout(
            () => route.fulfill({ status: 304 }).catch(() => undefined),
            25_000,
          );
          return;
        }
        await route.fulfill({
          status: 200,
          contentType: 'application/json',
          headers: { ETag: view.etag },
          body,
        });
      },
    );
    await page.addInitScript(() => {
      // Mark when the view's response reaches the page (the fixture's headers and body arrive together).
      const original = window.fetch;
      window.fetch = async (...args) => {
        const response = await original(...args);
        const url = String(args[0] instanceof Request ? args[0].url : args[0]);
        if (
          /\/entities\/[^?]+\/view/.test(url) &&
          response.status === 200 &&
          !performance.getEntriesByName('gsv-ops:view-received').length
        ) {
          performance.mark('gsv-ops:view-received');
        }
        return response;
      };
    });
    await openOpsTab(page);
    const timing = await page.evaluate(async () => {
      const wait = () => new Promise(r => setTimeout(r, 50));
      for (
        let i = 0;
        i < 100 &&
        !performance.getEntriesByName('gsv-ops:ops-tab-complete').length;
        i++
      ) {
        await wait();
      }
      const mark = (name: string) =>
        performance.getEntriesByName(name)[0].startTime;
      const received = mark('gsv-ops:view-received');
      return {
        // header, quick actions and workloads painted: the first screen
        first: mark('gsv-ops:ops-tab-rendered') - received,
        // every section painted
        complete: mark('gsv-ops:ops-tab-complete') - received,
      };
    });
    expect(await page.getByTestId('deployment-row').count()).toBe(8);
    expect(await page.getByTestId('certificate-row').count()).toBe(20);
    first.push(timing.first);
    complete.push(timing.complete);
    if (run === 0)
      await fullScreenshot(page, join(RESULTS, 'ops-tab-large.png'));
    await context.close();
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const list = (values: number[]) => values.map(v => v.toFixed(0)).join(', ');
  console.log(
    `[e2e] after the data arrived: first meaningful render median ${median(
      first,
    ).toFixed(0)} ms ` +
      `(runs ${list(first)}); every section median ${median(complete).toFixed(
        0,
      )} ms (runs ${list(complete)})`,
  );
  writeResult('render-large-view-ms', {
    firstMeaningfulRender: {
      median: Math.round(median(first)),
      runs: first.map(Math.round),
    },
    allSections: {
      median: Math.round(median(complete)),
      runs: complete.map(Math.round),
    },
  });
  expect(first).toHaveLength(5);
});

async function expectText(locator: ReturnType<Page['locator']>, text: string) {
  await waitFor(
    `"${text}"`,
    async () =>
      (await locator.first().textContent())?.includes(text) ? true : undefined,
    { timeoutMs: 30_000, onTimeout: () => stack.logs() },
  ).catch(async error => {
    throw new Error(
      `${error.message}\nText was: ${await locator.first().textContent()}`,
    );
  });
}

function writeResult(name: string, value: unknown) {
  writeFileSync(
    join(RESULTS, `${name}.json`),
    `${JSON.stringify(value, null, 2)}\n`,
  );
}
