import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { eventually } from '../__testUtils__/http';

/**
 * The environment of the test (setupTests.ts removed GSV_DEVCLUSTER_USAGE_DIR from it), given to the CLI explicitly:
 * a child process otherwise inherits the real process environment, which jest's sandbox only copies.
 */
const childEnv = () => ({ ...process.env });

jest.setTimeout(60_000);

const BIN = resolve(__dirname, '../../bin/gsv-devcluster');

function getJson(url: string, token: string, ca: string): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return new Promise((done, fail) => {
    request(url, { headers: { Authorization: `Bearer ${token}` }, ca }, response => {
      let text = '';
      response.on('data', chunk => {
        text += chunk;
      });
      response.on('end', () => done({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    })
      .on('error', fail)
      .end();
  });
}

describe('gsv-devcluster CLI', () => {
  let directory: string;
  let child: ChildProcess | undefined;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'devcluster-cli-'));
  });
  afterEach(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise(done => child!.once('exit', done));
    }
    child = undefined;
    rmSync(directory, { recursive: true, force: true });
  });

  it('starts from the TypeScript sources, writes a kubeconfig and an env file, keeps state and stops on SIGTERM', async () => {
    const kubeconfig = join(directory, 'devcluster.kubeconfig');
    const envFile = join(directory, 'backstage.env');
    const stateDir = join(directory, 'state');
    // Node 20 reads `--env-file` anywhere on its command line and refuses a missing file, so it must exist.
    writeFileSync(envFile, '');
    let output = '';
    child = spawn(process.execPath, [BIN, '--port', '0', '--kubeconfig', kubeconfig, '--env-file', envFile, '--state-dir', stateDir, '--name', 'gsv-dev', '--speed', '10'], {
      cwd: directory,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: childEnv(),
    });
    child.stdout!.on('data', chunk => {
      output += chunk;
    });
    child.stderr!.on('data', chunk => {
      output += chunk;
    });
    await eventually(() => output.includes('ready in'), 40_000).catch(error => {
      throw new Error(`${error}\n${output}`);
    });
    const env = Object.fromEntries(
      readFileSync(envFile, 'utf8')
        .trim()
        .split('\n')
        .map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(Object.keys(env)).toEqual([
      'GSV_DEVCLUSTER_URL',
      'GSV_DEVCLUSTER_CA_DATA',
      'GSV_DEVCLUSTER_TOKEN',
      'GSV_DEVCLUSTER_READER_TOKEN',
      'GSV_DEVCLUSTER_ADMIN_TOKEN',
      'GSV_DEVCLUSTER_PROMETHEUS_URL',
      'GSV_DEVCLUSTER_ALERTMANAGER_URL',
    ]);
    expect(env.GSV_DEVCLUSTER_PROMETHEUS_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env.GSV_DEVCLUSTER_URL).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const config = parse(readFileSync(kubeconfig, 'utf8'));
    expect(config.clusters[0].cluster.server).toBe(env.GSV_DEVCLUSTER_URL);
    expect(config.clusters[0].cluster['certificate-authority-data']).toBe(env.GSV_DEVCLUSTER_CA_DATA);
    const ca = Buffer.from(env.GSV_DEVCLUSTER_CA_DATA, 'base64').toString('utf8');
    const pods = await getJson(`${env.GSV_DEVCLUSTER_URL}/api/v1/namespaces/cmp/pods`, env.GSV_DEVCLUSTER_TOKEN, ca);
    expect(pods.status).toBe(200);
    expect(pods.body.items.length).toBeGreaterThan(5);
    const secrets = await getJson(`${env.GSV_DEVCLUSTER_URL}/api/v1/namespaces/cmp/secrets`, env.GSV_DEVCLUSTER_TOKEN, ca);
    expect(secrets.status).toBe(403);
    expect(existsSync(join(stateDir, 'ca.crt'))).toBe(true);
    const tokens = JSON.parse(readFileSync(join(stateDir, 'tokens.json'), 'utf8'));
    expect(tokens.backend).toBe(env.GSV_DEVCLUSTER_TOKEN);

    child.kill('SIGTERM');
    const code = await new Promise(done => child!.once('exit', done));
    expect(code).toBe(0);
    expect(output).toContain('Stopping (SIGTERM)');
  });

  it('writes the env file under --env-out, the spelling the start script uses, and seeds the GitOps repository of --gitops-dir', async () => {
    const envFile = join(directory, 'fresh', 'backstage.env');
    const gitopsDir = join(directory, 'shared', 'gitops.git');
    let output = '';
    child = spawn(process.execPath, [BIN, '--port', '0', '--seed', 'empty', '--kubeconfig', join(directory, 'kc'), '--env-out', envFile, '--gitops-dir', gitopsDir, '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() });
    child.stderr!.on('data', chunk => {
      output += chunk;
    });
    await eventually(() => existsSync(envFile) && readFileSync(envFile, 'utf8').includes('GSV_DEVCLUSTER_TOKEN='), 40_000).catch(error => {
      throw new Error(`${error}\n${output}`);
    });
    expect(readFileSync(envFile, 'utf8')).toMatch(/^GSV_DEVCLUSTER_URL=https:\/\/127\.0\.0\.1:\d+\n/);
    expect(execFileSync('git', [`--git-dir=${gitopsDir}`, 'ls-tree', '-r', '--name-only', 'main'], { encoding: 'utf8' })).toContain('apps/agent-registry/overlays/qa/kustomization.yaml');
  });

  it('runs a fleet: a cluster per API server with its own tokens, a kubeconfig context each and --fleet-out', async () => {
    const kubeconfig = join(directory, 'fleet.kubeconfig');
    const fleetOut = join(directory, 'fleet.json');
    let output = '';
    child = spawn(process.execPath, [BIN, '--fleet', '2', '--scale-pods', '20', '--name', 'edge', '--kubeconfig', kubeconfig, '--fleet-out', fleetOut], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() });
    child.stdout!.on('data', chunk => {
      output += chunk;
    });
    child.stderr!.on('data', chunk => {
      output += chunk;
    });
    await eventually(() => output.includes('ready in'), 40_000).catch(error => {
      throw new Error(`${error}\n${output}`);
    });
    const fleet = JSON.parse(readFileSync(fleetOut, 'utf8'));
    expect(fleet.map((c: { name: string }) => c.name)).toEqual(['edge-01', 'edge-02']);
    expect(fleet[0].url).not.toBe(fleet[1].url);
    expect(fleet[0].token).not.toBe(fleet[1].token);
    const config = parse(readFileSync(kubeconfig, 'utf8'));
    expect(config.contexts.map((c: { name: string }) => c.name)).toEqual(['edge-01-admin', 'edge-02-admin']);
    for (const cluster of fleet) {
      const ca = Buffer.from(cluster.caData, 'base64').toString('utf8');
      const pods = await getJson(`${cluster.url}/api/v1/pods`, cluster.token, ca);
      expect(pods.status).toBe(200);
      expect(pods.body.items.filter((p: any) => p.metadata.namespace.startsWith('load-'))).toHaveLength(20); // eslint-disable-line @typescript-eslint/no-explicit-any
      // a cluster's token is not another's
      const other = fleet.find((c: { name: string }) => c.name !== cluster.name);
      expect((await getJson(`${cluster.url}/api/v1/pods`, other.token, ca)).status).toBe(401);
    }
    child.kill('SIGTERM');
    expect(await new Promise(done => child!.once('exit', done))).toBe(0);
  });

  it('prints its usage and rejects bad options', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; output: string }>(done => {
        const process_ = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() });
        let output = '';
        process_.stdout.on('data', chunk => {
          output += chunk;
        });
        process_.stderr.on('data', chunk => {
          output += chunk;
        });
        process_.on('exit', code => done({ code, output }));
      });
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.output).toContain('Usage: gsv-devcluster [options]');
    const bad = await run(['--speed', 'fast']);
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('--speed must be a positive number');
    const noFleet = await run(['--fleet', '0']);
    expect(noFleet.code).toBe(2);
    expect(noFleet.output).toContain('--fleet must be a number of clusters from 1 to 200');
    const fleetWithState = await run(['--fleet', '2', '--state-dir', directory]);
    expect(fleetWithState.code).toBe(2);
    expect(fleetWithState.output).toContain('use --fleet-out instead of --env-out');
  });
});
