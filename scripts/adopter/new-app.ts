import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, YAMLSeq } from 'yaml';
import {
  APP_CONFIG,
  BACKEND_LINES,
  BACKEND_REMOVED,
  WORKSPACE_PACKAGES,
} from './install-lines';
import type { Packed } from './pack';
import { Toolchain } from './toolchain';

/** The create-app release that generates Backstage 1.55.0, the release this repository pins. */
export const CREATE_APP = '@backstage/create-app@0.9.2';

function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  input?: string,
) {
  const result = spawnSync(command, args, {
    cwd,
    env,
    input,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) failed with ${
        result.status ?? result.signal
      }`,
    );
  }
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const writeJson = (path: string, value: unknown) =>
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);

/** A brand-new app from create-app's default template, as an adopter starts: `npx @backstage/create-app`. */
export function createApp(dir: string, tools: Toolchain) {
  run(
    'npx',
    ['-y', CREATE_APP, '--skip-install', '--path', dir],
    join(dir, '..'),
    tools.env,
    'myapp\n',
  );
}

/**
 * The versions of release 1.55.0 for the packages the generated app names, as root `resolutions`. Online, create-app
 * seeds the app's yarn.lock with the release's versions (it fetches the seed from GitHub); here that fetch fails
 * ("Failed to fetch the yarn.lock seed file"), and the caret ranges alone resolve to newer, mismatched packages: the
 * generated app's own backend then fails to start (signals-backend 0.3.21 calls httpRouter.addWebSocketHandler, which
 * backend-defaults 0.18.0 lacks) — with or without GSV Ops. So the test pins what create-app's version map says (the
 * versions it writes with carets). Pinning more — the release's transitive packages at this repository's versions —
 * breaks the backend: newer transitive modules (signals-node, notifications-node, ...) then get a backend-plugin-api
 * without the service refs they use.
 */
export function releasePins(tools: Toolchain) {
  const found = spawnSync(
    'npx',
    [
      '-y',
      '-p',
      CREATE_APP,
      'sh',
      '-c',
      'realpath "$(command -v backstage-create-app)"',
    ],
    { env: tools.env, encoding: 'utf8' },
  );
  const createAppDir = join(found.stdout.trim(), '../..');
  const { packageVersions } = require(join(
    createAppDir,
    'dist/lib/versions.cjs.js',
  ));
  return Object.fromEntries(
    Object.entries<string>(packageVersions).filter(([name]) =>
      name.startsWith('@backstage/'),
    ),
  );
}

/**
 * Adds what the README's install section shows: the dependencies (as `yarn workspace … add` writes them; our packages
 * are not in a registry, so root `resolutions` point every one of them — also where they depend on each other — at
 * its tarball), the backend lines in place of the allow-all policy, and the app-config keys.
 * The frontend needs no line: the generated app-config has `app.packages: all` (feature discovery).
 */
export function addGsvOps(
  dir: string,
  tarballs: Packed,
  pins: Record<string, string>,
) {
  const root = readJson(join(dir, 'package.json'));
  root.resolutions = {
    ...root.resolutions,
    ...pins,
    ...Object.fromEntries(
      Object.entries(tarballs).map(([name, { file }]) => [
        name,
        `file:${file}`,
      ]),
    ),
  };
  writeJson(join(dir, 'package.json'), root);
  for (const [workspace, names] of Object.entries(WORKSPACE_PACKAGES)) {
    const path = join(dir, 'packages', workspace, 'package.json');
    const pkg = readJson(path);
    for (const name of names) {
      pkg.dependencies[name] = `^${tarballs[name].version}`;
    }
    pkg.dependencies = Object.fromEntries(
      Object.entries(pkg.dependencies).sort(([a], [b]) => a.localeCompare(b)),
    );
    writeJson(path, pkg);
  }

  const indexPath = join(dir, 'packages/backend/src/index.ts');
  let index = readFileSync(indexPath, 'utf8');
  if (!index.includes(BACKEND_REMOVED))
    throw new Error(`create-app's backend has no allow-all policy:\n${index}`);
  index = index.replace(BACKEND_REMOVED, '');
  if (!index.includes('backend.start();'))
    throw new Error(`create-app's backend has no backend.start():\n${index}`);
  index = index.replace(
    'backend.start();',
    `${BACKEND_LINES.join('\n')}\n\nbackend.start();`,
  );
  writeFileSync(indexPath, index);

  const configPath = join(dir, 'app-config.yaml');
  const config = parseDocument(readFileSync(configPath, 'utf8'));
  const added = parseDocument(APP_CONFIG);
  for (const key of ['kubernetes', 'gsvOps']) config.set(key, added.get(key));
  const locations = config.getIn(['catalog', 'locations']) as YAMLSeq;
  for (const item of (added.getIn(['catalog', 'locations']) as YAMLSeq).items)
    locations.add(item);
  writeFileSync(configPath, config.toString());
}

/** What the test needs besides the README's lines: ports, an annotated entity, and the guest as one of its owners. */
export function addTestSetup(
  dir: string,
  ports: { app: number; backend: number },
) {
  appendFileSync(
    join(dir, 'examples/entities.yaml'),
    `---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: agent-registry
  annotations:
    backstage.io/kubernetes-id: agent-registry
    backstage.io/kubernetes-namespace: cmp
spec:
  type: service
  lifecycle: production
  owner: guests
  system: examples
`,
  );
  const app = `http://localhost:${ports.app}`;
  const backend = `http://localhost:${ports.backend}`;
  writeFileSync(
    join(dir, 'app-config.local.yaml'),
    `app:
  baseUrl: ${app}
backend:
  baseUrl: ${backend}
  listen:
    port: ${ports.backend}
  cors:
    origin: ${app}
auth:
  providers:
    guest:
      userEntityRef: user:default/guest
      ownershipEntityRefs: [user:default/guest, group:default/guests]
`,
  );
}

/** `yarn install` (create-app's own yarn), with a cache outside the work folder that later runs reuse. */
export function yarnInstall(dir: string, tools: Toolchain) {
  run('yarn', ['install'], dir, {
    ...tools.env,
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false', // CI=true would make it refuse to write yarn.lock
    YARN_ENABLE_TELEMETRY: '0',
    YARN_ENABLE_PROGRESS_BARS: 'false',
  });
}
