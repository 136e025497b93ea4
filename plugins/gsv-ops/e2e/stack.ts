/* eslint-disable no-console */
import { ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startBackend, type GuestIdentity } from './backendProcess';

/**
 * The real thing on loopback, started by the browser tests and stopped after them: the embedded cluster
 * (packages/devcluster), the Backstage backend with GSV Ops (serving the production build of packages/app), all on
 * free ports, with an in-memory database (GSV Ops' tables in a file of the temporary state folder, which a second
 * replica can share) — nothing shared with `npm start`.
 */

export const REPO_ROOT = resolve(__dirname, '../../..');
const BACKSTAGE_CLI = join(REPO_ROOT, 'node_modules/.bin/backstage-cli');

export interface DevCluster {
  name: string;
  url: string;
  caData: string;
  /** The read-only token of the official Kubernetes plugin (GSV_DEVCLUSTER_READER_TOKEN). */
  readerToken: string;
  /** GSV Ops' own token (GSV_DEVCLUSTER_TOKEN). */
  token: string;
  /** The admin token, for the fault API and for reading the truth in assertions. */
  adminToken?: string;
  stateDir: string;
  /** The embedded Prometheus (query API) and Alertmanager (v2 API), plain HTTP on loopback. */
  prometheusUrl?: string;
  alertmanagerUrl?: string;
}

export interface Stack {
  appUrl: string;
  /** The second backend, when asked for: another replica of GSV Ops with another guest. */
  replicaUrl?: string;
  clusters: DevCluster[];
  /** The GitOps repository (bare Git) both clusters' Argo CD Applications reconcile from. */
  gitopsDir: string;
  logs: () => string;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        resolvePort(typeof address === 'object' && address ? address.port : 0),
      );
    });
  });
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; onTimeout?: () => string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(options.intervalMs ?? 500);
  }
  throw new Error(
    `Timed out after ${options.timeoutMs / 1000}s waiting for ${what}${
      lastError ? ` (last error: ${String(lastError)})` : ''
    }${options.onTimeout ? `\n${options.onTimeout()}` : ''}`,
  );
}

/** Child processes in their own process groups, so stopping kills their children too. */
export class Processes {
  private readonly children: Array<{ name: string; child: ChildProcess }> = [];
  private readonly output: string[] = [];

  start(
    name: string,
    command: string,
    args: string[],
    options: { cwd: string; env: NodeJS.ProcessEnv },
  ) {
    const child = spawn(command, args, {
      ...options,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim()) this.output.push(`[${name}] ${line}`);
      }
      if (this.output.length > 4000)
        this.output.splice(0, this.output.length - 4000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('exit', (code, signal) =>
      this.output.push(`[${name}] exited (${signal ?? code})`),
    );
    this.children.push({ name, child });
    return child;
  }

  logs(lines = 120): string {
    return this.output.slice(-lines).join('\n');
  }

  async stopAll() {
    const running = this.children.filter(
      ({ child }) => child.exitCode === null && child.signalCode === null,
    );
    for (const { child } of running) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    const exited = Promise.all(
      running.map(
        ({ child }) =>
          new Promise(r =>
            child.exitCode !== null ? r(null) : child.once('exit', r),
          ),
      ),
    );
    await Promise.race([exited, sleep(8000)]);
    for (const { child } of running) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

function readEnvFile(path: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) env[match[1]] = match[2];
  }
  return env;
}

/** The newest modification time under some folders (sources of the app build). */
function newestMtime(paths: string[]): number {
  let newest = 0;
  const walk = (path: string) => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) {
        if (
          entry === 'node_modules' ||
          entry === 'dist' ||
          entry === 'dist-types'
        )
          continue;
        walk(join(path, entry));
      }
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const path of paths) if (existsSync(path)) walk(path);
  return newest;
}

/**
 * Builds packages/app (the production bundle the backend serves) unless the build is newer than every source it is
 * made of. `GSV_E2E_SKIP_BUILD=1` trusts an existing build.
 */
