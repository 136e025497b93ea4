/* eslint-disable no-console */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openContext } from './browser';
import { kubeGet, kubeRequest } from './kube';
import { DevCluster, guestToken, Stack, startStack, waitFor } from './stack';
import { isTerminalStatus } from '@gsv/plugin-gsv-ops-common';

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

/** The signals the page received on GSV Ops' channels, with their time, over every connection it opened. */
interface SignalLog {
  received: Array<{ at: number; payload: string }>;
  subscribed: Set<string>;
}

/**
 * Follows the page's signal connections. The signals backend handles WebSocket upgrades only after its router saw
 * one, so the very first connection of a fresh backend fails and the app reconnects 5 s later.
 */
function recordSignals(page: Page): SignalLog {
  const log: SignalLog = { received: [], subscribed: new Set() };
  page.on('websocket', ws => {
    if (!ws.url().includes('/api/signals')) return;
    ws.on('framesent', frame => {
      const text = String(frame.payload);
      if (text.includes('"subscribe"')) log.subscribed.add(text);
    });
    ws.on('framereceived', frame =>
      log.received.push({ at: Date.now(), payload: String(frame.payload) }),
    );
  });
  return log;
}

/** Opens the Ops tab signed in as the guest, and waits until it subscribed to the entity's signals. */
async function openOpsTab(page: Page, signals: SignalLog) {
  await page.goto(`${stack.appUrl}${OPS_TAB}`);
  const signIn = page.getByRole('button', { name: 'Enter' });
  const headline = page.getByTestId('ops-headline');
  await Promise.race([
    signIn.waitFor({ timeout: 60_000 }),
    headline.waitFor({ timeout: 60_000 }),
  ]);
  if (await signIn.isVisible()) await signIn.click();
  await headline.waitFor({ timeout: 60_000 });
  await waitFor(
    'the Ops tab to subscribe to its signals',
    async () =>
      [...signals.subscribed].some(s =>
        s.includes(`gsv-ops:entity:${ENTITY_REF}`),
      )
        ? true
        : undefined,
    { timeoutMs: 30_000, intervalMs: 100 },
  );
}

/** Freezes (or resumes) the simulated time of every embedded cluster: no pod restarts, rollouts or backups. */
async function freezeClusters(manual: boolean) {
  for (const cluster of stack.clusters) {
    const answer = await kubeRequest(cluster, 'POST', '/devcluster/clock', {
      body: { manual },
    });
    expect(answer.status).toBe(200);
  }
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
  const signals = recordSignals(page);
  await openOpsTab(page, signals);
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
  const signal = signals.received.find(
    r => r.at >= started && r.payload.includes(`gsv-ops:entity:${ENTITY_REF}`),
  );
  console.log(
    `[e2e] change → Ops tab through a signal: ${ms} ms (the signal arrived after ${
      signal ? signal.at - started : '—'
    } ms)`,
  );
  expect(signal).toBeDefined();
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
  await openOpsTab(page, recordSignals(page));
  // nothing changes in the clusters meanwhile (gsv-dev's seed has crash-looping pods that would)
  await freezeClusters(true);
  let during: Array<{ at: number; url: string }>;
  try {
    await settled(requests);
    const before = requests.length;
    await page.waitForTimeout(IDLE_MS); // the idle window is the condition under test
    during = requests.slice(before);
  } finally {
    await freezeClusters(false);
  }
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
      return isTerminalStatus(op.status) ? op : undefined;
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
