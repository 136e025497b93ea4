import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The publishable packages, in dependency order (folder in the repository, package name). */
export const PUBLISHABLE = [
  ['plugins/gsv-ops-common', '@gsv/plugin-gsv-ops-common'],
  ['plugins/gsv-ops-node', '@gsv/plugin-gsv-ops-node'],
  ['plugins/gsv-ops-backend', '@gsv/plugin-gsv-ops-backend'],
  [
    'plugins/gsv-runbooks-actions',
    '@gsv/plugin-scaffolder-backend-module-gsv-runbooks',
  ],
  [
    'plugins/permission-backend-module-gsv-policy',
    '@gsv/plugin-permission-backend-module-gsv-policy',
  ],
  ['plugins/gsv-ops', '@gsv/plugin-gsv-ops'],
  // the template check (a dev tool, not part of the app) and the embedded cluster it starts
  ['packages/devcluster', '@gsv/devcluster'],
  ['packages/runbooks-check', '@gsv/runbooks-check'],
] as const;

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, {
    cwd,
    stdio: 'inherit',
    env: process.env,
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) failed with ${
        result.status ?? result.signal
      }`,
    );
  }
}

/**
 * What a release does: the root type check (declarations for the builds), `backstage-cli package build` of each
 * publishable package, then `npm pack` (its prepack/postpack: backstage-cli's publishConfig rewrite) into `into`.
 * Returns each package's tarball and version by name.
 */
export type Packed = Record<string, { file: string; version: string }>;

export function buildAndPack(repoRoot: string, into: string): Packed {
  mkdirSync(into, { recursive: true });
  run(join(repoRoot, 'node_modules/.bin/tsc'), [], repoRoot);
  const tarballs: Packed = {};
  for (const [folder, name] of PUBLISHABLE) {
    const dir = join(repoRoot, folder);
    run(
      join(repoRoot, 'node_modules/.bin/backstage-cli'),
      ['package', 'build'],
      dir,
    );
    const before = new Set(readdirSync(into));
    run('npm', ['pack', '--pack-destination', into, '--loglevel=warn'], dir);
    const created = readdirSync(into).filter(
      file => !before.has(file) && file.endsWith('.tgz'),
    );
    if (created.length !== 1)
      throw new Error(
        `npm pack of ${name} made ${created.join(', ') || 'no tarball'}`,
      );
    const { version } = JSON.parse(
      readFileSync(join(dir, 'package.json'), 'utf8'),
    );
    tarballs[name] = { file: join(into, created[0]), version };
  }
  return tarballs;
}