async function ensureAppBuild(processes: Processes) {
  const dist = join(REPO_ROOT, 'packages/app/dist/index.html');
  // What the browser bundle is made of: the app and the frontend plugins (backend sources do not matter).
  const sources = [
    join(REPO_ROOT, 'packages/app/src'),
    join(REPO_ROOT, 'packages/app/public'),
    join(REPO_ROOT, 'packages/app/package.json'),
    join(REPO_ROOT, 'plugins/gsv-ops/src'),
    join(REPO_ROOT, 'plugins/gsv-ops/package.json'),
    join(REPO_ROOT, 'plugins/gsv-ops-common/src'),
    join(REPO_ROOT, 'package-lock.json'),
  ];
  if (
    existsSync(dist) &&
    (process.env.GSV_E2E_SKIP_BUILD ||
      statSync(dist).mtimeMs > newestMtime(sources))
  ) {
    return;
  }
  console.log('[e2e] building packages/app (production bundle)…');
  const child = processes.start(
    'app build',
    BACKSTAGE_CLI,
    ['package', 'build'],
    {
      cwd: join(REPO_ROOT, 'packages/app'),
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  const code = await new Promise<number | null>(r => child.once('exit', r));
  if (code !== 0)
    throw new Error(
      `The app build failed (exit ${code}):\n${processes.logs(60)}`,
    );
}

/** Starts one embedded cluster the way `npm start` does (scripts/start.mjs), on a free port and a temp state dir. */
export async function startDevCluster(
  processes: Processes,
  work: string,
  options: { name: string; args?: string[] },
): Promise<DevCluster> {
  const port = await freePort();
  const stateDir = join(work, options.name);
  const envFile = join(stateDir, 'backstage.env');
  processes.start(
    options.name,
    process.execPath,
    [
      join(REPO_ROOT, 'packages/devcluster/bin/gsv-devcluster'),
      '--port',
      String(port),
      '--name',
      options.name,
      '--state-dir',
      stateDir,
      '--kubeconfig',
      join(stateDir, 'kubeconfig'),
      // (not --env-file: Node 20 reads that option anywhere on the command line)
      '--env-out',
      envFile,
      ...(options.args ?? []),
    ],
    { cwd: REPO_ROOT, env: { ...process.env } },
  );
  const env = await waitFor(
    `the embedded cluster ${options.name} to write ${envFile}`,
    async () => {
      if (!existsSync(envFile)) return undefined;
      const values = readEnvFile(envFile);
      return values.GSV_DEVCLUSTER_TOKEN ? values : undefined;
    },
    { timeoutMs: 90_000, onTimeout: () => processes.logs() },
  );
  const tokensFile = join(stateDir, 'tokens.json');
  const tokens = existsSync(tokensFile)
    ? (JSON.parse(readFileSync(tokensFile, 'utf8')) as Record<string, string>)
    : {};
  return {
    name: options.name,
    url: env.GSV_DEVCLUSTER_URL,
    caData: env.GSV_DEVCLUSTER_CA_DATA,
    token: env.GSV_DEVCLUSTER_TOKEN,
    readerToken: env.GSV_DEVCLUSTER_READER_TOKEN,
    adminToken: env.GSV_DEVCLUSTER_ADMIN_TOKEN ?? tokens.admin,
    stateDir,
    prometheusUrl: env.GSV_DEVCLUSTER_PROMETHEUS_URL,
    alertmanagerUrl: env.GSV_DEVCLUSTER_ALERTMANAGER_URL,
  };
}

/** `gsv-devcluster --fleet`: many embedded clusters in one process, named fleet-01, fleet-02, … */
async function startDevFleetProcess(
  processes: Processes,
  work: string,
  fleet: { clusters: number; podsPerCluster: number },
): Promise<DevCluster[]> {
  const stateDir = join(work, 'fleet');
  const fleetOut = join(stateDir, 'fleet.json');
  processes.start(
    'fleet',
    process.execPath,
    [
      '--max-old-space-size=8192',
      join(REPO_ROOT, 'packages/devcluster/bin/gsv-devcluster'),
      '--fleet',
      String(fleet.clusters),
      '--scale-pods',
      String(fleet.podsPerCluster),
      '--name',
      'fleet',
      '--kubeconfig',
      join(stateDir, 'kubeconfig'),
      '--fleet-out',
      fleetOut,
    ],
    { cwd: REPO_ROOT, env: { ...process.env } },
  );
  const clusters = await waitFor(
    `the fleet of ${fleet.clusters} embedded clusters to write ${fleetOut}`,
    async () =>
      existsSync(fleetOut)
        ? (JSON.parse(readFileSync(fleetOut, 'utf8')) as DevCluster[])
        : undefined,
    { timeoutMs: 300_000, onTimeout: () => processes.logs() },
  );
  return clusters.map(cluster => ({ ...cluster, stateDir }));
}

/** A Backstage token for the guest, as the app's sign-in page gets it. */
export async function guestToken(baseUrl: string): Promise<string> {
  const response = await fetch(
    `${baseUrl}/api/auth/guest/refresh?env=development`,
    {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    },
  );
  if (!response.ok)
    throw new Error(`guest sign-in answered ${response.status}`);
  const body = (await response.json()) as {
    backstageIdentity?: { token?: string };
  };
  const token = body.backstageIdentity?.token;
  if (!token) throw new Error('guest sign-in returned no token');
  return token;
}

export async function startStack(
  options: {
    /** Config lines appended to every backend's config. */
    config?: string[];
    /** A second backend on the same GSV Ops tables, whose guest signs in as this person. */
    replica?: GuestIdentity;
    /** A fleet of embedded clusters (scale mode, no monitoring) instead of gsv-dev and gsv-prod. */
    fleet?: { clusters: number; podsPerCluster: number };
  } = {},
): Promise<Stack> {
  const processes = new Processes();
  const work = mkdtempSync(join(tmpdir(), 'gsv-ops-e2e-'));
  const stop = async () => {
    await processes.stopAll();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    // gsv-dev: the dev variant of the seed (with its trouble); gsv-prod: the prod variant (healthy). One GitOps
    // repository for both, as promotion qa → prod needs.
    const gitopsDir = join(work, 'gitops.git');
    const gitops = ['--gitops-dir', gitopsDir];
    const [clusters] = await Promise.all([
      options.fleet
        ? startDevFleetProcess(processes, work, options.fleet)
        : Promise.all([
            startDevCluster(processes, work, { name: 'gsv-dev', args: gitops }),
            startDevCluster(processes, work, {
              name: 'gsv-prod',
              args: gitops,
            }),
          ]),
      ensureAppBuild(processes),
    ]);

    const sharedDir = join(work, 'shared');
    const backend = (name: string, guest?: GuestIdentity) =>
      startBackend(processes, {
        name,
        work,
        sharedDir,
        clusters,
        guest,
        extraConfig: options.config,
      });
    // one after the other: two fresh backends on one SQLite file would race to create the scheduler's tables
    const appUrl = await backend('backend');
    const replicaUrl = options.replica
      ? await backend('replica', options.replica)
      : undefined;
    return {
      appUrl,
      replicaUrl,
      clusters,
      gitopsDir,
      logs: () => processes.logs(200),
      stop,
    };
  } catch (error) {
    console.error(processes.logs(200));
    await stop();
    throw error;
  }
}

/**
 * Where the browser tests write their screenshots: `e2e/results/screenshots` by default, so a test run leaves the
 * working tree clean; `GSV_E2E_SCREENSHOTS=docs/screenshots` (relative to the repository) refreshes the committed ones.
 */
export const SCREENSHOTS = process.env.GSV_E2E_SCREENSHOTS
  ? resolve(REPO_ROOT, process.env.GSV_E2E_SCREENSHOTS)
  : resolve(__dirname, 'results/screenshots');
