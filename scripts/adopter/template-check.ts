/* eslint-disable no-console */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DevCluster } from '../../plugins/gsv-ops/e2e/stack';
import type { Packed } from './pack';
import type { Toolchain } from './toolchain';

/** The template check's package: a dev tool of the adopter's repository, beside (not in) its backend. */
export const CHECK_PACKAGE = '@gsv/runbooks-check';

/** What `yarn add -D @gsv/runbooks-check` writes in the app's root package.json (the tarball via resolutions). */
export function addTemplateCheck(dir: string, tarballs: Packed) {
  const path = join(dir, 'package.json');
  const root = JSON.parse(readFileSync(path, 'utf8'));
  root.devDependencies = {
    ...root.devDependencies,
    [CHECK_PACKAGE]: `^${tarballs[CHECK_PACKAGE].version}`,
  };
  writeFileSync(path, `${JSON.stringify(root, null, 2)}\n`);
}

/** `yarn gsv-runbooks check …` in the app; its exit code and output (stdout and stderr). */
function runCheck(dir: string, tools: Toolchain, args: string[]) {
  const since = Date.now();
  const result = spawnSync('yarn', ['gsv-runbooks', 'check', ...args], {
    cwd: dir,
    env: tools.env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 300_000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  const seconds = Math.round((Date.now() - since) / 100) / 10;
  console.log(
    `[adopter] yarn gsv-runbooks check ${args.join(' ')}: exit ${
      result.status ?? result.signal
    } in ${seconds} s`,
  );
  return { status: result.status, output };
}

function expectExit(
  run: { status: number | null; output: string },
  status: number,
  what: string,
  mustPrint: string[],
) {
  const missing = mustPrint.filter(text => !run.output.includes(text));
  if (run.status !== status || missing.length) {
    throw new Error(
      `${what}: exit ${run.status} (expected ${status})${
        missing.length ? `, without ${missing.join(' | ')}` : ''
      }; its output ends:\n${run.output.split('\n').slice(-40).join('\n')}`,
    );
  }
}

/**
 * The curators' workflow in the adopter's repository, from the installed tarballs: `gsv-runbooks check` on a copy of
 * the runbook templates, with dry runs against the embedded cluster it starts itself, then against `cluster` through
 * a kubeconfig (the one gsv-devcluster wrote); a copy with a broken template fails with the problem printed.
 */
export function checkTemplatesFromTheTarballs(
  dir: string,
  tools: Toolchain,
  cluster: DevCluster,
) {
  const installed = join(dir, 'node_modules', CHECK_PACKAGE);
  if (
    existsSync(join(installed, 'src')) ||
    !existsSync(join(installed, 'dist'))
  )
    throw new Error(`${installed} is not the built package (dist/, no src/)`);
  const backend = JSON.parse(
    readFileSync(join(dir, 'packages/backend/package.json'), 'utf8'),
  );
  const testUtils = Object.keys({
    ...backend.dependencies,
    ...backend.devDependencies,
  }).filter(name => name === '@backstage/backend-test-utils');
  if (testUtils.length)
    throw new Error(`the app's backend depends on ${testUtils.join(', ')}`);

  // a curators' repository: the shipped templates, copied into the app
  const templates = join(dir, 'runbook-templates');
  cpSync(
    join(
      dir,
      'node_modules/@gsv/plugin-scaffolder-backend-module-gsv-runbooks/templates',
    ),
    templates,
    { recursive: true },
  );
  const fine = 'runbook templates are fine';
  expectExit(
    runCheck(dir, tools, ['runbook-templates']),
    0,
    'the embedded mode',
    ['Dry runs against the embedded cluster', fine],
  );
  expectExit(
    runCheck(dir, tools, [
      'runbook-templates',
      '--kubeconfig',
      join(cluster.stateDir, 'kubeconfig'),
    ]),
    0,
    'the kubeconfig mode',
    [`Dry runs against cluster ${cluster.name} (`, fine],
  );

  const broken = join(dir, 'runbook-templates-broken');
  cpSync(templates, broken, { recursive: true });
  const file = join(broken, 'gsv-restart-deployment.yaml');
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace(
      'action: gsv:deployment:restart',
      'action: gsv:deployment:restrat',
    ),
  );
  expectExit(
    runCheck(dir, tools, ['runbook-templates-broken', '--static']),
    1,
    'a broken template',
    [
      'gsv-restart-deployment.yaml: step deployment-restart uses gsv:deployment:restrat, which the module does not register',
    ],
  );
}
