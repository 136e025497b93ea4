/* eslint-disable no-console */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openContext } from './browser';
import { kubeGet, kubeRequest } from './kube';
import { DevCluster, guestToken, Stack, startStack, waitFor } from './stack';

/**
 * Signals and notifications in the real app and backend (both with the signals and notifications plugins): an open
 * Ops tab follows the cluster through signals and asks the backend nothing while nothing changes, and a real run
 * ends with a notification to the person who started it.
 */

const OPS_TAB = '/catalog/default/component/agent-registry/ops?cluster=gsv-dev';
const ENTITY_REF = 'component:default/agent-registry';
const DEPLOYMENT = '/apis/apps/v1/namespaces/cmp/deployments/agent-registry';
const IDLE_MS = 60_000;

let stack: Stack;
let browser: Browser;
let dev: DevCluster;
let token: string;

beforeAll(async () => {
  stack = await startStack();
  dev = stack.clusters.find(c => c.name === 'gsv-dev')!;
  token = await guestToken(stack.appUrl);
  browser = await launchBrowser();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

async function api<T = any>(
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${stack.appUrl}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok)
    throw new Error(
      `${method} ${path} answered ${response.status}: ${await response.text()}`,
    );
  return (await response.json()) as T;
}

/** Opens the Ops tab signed in as the guest, and waits until the app's signals connection is open. */
async function openOpsTab(page: Page) {
  const connected = page.waitForEvent('websocket', {
    predicate: ws => ws.url().includes('/api/signals'),
    timeout: 60_000,
  });
  await page.goto(`${stack.appUrl}${OPS_TAB}`);
  const signIn = page.getByRole('button', { name: 'Enter' });
  const headline = page.getByTestId('ops-headline');
  await Promise.race([
    signIn.waitFor({ timeout: 60_000 }),
    headline.waitFor({ timeout: 60_000 }),
  ]);
  if (await signIn.isVisible()) await signIn.click();
  await headline.waitFor({ timeout: 60_000 });
  return connected;
}

/** Every request of the page to GSV Ops' backend, with its time. */
function recordOpsRequests(page: Page): Array<{ at: number; url: string }> {
  const requests: Array<{ at: number; url: string }> = [];
  page.on('request', request => {
    if (request.url().includes('/api/gsv-ops/'))
      requests.push({ at: Date.now(), url: request.url() });
  });
  return requests;
}

/** Waits until the page has sent nothing to GSV Ops for `quietMs` (the first reads of the tab are done). */
async function settled(requests: Array<{ at: number }>, quietMs = 3000) {
  await waitFor(
    'the Ops tab to finish its first requests',
    async () =>
      Date.now() - (requests[requests.length - 1]?.at ?? 0) > quietMs
        ? true
        : undefined,
    { timeoutMs: 60_000, intervalMs: 200 },
  );
}

test('a change in the cluster reaches the open Ops tab through a signal', async () => {
  const { context, errors } = await openContext(browser);
  const page = await context.newPage();
  const requests = recordOpsRequests(page);
  const socket = await openOpsTab(page);
  const signals: string[] = [];
  socket.on('framereceived', frame => signals.push(String(frame.payload)));
  const row = page.locator(
    '[data-testid="deployment-row"][data-name="agent-registry"]',
  );
  await row.waitFor({ timeout: 30_000 });
  await settled(requests);

  const deployment = await kubeGet(dev, DEPLOYMENT);
  const replicas = deployment.spec.replicas + 1;
  const before = requests.length;
  const started = Date.now();
  const patched = await kubeRequest(dev, 'PATCH', DEPLOYMENT, {
    body: { spec: { replicas } },
    contentType: 'application/merge-patch+json',
  });
  expect(patched.status).toBe(200);
  await waitFor(
    `the Ops tab to show ${replicas} desired replicas`,
    async () =>
      (
        await row.getByTestId('deployment-ready').textContent()
      )?.endsWith(`/${replicas}`)
        ? true
        : undefined,
    { timeoutMs: 30_000, intervalMs: 20, onTimeout: () => stack.logs() },
  );
  const ms = Date.now() - started;
  console.log(`[e2e] change → Ops tab through a signal: ${ms} ms`);
  expect(signals.some(s => s.includes(`gsv-ops:entity:${ENTITY_REF}`))).toBe(
    true,
  );
  // read through the permissioned route after the signal, not a long poll held open before it
  expect(
    requests
      .slice(before)
      .some(r =>
        r.url.includes('/entities/component/default/agent-registry/view'),
      ),
  ).toBe(true);
  expect(
    requests.slice(before).every(r => !r.url.includes('waitSeconds')),
  ).toBe(true);
  expect(errors).toEqual([]);
  await context.close();
});

test(`an idle Ops tab sends no request to GSV Ops for ${
  IDLE_MS / 1000
} s`, async () => {
  const { context, errors } = await openContext(browser);
  const page = await context.newPage();
  const requests = recordOpsRequests(page);
  await openOpsTab(page);
  await settled(requests);
  const before = requests.length;
  await page.waitForTimeout(IDLE_MS); // the idle window is the condition under test
  const during = requests.slice(before);
  console.log(
    `[e2e] requests to /api/gsv-ops from an idle Ops tab in ${
      IDLE_MS / 1000
    } s: ${during.length}`,
  );
  expect(during).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
}, 180_000);

test('a real restart that ends tells the requester through a notification', async () => {
  const request = {
    runbook: 'deployment-restart',
    entityRef: ENTITY_REF,
    cluster: 'gsv-dev',
    parameters: { namespace: 'cmp', deployment: 'agent-registry' },
  };
  const dryRun = await api('POST', '/api/gsv-ops/operations', {
    ...request,
    dryRun: true,
  });
  expect(dryRun.status).toBe('succeeded');
  const run = await api('POST', '/api/gsv-ops/operations', {
    ...request,
    dryRun: false,
    reviewedDryRunId: dryRun.id,
  });
  const ended = await waitFor(
    'the restart to end',
    async () => {
      const op = await api(`GET`, `/api/gsv-ops/operations/${run.id}`);
      return ['succeeded', 'failed', 'cancelled', 'interrupted'].includes(
        op.status,
      )
        ? op
        : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 500, onTimeout: () => stack.logs() },
  );
  expect(ended.status).toBe('succeeded');
  const notification = await waitFor(
    'the notification about the restart',
    async () => {
      const list = await api<{ notifications: Array<{ payload: any }> }>(
        'GET',
        '/api/notifications',
      );
      return list.notifications.find(
        n => n.payload.scope === `gsv-ops:operation:${run.id}`,
      );
    },
    { timeoutMs: 30_000, intervalMs: 500, onTimeout: () => stack.logs() },
  );
  expect(notification.payload).toMatchObject({
    title: 'Restart deployment on agent-registry (gsv-dev) succeeded',
    severity: 'normal',
    link: `${stack.appUrl}/catalog/default/component/agent-registry/ops`,
  });
});
