#!/usr/bin/env node
// `npm run templates:check`: checks the runbook templates (see dev/templateCheck/index.ts). Runs the TypeScript
// sources with Backstage's own Node transform, which `npm ci` installs, so no build is needed.
// `--static` skips the dry runs against the embedded cluster.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('@backstage/cli/config/nodeTransform.cjs');
const { checkTemplates } = require('../dev/templateCheck/index.ts');

const problems = await checkTemplates({
  live: !process.argv.includes('--static'),
});
process.exitCode = problems ? 1 : 0;
// Everything is stopped by now; do not let a stray handle keep CI waiting.
setTimeout(() => process.exit(), 5000).unref();
