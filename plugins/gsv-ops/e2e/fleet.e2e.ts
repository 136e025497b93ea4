/* eslint-disable no-console */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { PlatformHealthView } from '@gsv/plugin-gsv-ops-common';
import {
  fullScreenshot,
  launchBrowser,
  openContext,
  openSignedIn,
} from './browser';
import { guestToken, SCREENSHOTS, Stack, startStack, waitFor } from './stack';

/**
 * The platform page at fleet size, in Chromium: the real app and backend over a fleet of embedded clusters
 * (`gsv-devcluster --fleet`, 50 clusters × 2,000 pods by default; GSV_E2E_FLEET=<clusters>x<pods> to change it).
 * Prints the time from the platform view's arrival to the painted page (the `gsv-ops:platform-rendered` mark), and
 * from the navigation's start, over 5 fresh page loads, and writes them to e2e/results/platform-fleet-render-ms.json.
 */

const RESULTS = join(__dirname, 'results');
const [CLUSTERS, PODS] = (process.env.GSV_E2E_FLEET ?? '50x2000')
  .split('x')
  .map(Number);
const RUNS = 5;

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({
    fleet: { clusters: CLUSTERS, podsPerCluster: PODS },
  });
  browser = await launchBrowser();
  mkdirSync(RESULTS, { recursive: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

/** The platform view as the backend serves it, once every cluster of the fleet has synced. */
async function syncedPlatformView(): Promise<PlatformHealthView> {
  const token = await guestToken(stack.appUrl);
  return waitFor(
    `the backend to sync all ${CLUSTERS} clusters`,
    async () => {
      const response = await fetch(
        `${stack.appUrl}/api/gsv-ops/platform/health`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      if (!response.ok) return undefined;
      const view = (await response.json()) as PlatformHealthView;
      return view.clusters.length === CLUSTERS &&
        view.clusters.every(c => c.synced)
        ? view
        : undefined;
    },
    { timeoutMs: 300_000, intervalMs: 2000, onTimeout: () => stack.logs() },
  );
}

test(`the platform page over ${CLUSTERS} clusters × ${PODS} pods renders in Chromium`, async () => {
  const view = await syncedPlatformView();
  const afterData: number[] = [];
  const fromNavigation: number[] = [];
  // signed in once, so that each measured page load is the app's own start, not the sign-in
  const { context, errors } = await openContext(browser);
  const signIn = await context.newPage();
  await openSignedIn(
    signIn,
    `${stack.appUrl}/platform-health`,
    'platform-headline',
  );
  await signIn.close();
  for (let run = 0; run < RUNS; run++) {
    const page = await context.newPage();
    await page.addInitScript(() => {
      // Mark when the platform view's response reaches the page.
      const original = window.fetch;
      window.fetch = async (...args) => {
        const response = await original(...args);
        const url = String(args[0] instanceof Request ? args[0].url : args[0]);
        if (
          url.includes('/api/gsv-ops/platform/health') &&
          response.status === 200 &&
          !performance.getEntriesByName('gsv-ops:platform-received').length
        ) {
          performance.mark('gsv-ops:platform-received');
        }
        return response;
      };
    });
    await page.goto(`${stack.appUrl}/platform-health`);
    await page.getByTestId('platform-headline').waitFor({ timeout: 60_000 });
    const timing = await page.evaluate(async () => {
      for (
        let i = 0;
        i < 200 &&
        !performance.getEntriesByName('gsv-ops:platform-rendered').length;
        i++
      ) {
        await new Promise(r => setTimeout(r, 50));
      }
      const mark = (name: string) =>
        performance.getEntriesByName(name)[0].startTime;
      return {
        afterData:
          mark('gsv-ops:platform-rendered') - mark('gsv-ops:platform-received'),
        fromNavigation: mark('gsv-ops:platform-rendered'),
      };
    });
    afterData.push(timing.afterData);
    fromNavigation.push(timing.fromNavigation);
    // the Clusters card counts a fleet (more than 5 clusters, all synced) and lists every cluster once asked
    expect(await page.getByTestId('cluster-summary').innerText()).toContain(
      `${CLUSTERS} in sync`,
    );
    await page
      .getByRole('button', { name: `Show all ${CLUSTERS} clusters` })
      .click();
    const listed = await page.getByTestId('cluster-status').allInnerTexts();
    expect(listed).toHaveLength(CLUSTERS);
    expect(listed.join('\n')).toContain(view.clusters[CLUSTERS - 1].name);
    if (run === 0)
      await fullScreenshot(page, join(RESULTS, 'platform-fleet.png'));
    await page.close();
  }
  expect(errors).toEqual([]);
  await context.close();
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const list = (values: number[]) => values.map(v => v.toFixed(0)).join(', ');
  console.log(
    `[e2e] platform page, ${CLUSTERS} clusters × ${PODS} pods: painted ${median(
      afterData,
    ).toFixed(0)} ms (median; runs ${list(
      afterData,
    )}) after the view arrived, ${median(fromNavigation).toFixed(
      0,
    )} ms (runs ${list(fromNavigation)}) after the navigation started`,
  );
  writeFileSync(
    join(RESULTS, 'platform-fleet-render-ms.json'),
    `${JSON.stringify(
      {
        clusters: CLUSTERS,
        podsPerCluster: PODS,
        afterData: { median: Math.round(median(afterData)), runs: afterData },
        fromNavigation: {
          median: Math.round(median(fromNavigation)),
          runs: fromNavigation,
        },
      },
      null,
      2,
    )}\n`,
  );
  expect(afterData).toHaveLength(RUNS);
});
