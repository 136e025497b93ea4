/*
 * GSV Ops log search benchmark: the Ops tab's log search (`GET …/logs`) over the embedded cluster's container logs,
 * timed at the backend's HTTP API, with the window chosen so that one search reads more than 10,000 lines.
 *
 *   npm run bench:logs -w @gsv/plugin-gsv-ops-backend -- [--since 10800] [--runs 20]
 *
 * Two processes: this one runs the devcluster (the API server that renders the pods' logs), a child runs the
 * backend (bench/backend.ts). Each query is one search as the Ops tab sends it: the backend reads every container
 * log of agent-registry's pods in the window from the pod log API (nothing is cached), parses and classifies each
 * line, counts the guide's patterns and filters; the time is the whole round trip, API server included.
 */
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { startDevCluster } from '@gsv/devcluster';
import type { EntityLogs } from '@gsv/plugin-gsv-ops-common';
import { agentRegistryEntity } from '../src/__fixtures__/platform';
import { Child, percentile, sleep, transform } from './child';

interface Options {
  since: number;
  runs: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { since: 10_800, runs: 20 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=');
    const value = Number(inline ?? argv[++i]);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${flag} needs a positive whole number`);
    if (flag === '--since') options.since = value;
    else if (flag === '--runs') options.runs = value;
    else throw new Error(`Unknown flag ${flag}`);
  }
  return options;
}

const QUERIES: Array<{ name: string; query: Record<string, string> }> = [
  { name: 'newest 500, no filter', query: {} },
  { name: "pattern 'errors'", query: { pattern: 'errors' } },
  { name: "free text 'timed out'", query: { search: 'timed out' } },
  { name: "pattern 'connection', text 'pool at 7'", query: { pattern: 'connection', search: 'pool at 7' } },
];

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const cluster = await startDevCluster({ port: 0, name: 'gsv-dev', monitoring: false });
  let child: Child | undefined;
  try {
    const setup = {
      clusters: [{ name: 'gsv-dev', url: cluster.url, caData: cluster.caData, token: cluster.tokens.backend }],
      entity: agentRegistryEntity,
    };
    child = new Child(
      fork(resolve(__dirname, 'backend.ts'), [], {
        execArgv: transform,
        env: { ...process.env, GSV_BENCH_SETUP: JSON.stringify(setup), LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      }),
    );
    const ready = await child.next('ready');
    const entity = `http://127.0.0.1:${ready.port}/api/gsv-ops/entities/component/default/agent-registry`;
    const headers = { Authorization: mockCredentials.user.header() };
    for (let synced = false; !synced; await sleep(250)) {
      const body: any = await (await fetch(`${entity}/view`, { headers })).json();
      synced = Boolean(body.clusters?.[0]?.cluster?.synced);
    }

    console.log(`Log search over agent-registry's pods, the last ${options.since} s, ${options.runs} runs per query`);
    console.log('| query | lines read | matching | p50 ms | p95 ms | max ms |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const { name, query } of QUERIES) {
      const params = new URLSearchParams({ cluster: 'gsv-dev', sinceSeconds: String(options.since), limit: '500', ...query });
      const times: number[] = [];
      let answer: EntityLogs | undefined;
      // one unmeasured run warms the connections and the code paths
      for (let run = 0; run <= options.runs; run++) {
        const started = performance.now();
        const res = await fetch(`${entity}/logs?${params}`, { headers });
        if (!res.ok) throw new Error(`${name}: ${res.status} ${await res.text()}`);
        answer = (await res.json()) as EntityLogs;
        if (run > 0) times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const matching = query.pattern || query.search ? String(answer!.lines.length) : `${answer!.lines.length} shown`;
      console.log(
        `| ${name} | ${answer!.scanned} | ${matching} | ${percentile(times, 50).toFixed(0)} | ${percentile(times, 95).toFixed(0)} | ${times[times.length - 1].toFixed(0)} |`,
      );
      if (answer!.errors.length) console.log(`  errors: ${JSON.stringify(answer!.errors)}`);
    }
    console.log(`load average (1 min) at the end: ${loadavg()[0].toFixed(2)}`);
  } finally {
    if (child) await child.ask('stop', 'stopped');
    await cluster.stop();
  }
}

// A benchmark script: exit explicitly, since undici's keep-alive sockets to the stopped children would hold the loop.
main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
