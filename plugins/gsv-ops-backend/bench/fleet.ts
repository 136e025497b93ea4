/*
 * GSV Ops fleet benchmark: C embedded clusters of P pods each behind one backend that runs both GSV Ops and the
 * official Kubernetes backend, for C = 1, 10, 50 (by default, 2,000 pods each).
 *
 *   npm run bench:fleet -w @gsv/plugin-gsv-ops-backend -- [--clusters 1,10,50] [--pods 2000] [--viewers 1,20]
 *     [--intervals 10,2] [--duration 60] [--backends gsv-ops,official] [--json out.json]
 *
 * For each C: the backend boots while every cluster is down (its RSS baseline), then the clusters come up and the
 * time until GSV Ops' cache has synced all of them is taken, with the RSS growth. Then, for each poll interval
 * (the official plugin's 10 s and 2 s) and each V, V viewers of agent-registry (present in every cluster) ask
 * each backend for its view for `duration` seconds: API-server requests per cluster per minute (the clusters' own
 * counters) and the viewers' latencies. The platform page (GSV Ops only) is timed the same way. Last, one cluster
 * goes down and another answers every request 5 s late, and both views are timed again.
 *
 * Four processes: the clusters (fleetHost.ts), the backend (backend.ts), the viewers (load.ts) and this one.
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { agentRegistryEntity } from '../src/__fixtures__/platform';
import { Child, percentile, sleep, transform } from './child';

type Backend = 'gsv-ops' | 'official' | 'platform';

interface Options {
  clusters: number[];
  pods: number;
  viewers: number[];
  intervals: number[];
  duration: number;
  backends: Array<'gsv-ops' | 'official'>;
  json?: string;
}

interface Phase {
  clusters: number;
  backend: Backend;
  viewers: number;
  interval: number;
  condition: 'all up' | 'one down, one slow';
  /** API-server requests per cluster per minute: mean over the clusters, and the busiest cluster. */
  perClusterPerMinute: { mean: number; max: number };
  requests: number;
  failures: number;
  p50: number;
  p99: number;
  load: number;
}

const numbers = (value: string) => value.split(',').map(Number);

