/* eslint-disable no-console */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  fullScreenshot,
  launchBrowser,
  openContext,
  openSignedIn,
} from './browser';
import { kubeGet, kubeRequest } from './kube';
import { DevCluster, SCREENSHOTS, Stack, startStack, waitFor } from './stack';

/**
 * Key metrics, firing alerts and scaling recommendations in the real app, against the backend and the embedded
 * clusters' own Prometheus and Alertmanager (started here on loopback): the seeded levels on agent-registry's Ops tab,
 * checked against what Prometheus and Alertmanager answer directly; then the workers scaled down through the
 * Kubernetes API until the Celery backlog grows, and the "scale workers" recommendation shows up without a reload and
 * opens the scale template prefilled.
 */

const OPS_TAB = '/catalog/default/component/agent-registry/ops';
const WORKERS =
  '/apis/apps/v1/namespaces/cmp/deployments/agent-registry-worker';
const ENTITY_REF = 'component:default/agent-registry';

/** The ops guide's §1.2 table: the truth the levels are judged against (higher is worse). */
const GUIDE: Record<
  string,
  { title: string; warning: number; critical: number }
> = {
  p99Latency: { title: 'API response time (P99)', warning: 1, critical: 3 },
  errorRate: { title: 'Error rate', warning: 0.01, critical: 0.05 },
  dbConnections: {
    title: 'Database connections',
    warning: 0.8,
    critical: 0.95,
  },
  memory: { title: 'Memory usage', warning: 0.8, critical: 0.9 },
  cpu: { title: 'CPU usage', warning: 0.75, critical: 0.9 },
  disk: { title: 'Disk usage', warning: 0.8, critical: 0.9 },
  queueDepth: { title: 'Queue depth (Celery)', warning: 500, critical: 1000 },
};

/** How far the tile may be from Prometheus' answer now (plus 25 %), in the metric's unit. */
const TOLERANCE: Record<string, number> = { queueDepth: 40, p99Latency: 0.05 };

const guideLevel = (id: string, value: number) => {
  const { warning, critical } = GUIDE[id];
  if (value > critical) return 'critical';
  if (value > warning) return 'warning';
  return 'ok';
};

let stack: Stack;
let browser: Browser;
let dev: DevCluster;

