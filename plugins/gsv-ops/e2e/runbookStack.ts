/* eslint-disable no-console */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, openContext } from './browser';
import { kubeRequest } from './kube';
import {
  DevCluster,
  guestToken,
  REPO_ROOT,
  Stack,
  startStack,
  SCREENSHOTS,
} from './stack';

/**
 * What the runbook browser tests share: the stack (embedded clusters, backend,
 * app) and a signed-in browser page. `startRunbookStackAroundTests()` starts them around a test file; the tests read the page, clusters
 * and token from `flow`. The steps of a runbook template are in runbookFlow.ts; what the backend and the cluster say
 * is read in runbookTruth.ts.
 *
 * The guest is in group:default/cmp-team, which owns agent-registry, agent-registry-worker and cmp-postgres: it may
 * operate them in dev, not in prod (plugins/permission-backend-module-gsv-policy).
 */

export const TEMPLATES = join(
  REPO_ROOT,
  'plugins/gsv-runbooks-actions/templates',
);
export const OPS_TAB = '/catalog/default/component/agent-registry/ops';
export const AGENT_REGISTRY = 'component:default/agent-registry';
export const WORKER = 'component:default/agent-registry-worker';
export const CMP_POSTGRES = 'resource:default/cmp-postgres';
/**
 * gsv-dev's simulated time runs this much faster than real time (POST /devcluster/clock), so that pods become
 * ready, backups run and databases recover in seconds. Only the engine's post-rollout verification (10 s of real
 * time, gsvOps.operations.verifySeconds) is not sped up.
 */
export const DEV_SPEED = 10;

interface Flow {
  stack: Stack;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  pageErrors: string[];
  dev: DevCluster;
  prod: DevCluster;
  token: string;
}

/** What the runbook tests share; set by `startRunbookStackAroundTests()` before the first test. */
export const flow = {} as Flow;

/** Starts the stack and the browser before a test file's tests and stops them after; page errors fail the test. */
export function startRunbookStackAroundTests() {
  beforeAll(async () => {
    flow.stack = await startStack();
    flow.dev = flow.stack.clusters.find(c => c.name === 'gsv-dev')!;
    flow.prod = flow.stack.clusters.find(c => c.name === 'gsv-prod')!;
    const clock = await kubeRequest(flow.dev, 'POST', '/devcluster/clock', {
      body: { speed: DEV_SPEED },
    });
    if (clock.status !== 200 || clock.body.speed !== DEV_SPEED)
      throw new Error(
        `gsv-dev refused the clock speed: ${JSON.stringify(clock)}`,
      );
    flow.token = await guestToken(flow.stack.appUrl);
    flow.browser = await launchBrowser();
    ({ context: flow.context, errors: flow.pageErrors } = await openContext(
      flow.browser,
    ));
    flow.page = await flow.context.newPage();
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 600_000);

  afterAll(async () => {
    await flow.context?.close();
    await flow.browser?.close();
    await flow.stack?.stop();
  }, 60_000);

  afterEach(() => {
    // an uncaught error in the app fails the test that caused it
    const errors = flow.pageErrors.splice(0);
    if (errors.length)
      throw new Error(`Errors in the page:\n${errors.join('\n')}`);
  });
}
