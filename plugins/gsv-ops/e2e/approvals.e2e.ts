/* eslint-disable no-console */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { OperationRecord } from '@gsv/plugin-gsv-ops-common';
import {
  fullScreenshot,
  launchBrowser,
  openContext,
  openSignedIn,
} from './browser';
import { kubeGet } from './kube';
import {
  DevCluster,
  guestToken,
  SCREENSHOTS,
  Stack,
  startStack,
  waitFor,
} from './stack';

/**
 * The two-person rule end to end, on two replicas of the backend sharing GSV Ops' tables: pat (platform team)
 * requests a database switchover in production through replica B; it waits for approval; paula (platform team too)
 * sees it on the Ops tab of replica A with the plan pat reviewed, approves it there, and it runs on A.
 */

const OPS_TAB = '/catalog/default/component/agent-registry/ops';
const AGENT_REGISTRY = 'component:default/agent-registry';
const PLATFORM_TEAM = 'group:default/platform-team';

let stack: Stack;
let browser: Browser;
let prod: DevCluster;

beforeAll(async () => {
  stack = await startStack({
    // replica A signs in as paula; replica B as pat; both in the platform team
    config: [
      'auth:',
      '  providers:',
      '    guest:',
      '      userEntityRef: user:default/paula',
      `      ownershipEntityRefs: [user:default/paula, ${PLATFORM_TEAM}]`,
    ],
    replica: {
      userEntityRef: 'user:default/pat',
      ownershipEntityRefs: ['user:default/pat', PLATFORM_TEAM],
    },
  });
  prod = stack.clusters.find(c => c.name === 'gsv-prod')!;
  browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

/** A request to GSV Ops on one replica, with a guest token of that replica. */
async function gsvOps<T = any>(
  baseUrl: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const token = await guestToken(baseUrl);
  const response = await fetch(`${baseUrl}/api/gsv-ops${path}`, {
    method: init.method ?? 'GET',
    headers: {
      Authorization: `Bearer ${token}`,
      ...(init.body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** The notifications of the guest of one replica. */
async function notificationsOf(
  baseUrl: string,
): Promise<Array<{ payload: { title: string; link?: string } }>> {
  const token = await guestToken(baseUrl);
  const response = await fetch(`${baseUrl}/api/notifications`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return ((await response.json()) as { notifications: any[] }).notifications;
}

test('a switchover in production waits for another platform engineer, who approves it on the Ops tab', async () => {
  const replicaB = stack.replicaUrl!;
  const before = await kubeGet(
    prod,
    '/apis/postgresql.cnpg.io/v1/namespaces/cmp/clusters/cmp-postgres',
  );
  const oldPrimary = before.status.currentPrimary as string;
  const request = {
    runbook: 'database-switchover',
    entityRef: AGENT_REGISTRY,
    cluster: 'gsv-prod',
    parameters: { namespace: 'cmp', cluster: 'cmp-postgres' },
    origin: 'e2e',
  };

  // pat, on replica B: the dry run, then the real run naming it
  const dryRun = await gsvOps<OperationRecord>(replicaB, '/operations', {
    method: 'POST',
    body: { ...request, dryRun: true },
  });
  expect(dryRun.body.status).toBe('succeeded');
  const requested = await gsvOps<OperationRecord>(replicaB, '/operations', {
    method: 'POST',
    body: { ...request, dryRun: false, reviewedDryRunId: dryRun.body.id },
  });
  expect(requested.status).toBe(201);
  expect(requested.body).toMatchObject({
    status: 'awaiting-approval',
    initiatedBy: 'user:default/pat',
    approval: { status: 'requested', required: 1, group: PLATFORM_TEAM },
  });
  const id = requested.body.id;
  // the platform team hears of it: paula's notifications (replica A) link to the Ops tab
  const notified = await waitFor(
    'the approval request in paula’s notifications',
    async () =>
      (
        await notificationsOf(stack.appUrl)
      ).find(n => n.payload.title.startsWith('Approval requested: ')),
    { timeoutMs: 30_000, intervalMs: 500 },
  );
  expect(notified.payload.link).toContain('/ops');
  // pat cannot approve his own request
  const own = await gsvOps(replicaB, `/operations/${id}/approve`, {
    method: 'POST',
    body: {},
  });
  expect(own.status).toBe(403);

  // paula, on replica A, in the browser: the Ops tab of the production cluster shows what waits, with the plan
  const { context, errors } = await openContext(browser);
  const page = await context.newPage();
  await openSignedIn(
    page,
    `${stack.appUrl}${OPS_TAB}?cluster=gsv-prod`,
    'ops-headline',
  );
  const item = page.getByTestId('pending-approval');
  await item.waitFor({ timeout: 60_000 });
  await expect(item.innerText()).resolves.toMatch(
    /Switch over database: Cluster cmp\/cmp-postgres in gsv-prod \(prod\)[\s\S]*Requested by pat/,
  );
  await expect(item.getByLabel('Reviewed plan').innerText()).resolves.toContain(
    'targetPrimary',
  );
  await fullScreenshot(page, join(SCREENSHOTS, 'ops-tab-approval.png'));
  await item.getByLabel('Comment (optional)').fill('Replication lag is 0; go');
  await item.getByRole('button', { name: 'Approve and run' }).click();
  await item.waitFor({ state: 'detached', timeout: 30_000 });

  // it runs on replica A, and pat reads the same record on replica B
  const done = await waitFor(
    'the approved switchover to end',
    async () => {
      const { body } = await gsvOps<OperationRecord>(
        replicaB,
        `/operations/${id}`,
      );
      return ['succeeded', 'failed'].includes(body.status) ? body : undefined;
    },
    { timeoutMs: 180_000, intervalMs: 1000 },
  );
  expect(done.summary).toMatch(/^Switched over cluster cmp\/cmp-postgres/);
  expect(done.status).toBe('succeeded');
  expect(done.approval).toMatchObject({
    status: 'approved',
    votes: [
      {
        by: 'user:default/paula',
        decision: 'approve',
        comment: 'Replication lag is 0; go',
      },
    ],
  });
  const after = await kubeGet(
    prod,
    '/apis/postgresql.cnpg.io/v1/namespaces/cmp/clusters/cmp-postgres',
  );
  expect(after.status.currentPrimary).not.toBe(oldPrimary);
  // pat, on replica B, hears that paula approved it and that it finished
  const titles = await waitFor(
    'the decision and the outcome in pat’s notifications',
    async () => {
      const mine = (await notificationsOf(replicaB)).map(n => n.payload.title);
      return mine.some(t => t.startsWith('Approved: ')) &&
        mine.some(t => / succeeded$/.test(t))
        ? mine
        : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 500 },
  );
  expect(titles.filter(t => t.startsWith('Approval requested'))).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});