beforeAll(async () => {
  stack = await startStack();
  dev = stack.clusters.find(c => c.name === 'gsv-dev')!;
  if (!dev.prometheusUrl || !dev.alertmanagerUrl)
    throw new Error('gsv-dev runs without its Prometheus and Alertmanager');
  browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

/** Opens a page of the app, signing in as the guest when the sign-in page shows. */
function open(page: Page, path: string, ready: string) {
  return openSignedIn(page, `${stack.appUrl}${path}`, ready);
}

/** The Ops tab on gsv-dev, once the key metrics are in. */
async function openMetrics(page: Page) {
  await open(page, `${OPS_TAB}?cluster=gsv-dev`, 'ops-headline');
  await waitFor(
    'the seven key metrics',
    async () =>
      (await page.getByTestId('metric-tile').count()) === 7 ? true : undefined,
    { timeoutMs: 60_000, onTimeout: () => stack.logs() },
  );
}

const tile = (page: Page, id: string) =>
  page.locator(`[data-testid="metric-tile"][data-metric="${id}"]`);

/** "212 ms" → 0.212, "0.04 %" → 0.0004, "92 %" → 0.92, "1,234" → 1234. */
function parseShown(shown: string): number | undefined {
  const match = /([\d.,]+)\s*(ms|s|%)?\s*$/.exec(shown.trim());
  if (!match) return undefined;
  const value = Number(match[1].replace(/,/g, ''));
  switch (match[2]) {
    case 'ms':
      return value / 1000;
    case '%':
      return value / 100;
    default:
      return value;
  }
}

/** An instant query against the cluster's Prometheus, as Grafana would send it. */
async function promQuery(query: string): Promise<number | undefined> {
  const response = await fetch(
    `${dev.prometheusUrl}/api/v1/query?${new URLSearchParams({ query })}`,
  );
  const body = (await response.json()) as {
    status: string;
    data: { result: Array<{ value: [number, string] }> };
  };
  if (body.status !== 'success')
    throw new Error(`Prometheus: ${JSON.stringify(body)}`);
  const sample = body.data.result[0];
  return sample ? Number(sample.value[1]) : undefined;
}

async function firingAlerts(): Promise<
  Array<{ labels: Record<string, string>; startsAt: string }>
> {
  const response = await fetch(
    `${
      dev.alertmanagerUrl
    }/api/v2/alerts?active=true&filter=${encodeURIComponent(
      'namespace="cmp"',
    )}`,
  );
  if (!response.ok) throw new Error(`Alertmanager: ${response.status}`);
  return (await response.json()) as Array<{
    labels: Record<string, string>;
    startsAt: string;
  }>;
}

async function text(locator: Locator): Promise<string> {
  return ((await locator.first().textContent()) ?? '').trim();
}

/** The top of the Ops tab (header, quick actions, key metrics, alerts, recommendations), for the README. */
async function metricsScreenshot(page: Page, path: string) {
  const height = await page.evaluate(() =>
    Math.max(
      ...Array.from(document.querySelectorAll('body, body *'))
        .slice(0, 6000)
        .map(element => (element as HTMLElement).scrollHeight),
    ),
  );
  const width = page.viewportSize()?.width ?? 1440;
  await page.setViewportSize({ width, height: Math.min(height + 24, 9000) });
  await page.mouse.move(0, 0);
  await page.waitForTimeout(800);
  const bottom = await page
    .getByTestId('recommendations-card')
    .evaluate(element => {
      const card = element.closest('.MuiCard-root') ?? element;
      const box = card.getBoundingClientRect();
      return box.bottom + window.scrollY;
    });
  await page.screenshot({
    path,
    clip: { x: 0, y: 0, width, height: Math.ceil(bottom + 24) },
    animations: 'disabled',
  });
  await page.setViewportSize({ width, height: 900 });
}

test('the Ops tab shows the seven key metrics of agent-registry with the levels of the seeded cluster, and its firing alert', async () => {
  const { context, errors } = await openContext(browser);
  const page = await context.newPage();
  await openMetrics(page);

  for (const [id, guide] of Object.entries(GUIDE)) {
    const t = tile(page, id);
    expect(await text(t)).toContain(guide.title);

    // The PromQL the tile shows, sent to Prometheus directly: the truth to judge the tile against.
    await t.getByRole('button', { name: `PromQL of ${guide.title}` }).click();
    const dialog = page.getByRole('dialog', {
      name: `PromQL of ${guide.title}`,
    });
    const query = await text(dialog.getByTestId('metric-query'));
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    const truth = await promQuery(query);
    expect(truth).toBeDefined(); // the seeded world has data for all seven

    const shown = await text(t.getByTestId('metric-value'));
    const value = parseShown(shown);
    expect(value).toBeDefined();
    // the backend caches ~15 s and the world moves: close, not equal
    const tolerance = TOLERANCE[id] ?? 0.02;
    expect(Math.abs(value! - truth!)).toBeLessThanOrEqual(
      Math.max(tolerance, Math.abs(truth!) * 0.25),
    );
    expect(await t.getAttribute('data-level')).toBe(guideLevel(id, truth!));
    // the last hour, backfilled by the embedded Prometheus at 60 s steps
    expect(
      Number(await t.getByTestId('sparkline').getAttribute('data-points')),
    ).toBeGreaterThanOrEqual(50);
    console.log(
      `[e2e] ${guide.title}: shown ${shown} (${await t.getAttribute(
        'data-level',
      )}), Prometheus ${truth}`,
    );
  }
  // What the seed implies: the near-full volume is critical, everything else healthy.
  expect(await tile(page, 'disk').getAttribute('data-level')).toBe('critical');
  for (const id of Object.keys(GUIDE).filter(i => i !== 'disk'))
    expect(await tile(page, id).getAttribute('data-level')).toBe('ok');

  // The firing alert, as Alertmanager has it.
  const truth = await firingAlerts();
  const volumeAlert = truth.find(
    a => a.labels.alertname === 'PersistentVolumeFillingUp',
  );
  expect(volumeAlert).toBeDefined();
  const row = page.locator(
    '[data-testid="alert-row"][data-alert="PersistentVolumeFillingUp"]',
  );
  await row.waitFor({ timeout: 30_000 });
  expect(await text(row.getByTestId('alert-since'))).toMatch(/^firing since /);
  expect(await row.getByTestId('alert-source').getAttribute('href')).toMatch(
    /^http:\/\/127\.0\.0\.1:\d+\/graph\?g0\.expr=/,
  );
  // every alert shown is firing in Alertmanager
  const names = new Set(truth.map(a => a.labels.alertname));
  for (const name of await page
    .getByTestId('alert-row')
    .evaluateAll(rows => rows.map(r => r.getAttribute('data-alert'))))
    expect(names.has(name!)).toBe(true);
  // nothing to scale on the seeded platform
  expect(await page.getByTestId('no-recommendations').count()).toBe(1);
  expect(errors).toEqual([]);
  await context.close();
});

test('scaling the workers down grows the queue, and the "scale workers" recommendation appears without a reload and opens the scale template prefilled', async () => {
  const workersBefore = await kubeGet(dev, WORKERS);
  expect(workersBefore.spec.replicas).toBeGreaterThan(1);

  const { context, errors } = await openContext(browser);
  const page = await context.newPage();
  await openMetrics(page);
  const queueBefore = parseShown(
    await text(tile(page, 'queueDepth').getByTestId('metric-value')),
  )!;
  expect(queueBefore).toBeLessThan(500);
  await page.evaluate(() => {
    (window as any).gsvE2eNoReload = true;
  });

  // Scale the workers down to one, through the Kubernetes API, as `kubectl scale` would.
  const started = Date.now();
  const scaled = await kubeRequest(dev, 'PATCH', WORKERS, {
    body: { spec: { replicas: 1 } },
    contentType: 'application/merge-patch+json',
  });
  expect(scaled.status).toBe(200);
  // 600 tasks/min arrive, one worker completes 400: the backlog grows by 200 per simulated minute. Let simulated time
  // run 20× until Prometheus itself sees more than 500 waiting, then at real speed again.
  const speed = await kubeRequest(dev, 'POST', '/devcluster/clock', {
    body: { speed: 20 },
  });
  expect(speed.status).toBe(200);
  try {
    await waitFor(
      'Prometheus to see the Celery backlog above 500',
      async () => {
        const depth = await promQuery(
          'sum(celery_queue_length{queue_name="celery"})',
        );
        return depth !== undefined && depth > 550 ? depth : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
  } finally {
    await kubeRequest(dev, 'POST', '/devcluster/clock', { body: { speed: 1 } });
  }
  const workers = await kubeGet(dev, WORKERS);
  expect(workers.status.readyReplicas).toBe(1);

  // The tab picks it up on its own (the metrics poll while the tab is visible: every 2 min with the app's signals).
  const recommendation = page.locator(
    '[data-testid="recommendation"][data-recommendation="scale-workers"]',
  );
  await recommendation.waitFor({ timeout: 180_000 });
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `[e2e] "scale workers" on screen ${seconds.toFixed(1)} s after the scale`,
  );
  expect(await page.evaluate(() => (window as any).gsvE2eNoReload)).toBe(true);
  const queue = tile(page, 'queueDepth');
  const queueAfter = parseShown(await text(queue.getByTestId('metric-value')))!;
  expect(queueAfter).toBeGreaterThan(500);
  expect(queueAfter).toBeGreaterThan(queueBefore);
  expect(['warning', 'critical']).toContain(
    await queue.getAttribute('data-level'),
  );
  expect(await text(recommendation)).toContain(
    'Scale the workers (agent-registry-worker)',
  );
  expect(await text(recommendation)).toMatch(
    /Queue backlog: \d+ tasks waiting \(> 500\) with 1 worker\. Scale to 2\./,
  );

  // README screenshots, light and dark, in this state.
  await metricsScreenshot(page, join(SCREENSHOTS, 'ops-tab-metrics.png'));
  {
    const dark = await openContext(browser, { theme: 'dark' });
    const darkPage = await dark.context.newPage();
    await openMetrics(darkPage);
    await darkPage
      .locator('[data-testid="recommendation"]')
      .first()
      .waitFor({ timeout: 60_000 });
    await metricsScreenshot(
      darkPage,
      join(SCREENSHOTS, 'ops-tab-metrics-dark.png'),
    );
    expect(dark.errors).toEqual([]);
    await dark.context.close();
  }

  // The button opens the scale template with the workers and the recommended replicas filled in.
  const button = recommendation.getByRole('button', {
    name: 'Scale deployment: cmp/agent-registry-worker',
  });
  await waitFor(
    'the recommendation button to be enabled',
    async () =>
      (await button.getAttribute('aria-disabled')) !== 'true'
        ? true
        : undefined,
    { timeoutMs: 30_000 },
  );
  expect(await text(button)).toBe('Scale agent-registry-worker to 2 replicas');
  await button.click();
  await page.waitForURL(
    /\/create\/templates\/default\/gsv-scale-deployment\?formData=/,
  );
  const formData = JSON.parse(
    new URL(page.url()).searchParams.get('formData')!,
  );
  expect(formData).toEqual({
    entityRef: ENTITY_REF,
    target: {
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'cmp',
      name: 'agent-registry-worker',
    },
    parameters: { replicas: 2 },
  });
  await page
    .getByRole('heading', { name: 'Scale deployment' })
    .first()
    .waitFor({ timeout: 30_000 });
  await waitFor(
    'the service picker to show agent-registry',
    async () =>
      (await page.getByLabel('Service').first().inputValue()) === ENTITY_REF
        ? true
        : undefined,
    { timeoutMs: 30_000 },
  );
  const deployment = page.getByRole('combobox', { name: 'Deployment' });
  await waitFor(
    'the deployment picker to show the workers',
    async () => {
      const selected = await deployment.evaluate(
        (select: HTMLSelectElement) =>
          select.options[select.selectedIndex]?.text ?? '',
      );
      return selected.startsWith('cmp/agent-registry-worker — gsv-dev (dev)')
        ? selected
        : undefined;
    },
    { timeoutMs: 30_000 },
  );
  await page.getByRole('button', { name: 'Next' }).click();
  const replicas = page.getByLabel(/^Replicas(\s*\*)?$/);
  await replicas.waitFor({ timeout: 30_000 });
  expect(await replicas.inputValue()).toBe('2');
  expect(errors).toEqual([]);
  await context.close();
}, 360_000);

test('the platform page lists the key metrics per service, linked to the Ops tab', async () => {
  const { context, errors } = await openContext(browser);
  const page = await context.newPage();
  await open(page, '/platform-health', 'platform-headline');
  const table = page.getByTestId('platform-metrics');
  await table.waitFor({ timeout: 60_000 });
  const row = table.locator('tbody tr', {
    has: page.locator(
      `[data-testid="metrics-service-link"][href="${OPS_TAB}?cluster=gsv-dev"]`,
    ),
  });
  await row.waitFor({ timeout: 30_000 });
  for (const id of Object.keys(GUIDE)) {
    const cell = row.getByTestId(`platform-metric-${id}`);
    expect(parseShown(await text(cell))).toBeDefined();
  }
  // the near-full volume, the backlog left by the previous test, the alerts
  expect(
    await row
      .getByTestId('platform-metric-disk')
      .locator('xpath=ancestor::*[@data-testid="level-status"][1]')
      .getAttribute('data-level'),
  ).toBe('critical');
  expect(await text(row.getByTestId('platform-alerts'))).toMatch(
    /^\d+ firing$/,
  );
  await page.mouse.move(0, 0);
  await page.waitForTimeout(1000);
  await table.screenshot({
    path: join(SCREENSHOTS, 'platform-metrics.png'),
    animations: 'disabled',
  });
  await fullScreenshot(page, join(SCREENSHOTS, 'platform-health.png'));

  await row.getByTestId('metrics-service-link').click();
  await page.getByTestId('ops-headline').waitFor({ timeout: 30_000 });
  expect(new URL(page.url()).pathname).toBe(OPS_TAB);
  expect(new URL(page.url()).searchParams.get('cluster')).toBe('gsv-dev');
  expect(errors).toEqual([]);
  await context.close();
});

test('with Prometheus down, the tab says so and still shows the alerts that Alertmanager has', async () => {
  const { context, errors } = await openContext(browser);
  const page = await context.newPage();
  await openMetrics(page);
  const fault = await kubeRequest(
    dev,
    'POST',
    '/devcluster/monitoring/faults',
    {
      body: { target: 'prometheus', down: true },
    },
  );
  expect(fault.status).toBeLessThan(300);
  try {
    // the backend's cache (~15 s) and the tab's poll (2 min with the app's signals) both have to turn over
    await page.getByTestId('metrics-errors').waitFor({ timeout: 180_000 });
    expect(await text(page.getByTestId('metrics-errors'))).toContain(
      'Prometheus did not answer',
    );
    await waitFor(
      'the tiles to say unavailable',
      async () =>
        (await text(tile(page, 'disk').getByTestId('metric-value'))) ===
        'Unavailable'
          ? true
          : undefined,
      { timeoutMs: 30_000 },
    );
    // never shown as 0
    expect(
      await text(tile(page, 'disk').getByTestId('metric-value')),
    ).not.toMatch(/\d/);
    // what still worked: Alertmanager's alerts
    await page
      .locator(
        '[data-testid="alert-row"][data-alert="PersistentVolumeFillingUp"]',
      )
      .waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('alerts-error').count()).toBe(0);
  } finally {
    await kubeRequest(dev, 'POST', '/devcluster/monitoring/faults', {
      body: { target: 'prometheus', clear: true },
    });
  }
  expect(errors).toEqual([]);
  await context.close();
}, 360_000);