function parseArgs(argv: string[]): Options {
  const options: Options = { clusters: [1, 10, 50], pods: 2000, viewers: [1, 20], intervals: [10, 2], duration: 60, backends: ['gsv-ops', 'official'] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=');
    const value = inline ?? argv[++i];
    if (flag === '--clusters') options.clusters = numbers(value);
    else if (flag === '--pods') options.pods = Number(value);
    else if (flag === '--viewers') options.viewers = numbers(value);
    else if (flag === '--intervals') options.intervals = numbers(value);
    else if (flag === '--duration') options.duration = Number(value);
    else if (flag === '--backends') options.backends = value.split(',').filter((b): b is 'gsv-ops' | 'official' => b === 'gsv-ops' || b === 'official');
    else if (flag === '--json') options.json = value;
    else throw new Error(`Unknown flag ${flag}`);
  }
  const all = [...options.clusters, ...options.viewers, ...options.intervals, options.pods, options.duration];
  if (all.some(n => !(n > 0))) throw new Error('every count, interval and duration must be a positive number');
  return options;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** One fleet of C clusters: boot, sync, the phases, then everything stopped. */
async function measureFleet(clusters: number, options: Options, load: Child) {
  const host = new Child(
    fork(resolve(__dirname, 'fleetHost.ts'), [], {
      execArgv: ['--max-old-space-size=16384', ...transform],
      env: { ...process.env, GSV_FLEET_CLUSTERS: String(clusters), GSV_FLEET_PODS: String(options.pods) },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    }),
  );
  let backend: Child | undefined;
  try {
    const fleet = await host.next('ready');
    console.log(`C=${clusters}: ${clusters} clusters × ${options.pods} pods started in ${fleet.startSeconds.toFixed(1)} s (cluster process RSS ${mb(fleet.rss)})`);
    const ask = (message: object) => {
      const done = host.next('done');
      host.process.send(message);
      return done;
    };
    for (let index = 0; index < clusters; index++) await ask({ type: 'down', index });
    backend = new Child(
      fork(resolve(__dirname, 'backend.ts'), [], {
        execArgv: ['--expose-gc', '--max-old-space-size=16384', ...transform],
        env: { ...process.env, GSV_BENCH_SETUP: JSON.stringify({ clusters: fleet.clusters, entity: agentRegistryEntity }), LOG_LEVEL: 'error' },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      }),
    );
    const ready = await backend.next('ready');
    const base = `http://127.0.0.1:${ready.port}/api`;
    const auth = mockCredentials.user.header();
    await sleep(2000);
    const baseline = await backend.ask('memory');
    for (let index = 0; index < clusters; index++) await ask({ type: 'up', index });
    const syncStarted = Date.now();
    const syncSeconds = await waitForSync(`${base}/gsv-ops/platform/health`, auth, clusters, syncStarted);
    await sleep(1000);
    const synced = await backend.ask('memory');
    console.log(`C=${clusters}: synced in ${syncSeconds.toFixed(1)} s; backend RSS ${mb(baseline.rss)} → ${mb(synced.rss)} (growth ${mb(synced.rss - baseline.rss)})`);

    const requestOf = (which: Backend) => {
      if (which === 'official') {
        return {
          url: `${base}/kubernetes/services/agent-registry`,
          method: 'POST',
          headers: { Authorization: auth, 'Content-Type': 'application/json' },
          body: JSON.stringify({ entity: agentRegistryEntity, auth: {} }),
        };
      }
      const path = which === 'platform' ? '/gsv-ops/platform/health' : '/gsv-ops/entities/component/default/agent-registry/view';
      return { url: `${base}${path}`, method: 'GET', headers: { Authorization: auth } };
    };
    const run = async (which: Backend, viewers: number, interval: number, condition: Phase['condition']): Promise<Phase> => {
      process.stdout.write(`C=${clusters} ${condition} ${which} V=${viewers} every ${interval} s… `);
      const warmed = load.next('warmed');
      const done = load.next('done');
      load.process.send({ type: 'run', ...requestOf(which), viewers, durationMs: options.duration * 1000, intervalMs: interval * 1000 });
      await warmed;
      const before = (await host.ask('counters')).totals as number[];
      const { latencies, failures } = await done;
      const after = (await host.ask('counters')).totals as number[];
      const minutes = options.duration / 60;
      const perCluster = after.map((total, i) => (total - before[i]) / minutes);
      latencies.sort((a: number, b: number) => a - b);
      const phase: Phase = {
        clusters, backend: which, viewers, interval, condition,
        perClusterPerMinute: { mean: perCluster.reduce((a, b) => a + b, 0) / clusters, max: Math.max(...perCluster) },
        requests: latencies.length, failures, p50: percentile(latencies, 50), p99: percentile(latencies, 99), load: loadavg()[0],
      };
      console.log(`${phase.perClusterPerMinute.mean.toFixed(1)} req/cluster/min, p50 ${phase.p50.toFixed(1)} ms, p99 ${phase.p99.toFixed(1)} ms`);
      return phase;
    };

    const phases: Phase[] = [];
    for (const interval of options.intervals) {
      for (const viewers of options.viewers) {
        for (const which of options.backends) phases.push(await run(which, viewers, interval, 'all up'));
      }
      phases.push(await run('platform', 1, interval, 'all up'));
    }
    if (clusters >= 3) {
      await ask({ type: 'down', index: 0 });
      await ask({ type: 'slow', index: 1, ms: 5000 });
      const interval = Math.min(...options.intervals);
      for (const which of [...options.backends, 'platform' as const]) phases.push(await run(which, 1, interval, 'one down, one slow'));
      await ask({ type: 'clear' });
    }
    const after = await backend.ask('memory');
    return { clusters, pods: options.pods, startSeconds: fleet.startSeconds, syncSeconds, memory: { baseline, synced, after }, phases };
  } finally {
    if (backend) await backend.ask('stop', 'stopped').catch(() => undefined);
    await host.ask('stop', 'stopped').catch(() => undefined);
  }
}

async function waitForSync(url: string, auth: string, clusters: number, since: number): Promise<number> {
  for (;;) {
    const res = await fetch(url, { headers: { Authorization: auth } });
    if (res.ok) {
      const view: any = await res.json();
      const synced = (view.clusters ?? []).filter((c: any) => c.synced && !c.error).length;
      if (synced === clusters) return (Date.now() - since) / 1000;
    }
    if (Date.now() - since > 600_000) throw new Error('the cache did not sync every cluster within 10 minutes');
    await sleep(250);
  }
}

function printFleet(result: Awaited<ReturnType<typeof measureFleet>>) {
  const { clusters, memory } = result;
  console.log('');
  console.log(`### ${clusters} cluster(s) × ${result.pods} pods`);
  console.log(`synced in ${result.syncSeconds.toFixed(1)} s; backend RSS growth ${mb(memory.synced.rss - memory.baseline.rss)} (${mb(memory.after.rss)} after the load)`);
  console.log('');
  console.log('| condition | view | V | every | API-server req/cluster/min (mean, max) | viewer requests | failures | p50 | p99 | load |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const p of result.phases) {
    console.log(
      `| ${p.condition} | ${p.backend} | ${p.viewers} | ${p.interval} s | ${p.perClusterPerMinute.mean.toFixed(1)}, ${p.perClusterPerMinute.max.toFixed(0)} | ${p.requests} | ${p.failures} | ${p.p50.toFixed(1)} ms | ${p.p99.toFixed(1)} ms | ${p.load.toFixed(1)} |`,
    );
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const load = new Child(fork(resolve(__dirname, 'load.ts'), [], { execArgv: transform, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
  await load.next('ready');
  const results = [];
  try {
    for (const clusters of options.clusters) {
      const result = await measureFleet(clusters, options, load);
      printFleet(result);
      results.push(result);
    }
    if (options.json) writeFileSync(options.json, JSON.stringify({ options, results }, null, 2));
  } finally {
    load.process.send({ type: 'stop' });
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
