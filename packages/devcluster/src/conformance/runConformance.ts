import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevCluster, type DevCluster } from '../cluster/startDevCluster';
import { formatResult, type CaseResult } from './battery';
import { runKubectlBattery } from './kubectlBattery';
import { kubectlReadCases } from './kubectlReadCases';
import { kubectlWriteCases } from './kubectlWriteCases';

/**
 * The real-client conformance battery: kubectl, @kubernetes/client-node and the Python `kubernetes` client each
 * run their committed cases against a fresh embedded cluster; every case prints `PASS|FAIL <client>: <name>`, and
 * the run ends with `N passed, N failed`. `npm run conformance -w @gsv/devcluster [-- kubectl|client-node|python]`.
 */

const CLIENTS = ['kubectl', 'client-node', 'python'] as const;

// The battery runs from source inside this repository (bin/conformance); it is never bundled.
// eslint-disable-next-line no-restricted-syntax
const HERE = __dirname;
type Client = (typeof CLIENTS)[number];

function pythonExecutable(): string {
  if (process.env.GSV_CONFORMANCE_PYTHON) return process.env.GSV_CONFORMANCE_PYTHON;
  // Debian's python3-kubernetes lives in the system interpreter's dist-packages, not in a pyenv or venv one.
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

/** Runs a battery in a child process that prints one JSON CaseResult per line. */
function runChildBattery(client: Client, command: string, args: string[], report: (result: CaseResult) => void): Promise<void> {
  return new Promise(resolve => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let buffer = '';
    let stderr = '';
    let reported = 0;
    child.stdout.on('data', chunk => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines.filter(Boolean)) {
        reported++;
        report(JSON.parse(line) as CaseResult);
      }
    });
    child.stderr.on('data', chunk => {
      stderr += chunk.toString();
    });
    child.on('error', error => {
      report({ client, name: 'battery runs', ok: false, detail: error.message });
      resolve();
    });
    child.on('close', code => {
      if (code !== 0 || reported === 0) report({ client, name: 'battery runs to the end', ok: false, detail: `exit ${code}: ${stderr.trim().slice(-600)}` });
      resolve();
    });
  });
}

async function runClient(client: Client, cluster: DevCluster, directory: string, report: (result: CaseResult) => void): Promise<void> {
  const kubeconfigs = { admin: join(directory, 'admin.kubeconfig'), viewer: join(directory, 'viewer.kubeconfig'), backend: join(directory, 'backend.kubeconfig') };
  for (const [user, file] of Object.entries(kubeconfigs)) writeFileSync(file, cluster.kubeconfig(user as 'admin'));
  if (client === 'kubectl') {
    await runKubectlBattery({ kubeconfigs, directory }, [...kubectlReadCases, ...kubectlWriteCases], report);
  } else if (client === 'client-node') {
    await runChildBattery(client, process.execPath, [join(HERE, 'clientNodeBattery.mjs'), kubeconfigs.admin, kubeconfigs.viewer], report);
  } else {
    await runChildBattery(client, pythonExecutable(), [join(HERE, 'pythonBattery.py'), kubeconfigs.admin, kubeconfigs.viewer], report);
  }
}

/** While the client worked, the controllers must have run without errors and written only what the schemas allow. */
function schemaCheck(client: Client, cluster: DevCluster): CaseResult {
  const problems = [
    ...cluster.schemaViolations.flatMap(violation => violation.problems.map(problem => `${violation.kind} ${violation.name}: ${problem}`)),
    ...cluster.controllerErrors.map(failure => `controller ${failure.controller} (${failure.key}): ${failure.error}`),
  ];
  const name = 'the seed and the controllers wrote only what the schemas allow, without errors';
  return problems.length ? { client, name, ok: false, detail: [...new Set(problems)].slice(0, 5).join('; ') } : { client, name, ok: true };
}

export async function runConformance(requested: string[] = []): Promise<{ passed: number; failed: number }> {
  const clients = CLIENTS.filter(client => requested.length === 0 || requested.includes(client));
  const totals = { passed: 0, failed: 0 };
  const root = mkdtempSync(join(tmpdir(), 'gsv-conformance-'));
  try {
    for (const client of clients) {
      const started = performance.now();
      const counts = { passed: 0, failed: 0 };
      const directory = join(root, client);
      mkdirSync(directory);
      const cluster = await startDevCluster({ port: 0, clock: { speed: 30 }, monitoring: false });
      const report = (result: CaseResult) => {
        counts[result.ok ? 'passed' : 'failed']++;
        process.stdout.write(`${formatResult(result)}\n`);
      };
      try {
        await runClient(client, cluster, directory, report);
        report(schemaCheck(client, cluster));
      } finally {
        await cluster.stop();
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(`${client}: ${counts.passed} passed, ${counts.failed} failed (${seconds} s)\n`);
      totals.passed += counts.passed;
      totals.failed += counts.failed;
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  process.stdout.write(`${totals.passed} passed, ${totals.failed} failed\n`);
  return totals;
}
