import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The publishable packages, in dependency order (folder under plugins/, package name). */
export const PUBLISHABLE = [
  ['gsv-ops-common', '@gsv/plugin-gsv-ops-common'],
  ['gsv-ops-node', '@gsv/plugin-gsv-ops-node'],
  ['gsv-ops-backend', '@gsv/plugin-gsv-ops-backend'],
  [
    'gsv-runbooks-actions',
    '@gsv/plugin-scaffolder-backend-module-gsv-runbooks',
  ],
  [
    'permission-backend-module-gsv-policy',
    '@gsv/plugin-permission-backend-module-gsv-policy',
  ],
  ['gsv-ops', '@gsv/plugin-gsv-ops'],
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
    const dir = join(repoRoot, 'plugins', folder);
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
