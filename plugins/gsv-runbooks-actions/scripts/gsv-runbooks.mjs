#!/usr/bin/env node
// `gsv-runbooks check [<dir>] [--static]`: checks runbook templates — this package's own (`npm run templates:check`)
// or those of a curators' repository — see dev/templateCheck/index.ts. Runs the TypeScript sources with Backstage's
// own Node transform (@backstage/cli), so no build is needed. `--static` skips the dry runs against the embedded
// cluster. Exit codes: 0 fine, 1 problems found, 2 wrong usage.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const USAGE = 'Usage: gsv-runbooks check [<dir>] [--static]';
const [command, ...rest] = process.argv.slice(2);
const dirs = rest.filter(arg => !arg.startsWith('--'));
const unknown = rest.filter(arg => arg.startsWith('--') && arg !== '--static');
if (command !== 'check' || dirs.length > 1 || unknown.length) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
const dir = dirs[0] ? path.resolve(dirs[0]) : undefined;
if (dir && !fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
  process.stderr.write(`${dirs[0]} is not a directory\n${USAGE}\n`);
  process.exit(2);
}

const require = createRequire(import.meta.url);
require('@backstage/cli/config/nodeTransform.cjs');
const { checkTemplates } = require('../dev/templateCheck/index.ts');

const problems = await checkTemplates({
  live: !rest.includes('--static'),
  ...(dir ? { dir } : {}),
});
process.exitCode = problems ? 1 : 0;
// Everything is stopped by now; do not let a stray handle keep CI waiting.
setTimeout(() => process.exit(), 5000).unref();
