#!/usr/bin/env node
// `npm start`: installs what is missing, starts the embedded cluster, then the Backstage backend and app together,
// and stops all of them on Ctrl-C. Options: --skip-install, --no-devcluster (use the clusters of your own
// app-config.local.yaml instead), --devcluster-port <port> (default 6443). Runs on the Node.js that runs it (22 or 24;
// 20 still works but is end of life); the native addons are rebuilt for it when another Node.js built them.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { npmEnvForThisNode } from './native-modules.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = name => args.includes(name);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 && args[index + 1] ? args[index + 1] : fallback;
};

const stateDir = join(root, '.devcluster');
const envFile = join(stateDir, 'backstage.env');
const devclusterPort = option('--devcluster-port', '6443');
const children = [];
let stopping = false;

function log(message) {
  process.stdout.write(`[gsv-ops] ${message}\n`);
}

function installIfNeeded() {
  const lock = readFileSync(join(root, 'package-lock.json'));
  const digest = createHash('sha256').update(lock).digest('hex');
  const stamp = join(root, 'node_modules', '.gsv-install-stamp');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) {
    return;
  }
  log('Installing dependencies (npm ci: several minutes on a fresh clone, 6 on a busy 2-core machine)...');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    env: npmEnvForThisNode(), // the addons are compiled for this Node.js
  });
  if (result.status !== 0) {
    log('npm ci failed; see the output above.');
    process.exit(result.status ?? 1);
  }
  writeFileSync(stamp, digest);
}

// The native addons (better-sqlite3, ...) must match this Node.js: after a run on another Node.js they are rebuilt.
function ensureNativeModules() {
  const script = join(root, 'scripts', 'native-modules.mjs');
  const result = spawnSync(process.execPath, [script, 'ensure'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    log('The native modules do not load in this Node.js; see the output above.');
    process.exit(result.status ?? 1);
  }
}

function warnUnsupportedNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 22 && major !== 24) {
    log(`Node.js ${process.version} is not supported (Node.js 22 and 24 are; 20 is end of life): starting anyway.`);
  }
}

function start(name, command, commandArgs, env) {
  const child = spawn(command, commandArgs, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${signal ?? code}); stopping everything.`);
      stopAll(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

function stopAll(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  setTimeout(() => {
    for (const child of children) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    process.exit(exitCode);
  }, 5000).unref();
  Promise.all(children.map(child => new Promise(r => (child.exitCode !== null ? r() : child.on('exit', r))))).then(
    () => process.exit(exitCode),
  );
}

function readEnvFile(path) {
  const env = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) env[match[1]] = match[2];
  }
  return env;
}

async function waitForFile(path, timeoutMs, since) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(path) && readFileSync(path, 'utf8').includes('GSV_DEVCLUSTER_TOKEN=')) {
      const { mtimeMs } = await import('node:fs').then(fs => fs.statSync(path));
      if (mtimeMs >= since) return;
    }
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`The embedded cluster did not write ${path} within ${timeoutMs / 1000}s`);
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

warnUnsupportedNode();
if (!flag('--skip-install')) {
  installIfNeeded();
}
ensureNativeModules();

let clusterEnv = {};
if (!flag('--no-devcluster')) {
  mkdirSync(stateDir, { recursive: true });
  const since = Date.now() - 1000;
  log(`Starting the embedded cluster on https://127.0.0.1:${devclusterPort} ...`);
  start('embedded cluster', process.execPath, [
    join(root, 'packages/devcluster/bin/gsv-devcluster'),
    '--port',
    devclusterPort,
    '--name',
    'gsv-dev',
    '--state-dir',
    stateDir,
    // where a second cluster (`gsv-devcluster --name gsv-prod --gitops-dir .devcluster/gitops.git`) finds the same repository
    '--gitops-dir',
    join(stateDir, 'gitops.git'),
    '--kubeconfig',
    join(stateDir, 'kubeconfig'),
    '--env-out', // not --env-file: Node 20 takes that flag for itself wherever it appears
    envFile,
  ]);
  await waitForFile(envFile, 60_000, since);
  clusterEnv = readEnvFile(envFile);
  log(`Embedded cluster ready. kubectl: KUBECONFIG=${join(stateDir, 'kubeconfig')} kubectl get pods -A`);
}

log('Starting the Backstage backend (http://localhost:7007) and app (http://localhost:3000) ...');
start('backstage', join(root, 'node_modules/.bin/backstage-cli'), ['repo', 'start'], {
  ...clusterEnv,
  BROWSER: 'none',
});
