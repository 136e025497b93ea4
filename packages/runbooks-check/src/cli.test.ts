import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import yaml from 'yaml';
import { startDevCluster, type DevCluster } from '@gsv/devcluster';
import { TEMPLATES_DIR } from './templates';

const run = promisify(execFile);
const CLI = require.resolve('@gsv/runbooks-check/bin/gsv-runbooks');
const DRILL = path.join(TEMPLATES_DIR, 'gsv-dr-restore-drill.yaml');
const RESTART = path.join(TEMPLATES_DIR, 'gsv-restart-deployment.yaml');
const USAGE =
  'Usage: gsv-runbooks check [<dir>] [--static] [--owner <ref>] ' +
  '[--kubeconfig <file> [--context <name>] [--environment <env>]]\n';

/** Runs `gsv-runbooks <args>` as a curator would; resolves with the exit code and the output. */
async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      timeout: 180_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error: any) {
    return {
      code: error.code as number,
      output: `${error.stdout}${error.stderr}`,
    };
  }
}

describe('gsv-runbooks check <dir>', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gsv-templates-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('passes a curators’ directory with the DR drill and fails a broken copy, naming the problems', async () => {
    fs.copyFileSync(DRILL, path.join(dir, 'dr-drill.yaml'));
    fs.writeFileSync(path.join(dir, 'README.md'), 'not a template');
    const good = await cli('check', dir, '--static');
    expect(good.output).toContain('dr-drill.yaml');
    expect(good.output).toContain('All 1 runbook templates are fine');
    expect(good.code).toBe(0);

    const broken = fs
      .readFileSync(DRILL, 'utf8')
      .replace(
        'action: gsv:service:check-health',
        'action: gsv:service:check-healthy',
      )
      .replace(
        'entityRef: ${{ parameters.service }}',
        'entityRef: ${{ parameters.sevice }}',
      )
      .replace(
        "content: ${{ steps['check-health'].output.summary }}",
        "content: ${{ steps['verify'].output.summary }}",
      );
    fs.writeFileSync(path.join(dir, 'broken.yaml'), broken);
    const bad = await cli('check', dir, '--static');
    expect(bad.code).toBe(1);
    expect(bad.output).toContain(
      '✗ broken.yaml: step check-health uses gsv:service:check-healthy, which the module does not register',
    );
    expect(bad.output).toContain(
      '✗ broken.yaml: step check-health uses parameters.sevice, which the form does not ask',
    );
    expect(bad.output).toContain(
      '✗ broken.yaml: spec.output uses the output of step verify, which does not run before it',
    );
    expect(bad.output).toMatch(/3 problems in the runbook templates/);
  }, 240_000);

  it('validates the inputs of the check steps against the actions’ schemas', async () => {
    fs.writeFileSync(
      path.join(dir, 'drill.yaml'),
      fs
        .readFileSync(DRILL, 'utf8')
        .replace(
          'database: ${{ parameters.target.name }}',
          'databse: ${{ parameters.target.name }}',
        ),
    );
    const bad = await cli('check', dir, '--static');
    expect(bad.code).toBe(1);
    expect(bad.output).toMatch(
      /step check-restorable: the rendered input fails gsv:database:check-restorable's schema: .*databse/,
    );
  }, 240_000);

  it('checks the owner the curators name instead of the platform team', async () => {
    fs.copyFileSync(DRILL, path.join(dir, 'dr-drill.yaml'));
    const theirs = await cli(
      'check',
      dir,
      '--static',
      '--owner',
      'group:default/sre',
    );
    expect(theirs.code).toBe(1);
    expect(theirs.output).toContain(
      '✗ dr-drill.yaml: spec.owner is group:default/platform-team, not group:default/sre',
    );

    fs.writeFileSync(
      path.join(dir, 'dr-drill.yaml'),
      fs
        .readFileSync(DRILL, 'utf8')
        .replace('owner: group:default/platform-team', 'owner: sre'),
    );
    const short = await cli('check', dir, '--static', '--owner', 'sre');
    expect(short.output).toContain('owned by group:default/sre');
    expect(short.code).toBe(0);
  }, 240_000);

  it('exits 2 with the usage on wrong arguments', async () => {
    expect(await cli('chek', dir)).toEqual({ code: 2, output: USAGE });
    expect((await cli('check', path.join(dir, 'missing'))).code).toBe(2);
    expect(await cli('check', dir, '--context', 'prod')).toEqual({
      code: 2,
      output: `--context and --environment go with --kubeconfig\n${USAGE}`,
    });
    const noToken = path.join(dir, 'kubeconfig');
    fs.writeFileSync(
      noToken,
      yaml.stringify({
        clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
        users: [{ name: 'u', user: { exec: { command: 'aws' } } }],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'x',
      }),
    );
    const exec = await cli('check', dir, '--kubeconfig', noToken);
    expect(exec.code).toBe(2);
    expect(exec.output).toMatch(/user u of context x has no token/);
  }, 60_000);
});

describe('gsv-runbooks check <dir> --kubeconfig', () => {
  let cluster: DevCluster;
  let dir: string;
  beforeAll(async () => {
    // a cluster the command did not start, as a curator's would be: it gets only a kubeconfig
    cluster = await startDevCluster({
      port: 0,
      name: 'gsv-staging',
      seed: 'gsv',
      monitoring: false,
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gsv-templates-'));
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await cluster?.stop();
  });

  /** The admin's context current, GSV Ops' own service account's context to be named with --context. */
  function kubeconfigFile(): string {
    const admin = yaml.parse(cluster.kubeconfig('admin'));
    const backend = yaml.parse(cluster.kubeconfig('backend'));
    const file = path.join(dir, 'kubeconfig');
    fs.writeFileSync(
      file,
      yaml.stringify({
        ...admin,
        users: [...admin.users, ...backend.users],
        contexts: [...admin.contexts, ...backend.contexts],
      }),
    );
    return file;
  }

  it('dry-runs the templates against that cluster with the context’s token, and writes nothing to it', async () => {
    fs.mkdirSync(path.join(dir, 'templates'));
    fs.copyFileSync(RESTART, path.join(dir, 'templates', 'restart.yaml'));
    const kubeconfig = kubeconfigFile();
    const result = await cli(
      'check',
      path.join(dir, 'templates'),
      '--kubeconfig',
      kubeconfig,
      '--context',
      'gsv-staging-backend',
    );
    expect(result.output).toContain(
      `Dry runs against cluster gsv-staging (${cluster.url}, environment dev) from ${kubeconfig}, context gsv-staging-backend`,
    );
    expect(result.output).toContain(
      'only reads and server-side dry runs (dryRun=All): nothing is written to the cluster',
    );
    expect(result.output).toMatch(/✓ the review's dry run .* succeeded/);
    expect(result.output).toContain('All 1 runbook templates are fine');
    expect(result.code).toBe(0);

    const gsvOps = 'system:serviceaccount:backstage:gsv-backstage';
    expect(
      cluster.requestLog.count({ user: gsvOps, verb: 'patch', dryRun: true }),
    ).toBeGreaterThan(0);
    // every request came with the named context's token (the admin's current context was not used)
    expect(
      new Set(cluster.requestLog.entries().map(entry => entry.user)),
    ).toEqual(new Set([gsvOps]));
    expect(cluster.requestLog.writes()).toEqual([]);
  }, 240_000);
});
