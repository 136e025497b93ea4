/* eslint-disable no-console */
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, openContext } from '../../plugins/gsv-ops/e2e/browser';
import { kubeGet } from '../../plugins/gsv-ops/e2e/kube';
import { DevCluster, waitFor } from '../../plugins/gsv-ops/e2e/stack';

/** What an adopter's user does in the new app, in headless Chromium: the Ops tab, then a runbook's dry run. */

const ENTITY = 'component:default/agent-registry';

async function textOf(locator: Locator) {
  return (
    (await locator
      .first()
      .innerText()
      .catch(() => '')) ?? ''
  );
}

async function expectText(
  locator: Locator,
  text: string | RegExp,
  what: string,
  timeoutMs = 60_000,
) {
  let last = '';
  await waitFor(
    what,
    async () => {
      last = await textOf(locator);
      return (typeof text === 'string' ? last.includes(text) : text.test(last))
        ? true
        : undefined;
    },
    { timeoutMs, intervalMs: 250, onTimeout: () => `text was: ${last}` },
  );
}

/** Opens a page; the generated app asks who you are first (guest sign-in): Enter. */
async function open(page: Page, url: string, ready: Locator) {
  await page.goto(url);
  const signIn = page.getByRole('button', { name: 'Enter' });
  await Promise.race([
    signIn.waitFor({ timeout: 120_000 }),
    ready.waitFor({ timeout: 120_000 }),
  ]);
  if (await signIn.isVisible()) await signIn.click();
  await ready.waitFor({ timeout: 60_000 });
}

/** The entity's Ops tab shows the cluster's deployment of agent-registry, ready count and image as the cluster says. */
export async function checkOpsTab(
  page: Page,
  appUrl: string,
  cluster: DevCluster,
) {
  const truth = await kubeGet(
    cluster,
    '/apis/apps/v1/namespaces/cmp/deployments/agent-registry',
  );
  await open(
    page,
    `${appUrl}/catalog/default/component/agent-registry/ops`,
    page.getByTestId('ops-headline'),
  );
  await expectText(
    page.getByTestId('ops-headline'),
    /\S/,
    'the Ops tab headline',
  );
  const row = page.locator(
    '[data-testid="deployment-row"][data-name="agent-registry"]',
  );
  await expectText(
    row.getByTestId('deployment-ready'),
    `${truth.status.readyReplicas ?? 0}/${truth.spec.replicas}`,
    'the deployment row of agent-registry with its ready replicas',
  );
  const image: string = truth.spec.template.spec.containers[0].image;
  await expectText(
    row,
    image.slice(image.lastIndexOf(':') + 1),
    'the image tag of agent-registry',
  );
  console.log(
    `[adopter] Ops tab: ${(
      await textOf(page.getByTestId('ops-headline'))
    ).replace(/\s+/g, ' ')}`,
  );
}

/** The restart runbook's template, prefilled as the Ops tab's quick action links it, up to the server-side dry run. */
export async function checkRestartDryRun(
  page: Page,
  appUrl: string,
  cluster: DevCluster,
) {
  const before = await kubeGet(
    cluster,
    '/apis/apps/v1/namespaces/cmp/deployments/agent-registry',
  );
  const formData = {
    entityRef: ENTITY,
    target: {
      cluster: cluster.name,
      environment: 'dev',
      namespace: 'cmp',
      name: 'agent-registry',
    },
  };
  const next = page.getByRole('button', { name: 'Next' });
  await open(
    page,
    `${appUrl}/create/templates/default/gsv-restart-deployment?formData=${encodeURIComponent(
      JSON.stringify(formData),
    )}`,
    next,
  );
  await page
    .getByText(`Cluster: ${cluster.name}`, { exact: true })
    .waitFor({ timeout: 60_000 });
  await next.click();
  await page
    .getByLabel('Wait for the rollout (seconds)')
    .waitFor({ timeout: 60_000 });
  await next.click();

  const result = page.getByLabel('dry run result');
  const refused = page.getByRole('alert');
  await Promise.race([
    result.waitFor({ timeout: 90_000 }),
    refused.waitFor({ timeout: 90_000 }),
  ]);
  if (await refused.isVisible())
    throw new Error(`The dry run was refused: ${await refused.innerText()}`);
  await expectText(result, /Dry run (succeeded|failed)/, 'the dry run result');
  const text = await textOf(result);
  for (const expected of [
    'Dry run succeeded',
    'Dry run: would restart deployment cmp/agent-registry',
    'permission gsv-ops.deployment.restart granted',
    '+        kubectl.kubernetes.io/restartedAt: ',
  ]) {
    if (!text.includes(expected))
      throw new Error(`The dry run does not show "${expected}":\n${text}`);
  }
  const after = await kubeGet(
    cluster,
    '/apis/apps/v1/namespaces/cmp/deployments/agent-registry',
  );
  if (after.metadata.generation !== before.metadata.generation) {
    throw new Error('The dry run changed the deployment');
  }
  console.log(`[adopter] dry run: ${text.split('\n').slice(0, 3).join(' | ')}`);
}

/** Runs each check in a fresh browser context; returns the names of the failed ones (errors printed). */
export async function browserChecks(appUrl: string, cluster: DevCluster) {
  const checks: Array<[string, (page: Page) => Promise<void>]> = [
    [
      'the Ops tab of an annotated entity shows its data',
      page => checkOpsTab(page, appUrl, cluster),
    ],
    [
      'a restart dry run from the runbook template',
      page => checkRestartDryRun(page, appUrl, cluster),
    ],
  ];
  const browser: Browser = await launchBrowser();
  const results: Array<{ name: string; ok: boolean; seconds: number }> = [];
  try {
    for (const [name, check] of checks) {
      const since = Date.now();
      const { context, errors } = await openContext(browser);
      const page = await context.newPage();
      try {
        await check(page);
        if (errors.length) throw new Error(`page errors: ${errors.join('\n')}`);
        results.push({
          name,
          ok: true,
          seconds: Math.round((Date.now() - since) / 100) / 10,
        });
      } catch (error) {
        console.error(
          `[adopter] ${name}: ${error instanceof Error ? error.stack : error}`,
        );
        await page
          .screenshot({
            path: `${process.env.GSV_ADOPTER_FAILURES ?? '/tmp'}/adopter-${
              results.length
            }.png`,
          })
          .catch(() => {});
        results.push({
          name,
          ok: false,
          seconds: Math.round((Date.now() - since) / 100) / 10,
        });
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  return results;
}
