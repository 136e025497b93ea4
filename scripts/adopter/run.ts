/* eslint-disable no-console */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  DevCluster,
  freePort,
  guestToken,
  Processes,
  startDevCluster,
  waitFor,
} from '../../plugins/gsv-ops/e2e/stack';
import { browserChecks } from './browser-checks';
import { missingFromReadme } from './install-lines';
import {
  addGsvOps,
  addTestSetup,
  createApp,
  releasePins,
  yarnInstall,
} from './new-app';
import { buildAndPack, Packed } from './pack';
import {
  addTemplateCheck,
  checkTemplatesFromTheTarballs,
} from './template-check';
import { prepareToolchain, Toolchain } from './toolchain';

/**
 * `npm run test:adopter`: what an adopter does, from scratch. Packs our publishable packages, generates a brand-new
 * app with create-app (release 1.55.0, new frontend system), adds exactly the README's install lines, installs it
 * with yarn against the tarballs, starts it (`yarn start`) against an embedded cluster, and in headless Chromium opens
 * the annotated entity's Ops tab and runs a restart dry run from the runbook template; then runs the template check
 * (`yarn gsv-runbooks check`, @gsv/runbooks-check as a root devDependency) on a copy of the templates. Prints each
 * phase's duration; ends with "N passed, N failed". The work folder is temporary (GSV_ADOPTER_KEEP=1 keeps it); yarn and its cache stay
 * in ~/.cache/gsv-adopter.
 */

const REPO_ROOT = resolve(__dirname, '../..');
const started = Date.now();
const work = mkdtempSync(join(process.env.TMPDIR ?? tmpdir(), 'gsv-adopter-'));
const appDir = join(work, 'myapp');
const processes = new Processes();
const results: Array<{ name: string; ok: boolean; seconds: number }> = [];

const seconds = (since: number) => Math.round((Date.now() - since) / 100) / 10;

/** One phase: a check of its own, timed. Throws on failure so the phases after it do not run. */
async function phase<T>(name: string, body: () => Promise<T> | T): Promise<T> {
  const since = Date.now();
  console.log(`\n=== ${name} === (at ${seconds(started)} s)`);
  try {
    const value = await body();
    results.push({ name, ok: true, seconds: seconds(since) });
    console.log(`[adopter] ${name}: ok in ${seconds(since)} s`);
    return value;
  } catch (error) {
    results.push({ name, ok: false, seconds: seconds(since) });
    console.error(
      `[adopter] ${name}: FAILED in ${seconds(since)} s: ${
        error instanceof Error ? error.message : error
      }`,
    );
    throw error;
  }
}

async function cleanUp() {
  await processes.stopAll();
  if (process.env.GSV_ADOPTER_KEEP) {
    console.log(`[adopter] kept ${work}`);
    return;
  }
  // the app's node_modules: about 2,700 packages (rm is much faster at it than Node's rmSync)
  const since = Date.now();
  const removed = spawnSync('rm', ['-rf', work], { stdio: 'inherit' });
  if (removed.status !== 0) rmSync(work, { recursive: true, force: true });
  console.log(`[adopter] removed ${work} in ${seconds(since)} s`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(
      `[adopter] ${signal}: stopping; last output:\n${processes.logs(80)}`,
    );
    // interrupted: the processes we started are stopped first, then the check counts as failed
    cleanUp().finally(() => process.exit(1));
  });
}

