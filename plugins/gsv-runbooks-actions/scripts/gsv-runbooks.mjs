#!/usr/bin/env node
// `gsv-runbooks check [<dir>] [--static] [--owner <ref>] [--kubeconfig <file> [--context <name>] [--environment <env>]]`:
// checks runbook templates — this package's own (`npm run templates:check`) or those of a curators' repository — see
// dev/templateCheck/index.ts. Runs the TypeScript sources with Backstage's own Node transform (@backstage/cli), so it
// runs from a checkout of the GSV Ops repository (after `npm ci`), not from the published package (see the README).
// `--static` skips the dry runs; `--kubeconfig` runs them against that cluster (reads and dryRun=All only) instead of
// the embedded one. Exit codes: 0 fine, 1 problems found, 2 wrong usage.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const USAGE =
  'Usage: gsv-runbooks check [<dir>] [--static] [--owner <ref>] ' +
  '[--kubeconfig <file> [--context <name>] [--environment <env>]]';
const SOURCES = new URL('../dev/templateCheck/index.ts', import.meta.url);

function usage(problem) {
  process.stderr.write(`${problem ? `${problem}\n` : ''}${USAGE}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      static: { type: 'boolean' },
      owner: { type: 'string' },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      environment: { type: 'string' },
    },
  });
} catch (error) {
  usage(error.message);
}
const { values, positionals } = parsed;
const [command, ...dirs] = positionals;
if (command !== 'check' || dirs.length > 1) usage();
if ((values.context || values.environment) && !values.kubeconfig)
  usage('--context and --environment go with --kubeconfig');
if (values.static && values.kubeconfig)
  usage('--static runs no dry runs: it takes no --kubeconfig');
const dir = dirs[0] ? path.resolve(dirs[0]) : undefined;
if (dir && !fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory())
  usage(`${dirs[0]} is not a directory`);

const require = createRequire(import.meta.url);
if (!fs.existsSync(SOURCES)) {
  process.stderr.write(
    'gsv-runbooks check runs from a checkout of the GSV Ops repository: it runs this package’s TypeScript sources\n' +
      'with its dev dependencies (the embedded cluster, a test backend), which the published package does not ship.\n' +
      'Clone the repository, run `npm ci` in it, then, in the checkout:\n' +
      '  npx gsv-runbooks check /path/to/your/templates [--kubeconfig <file> --context <name>]\n',
  );
  process.exit(2);
}
require('@backstage/cli/config/nodeTransform.cjs');
const check = require('../dev/templateCheck/index.ts');

const owner = check.ownerRef(values.owner ?? check.DEFAULT_OWNER);
if (!owner)
  usage(
    `--owner ${values.owner} is not an entity ref such as group:default/platform-team`,
  );
let target;
if (values.kubeconfig) {
  try {
    target = check.clusterFromKubeconfig(values);
  } catch (error) {
    usage(`--kubeconfig ${values.kubeconfig}: ${error.message}`);
  }
}

const problems = await check.checkTemplates({
  live: !values.static,
  owner,
  ...(dir ? { dir } : {}),
  ...(target ? { target } : {}),
});
process.exitCode = problems ? 1 : 0;
// Everything is stopped by now; do not let a stray handle keep CI waiting.
setTimeout(() => process.exit(), 5000).unref();