/** The app's backend and frontend (`yarn start`), on free ports, with the cluster's address and tokens. */
async function startApp(
  tools: Toolchain,
  cluster: DevCluster,
  ports: { app: number; backend: number },
) {
  processes.start('myapp', 'yarn', ['start'], {
    cwd: appDir,
    env: {
      ...tools.env,
      BROWSER: 'none',
      K8S_DEV_URL: cluster.url,
      K8S_DEV_READ_TOKEN: cluster.readerToken,
      K8S_DEV_CA_DATA: cluster.caData,
      GSV_OPS_DEV_TOKEN: cluster.token,
    },
  });
  const backend = `http://localhost:${ports.backend}`;
  const app = `http://localhost:${ports.app}`;
  const logs = () => processes.logs(150);
  // `yarn start` keeps watching after a failed backend start: its log says so, and the wait ends there
  const ready = await waitFor(
    'the backend to be ready',
    async () => {
      if (processes.logs(4000).includes('Backend startup failed'))
        return 'failed';
      const response = await fetch(`${backend}/.backstage/health/v1/readiness`);
      return response.ok ? 'ready' : undefined;
    },
    { timeoutMs: 600_000, intervalMs: 1000, onTimeout: logs },
  );
  if (ready === 'failed')
    throw new Error(`The backend did not start:\n${logs()}`);
  console.log(`[adopter] backend ready at ${seconds(started)} s`);
  await waitFor(
    'the app to answer',
    async () => ((await fetch(app)).ok ? true : undefined),
    {
      timeoutMs: 600_000,
      intervalMs: 1000,
      onTimeout: logs,
    },
  );
  console.log(`[adopter] app answers at ${seconds(started)} s`);
  const token = await guestToken(backend);
  for (const ref of [
    'component/default/agent-registry',
    'template/default/gsv-restart-deployment',
  ]) {
    await waitFor(
      `${ref} in the catalog`,
      async () =>
        (
          await fetch(`${backend}/api/catalog/entities/by-name/${ref}`, {
            headers: { Authorization: `Bearer ${token}` },
          })
        ).ok
          ? true
          : undefined,
      { timeoutMs: 180_000, intervalMs: 1000, onTimeout: logs },
    );
  }
  return app;
}

async function main() {
  await phase("the README shows the test's install lines", () => {
    const missing = missingFromReadme(REPO_ROOT);
    if (missing.length)
      throw new Error(`README.md lacks:\n${missing.join('\n\n')}`);
  });
  const tarballs: Packed = await phase(
    'build and pack the publishable packages',
    () => buildAndPack(REPO_ROOT, join(work, 'tarballs')),
  );
  const tools = await phase('Node.js 24 and yarn 4', () =>
    prepareToolchain(REPO_ROOT),
  );
  const ports = { app: await freePort(), backend: await freePort() };
  await phase('a new app from create-app, with the README lines', () => {
    createApp(appDir, tools);
    addGsvOps(appDir, tarballs, releasePins(tools));
    addTemplateCheck(appDir, tarballs);
    addTestSetup(appDir, ports);
  });
  await phase('yarn install (the tarballs for our packages)', () =>
    yarnInstall(appDir, tools),
  );
  // its kubeconfig holds GSV Ops' own identity, as a curator's for `gsv-runbooks check --kubeconfig`
  const cluster = await phase('the embedded cluster', () =>
    startDevCluster(processes, work, {
      name: 'gsv-dev',
      args: ['--kubeconfig-user', 'backend'],
    }),
  );
  const appUrl = await phase(
    'yarn start: backend ready, app answers, entity and templates in the catalog',
    () => startApp(tools, cluster, ports),
  );
  console.log(
    `\n=== the browser (headless Chromium) === (at ${seconds(started)} s)`,
  );
  for (const result of await browserChecks(appUrl, cluster)) {
    results.push(result);
    console.log(
      `[adopter] ${result.name}: ${result.ok ? 'ok' : 'FAILED'} in ${
        result.seconds
      } s`,
    );
  }
  await phase(
    'gsv-runbooks check from the tarball: embedded cluster, --kubeconfig, a broken template',
    () => checkTemplatesFromTheTarballs(appDir, tools, cluster),
  );
}

main()
  .catch(() => {
    if (processes.logs())
      console.error(`[adopter] last output:\n${processes.logs(80)}`);
  })
  .finally(async () => {
    await cleanUp();
    console.log('\n=== summary ===');
    for (const { name, ok, seconds: s } of results)
      console.log(`${ok ? 'ok    ' : 'FAILED'} ${name} (${s} s)`);
    const passed = results.filter(r => r.ok).length;
    const failed = results.length - passed;
    console.log(`duration: ${seconds(started)} s`);
    console.log(`${passed} passed, ${failed} failed`);
    // a CLI's exit code is the result test-all.sh reads; exit also ends handles a yarn child may leave open
    process.exit(failed ? 1 : 0);
  });
