/*
 * GSV Ops read-path benchmark: the devcluster in scale mode, V concurrent viewers of one service, GSV Ops' view
 * side by side with the official Kubernetes backend's workloads endpoint for the same entity and cluster, in the
 * same backend process and the same run.
 *
 *   npm run bench -w @gsv/plugin-gsv-ops-backend -- [--duration 60] [--viewers 1,5,20] [--interval 2] [--pods 10000]
 *     [--backends gsv-ops,official] [--pause 5] [--json out.json]
 *
 * For each V and each backend, V viewers each request the view every `interval` seconds for `duration` seconds;
 * the figures are the requests that reached the API server in that window (the devcluster's request counters) and
 * the latency percentiles of the viewers' requests. The cache's RSS growth is measured in the backend process after
 * a full GC: booted while the cluster is down (baseline), then after the cache synced.
 *
 * Three processes: this one runs the devcluster (the "API server", with its simulation), one runs the backend, one
 * the viewers, so the latencies are timed on an event loop of their own. The machine's load average is printed
 * with the figures: on a shared machine, other work shows in the latencies of both backends.
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { startDevCluster } from '@gsv/devcluster';
import { agentRegistryEntity } from '../src/__fixtures__/platform';
import { Child, percentile, sleep, transform } from './child';

interface Options {
  duration: number;
  viewers: number[];
  backends: Array<'gsv-ops' | 'official'>;
  interval: number;
  pods: number;
  /** Seconds between phases, so one phase's leftovers (in-flight lists, garbage) do not bleed into the next. */
  pause: number;
  json?: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { duration: 60, viewers: [1, 5, 20], backends: ['gsv-ops', 'official'], interval: 2, pods: 10_000, pause: 5 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=');
    const value = inline ?? argv[++i];
    switch (flag) {
      case '--duration':
        options.duration = Number(value);
        break;
      case '--viewers':
        options.viewers = value.split(',').map(Number);
        break;
      case '--backends':
        options.backends = value.split(',').filter((b): b is Options['backends'][number] => b === 'gsv-ops' || b === 'official');
        break;
      case '--interval':
        options.interval = Number(value);
        break;
      case '--pause':
        options.pause = Number(value);
        break;
      case '--pods':
        options.pods = Number(value);
        break;
      case '--json':
        options.json = value;
        break;
      default:
        throw new Error(`Unknown flag ${flag}`);
    }
  }
  for (const [name, n] of Object.entries({ duration: options.duration, interval: options.interval, pods: options.pods })) {
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  }
  if (options.viewers.some(v => !Number.isInteger(v) || v < 1)) throw new Error('--viewers must be positive integers');
  return options;
}

interface PhaseResult {
  backend: 'gsv-ops' | 'official';
  viewers: number;
  apiRequests: number;
  requests: number;
  failures: number;
  p50: number;
  p99: number;
  /** 1-minute load average at the end of the phase. */
  load: number;
  /** In the backend process during the phase: worst event-loop delays and GC pauses (ms). */
  backendStalls: { eventLoopDelayP99: number; eventLoopDelayMax: number; gcCount: number; gcMaxMs: number };
}


async function main() {
  const options = parseArgs(process.argv.slice(2));
  console.log(`devcluster in scale mode with ${options.pods} pods…`);
  // no embedded Prometheus: its scrapes of every pod would show in the API server's latencies
  const cluster = await startDevCluster({ port: 0, name: 'gsv-dev', scale: { pods: options.pods }, monitoring: false });
  const auth = mockCredentials.user.header();
  let child: Child | undefined;
  let load: Child | undefined;
  try {
    load = new Child(fork(resolve(__dirname, 'load.ts'), [], { execArgv: transform, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
    await load.next('ready');
    // Boot the backend while the cluster is down: the memory baseline holds everything but the cache.
    await cluster.faults.down();
    const setup = {
      clusters: [{ name: 'gsv-dev', url: cluster.url, caData: cluster.caData, token: cluster.tokens.backend }],
      entity: agentRegistryEntity,
    };
    child = new Child(
      fork(resolve(__dirname, 'backend.ts'), [], {
        execArgv: ['--expose-gc', ...transform],
        env: { ...process.env, GSV_BENCH_SETUP: JSON.stringify(setup), LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      }),
    );
    const ready = await child.next('ready');
    const base = `http://127.0.0.1:${ready.port}/api`;
    await sleep(2000);
    const baseline = await child.ask('memory');

    await cluster.faults.up();
    const syncStarted = Date.now();
    for (;;) {
      // (the entity view, not the platform view: a platform view in use is recomputed on every change)
      const res = await fetch(`${base}/gsv-ops/entities/component/default/agent-registry/view`, { headers: { Authorization: auth } });
      const body: any = await res.json();
      const status = body.clusters?.[0]?.cluster;
      if (status?.synced && !status.error) break;
      if (Date.now() - syncStarted > 180_000) throw new Error(`cache did not sync: ${JSON.stringify(status)}`);
      await sleep(250);
    }
    const syncSeconds = (Date.now() - syncStarted) / 1000;
    await sleep(1000);
    const synced = await child.ask('memory');

    const view = `${base}/gsv-ops/entities/component/default/agent-registry/view`;
    const official = `${base}/kubernetes/services/agent-registry`;
    const officialBody = JSON.stringify({ entity: agentRegistryEntity, auth: {} });
    const requestOf = (backend: PhaseResult['backend']): { url: string; method: 'GET' | 'POST'; headers: Record<string, string>; body?: string } =>
      backend === 'gsv-ops'
        ? { url: view, method: 'GET', headers: { Authorization: auth } }
        : { url: official, method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: officialBody };
    const call = (backend: PhaseResult['backend']) => {
      const { url, ...init } = requestOf(backend);
      return fetch(url, init);
    };

    // warm both paths once (not counted)
    for (const backend of ['gsv-ops', 'official'] as const) {
      const res = await call(backend);
      if (!res.ok) throw new Error(`${backend} answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    }

    const results: PhaseResult[] = [];
    for (const viewers of options.viewers) {
      for (const backend of options.backends) {
        await sleep(options.pause * 1000);
        process.stdout.write(`V=${viewers} ${backend}: ${options.duration} s… `);
        await child.ask('phase-start', 'phase-started');
        const warmed = load.next('warmed');
        const done = load.next('done');
        load.process.send({
          type: 'run',
          ...requestOf(backend),
          viewers,
          durationMs: options.duration * 1000,
          intervalMs: options.interval * 1000,
        });
        await warmed;
        // the counters, not the retained entries: the log keeps the last 50,000 only
        const before = cluster.requestLog.stats();
        const { latencies, failures } = (await done) as { latencies: number[]; failures: number };
        const counters = cluster.requestLog.stats();
        const apiRequests = counters.total - before.total;
        const byVerb = Object.entries(counters.byVerb)
          .map(([verb, n]) => [verb, n - (before.byVerb[verb] ?? 0)] as const)
          .filter(([, n]) => n > 0)
          .map(([verb, n]) => `${n} ${verb}`)
          .join(', ');
        const stats = await child.ask('phase-end', 'phase-stats');
        latencies.sort((a, b) => a - b);
        const result = {
          backend,
          viewers,
          apiRequests,
          requests: latencies.length,
          failures,
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          load: loadavg()[0],
          backendStalls: {
            eventLoopDelayP99: stats.eventLoopDelay.p99,
            eventLoopDelayMax: stats.eventLoopDelay.max,
            gcCount: stats.gc.count,
            gcMaxMs: stats.gc.maxMs,
          },
        };
        results.push(result);
        console.log(
          `${apiRequests} API-server requests${byVerb ? ` (${byVerb})` : ''}, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms ` +
            `(backend: event-loop delay p99 ${result.backendStalls.eventLoopDelayP99.toFixed(0)} ms, max ${result.backendStalls.eventLoopDelayMax.toFixed(0)} ms; ` +
            `${result.backendStalls.gcCount} GCs, longest ${result.backendStalls.gcMaxMs.toFixed(0)} ms)`,
        );
      }
    }
    const after = await child.ask('memory');

    const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
    console.log('');
    console.log(`Devcluster: ${options.pods} pods; each viewer asks every ${options.interval} s for ${options.duration} s; ${cpus().length} CPUs.`);
    console.log('');
    console.log('| V | backend | API-server requests | viewer requests | failures | p50 | p99 | load avg |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const r of results) {
      console.log(
        `| ${r.viewers} | ${r.backend} | ${r.apiRequests} | ${r.requests} | ${r.failures} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.load.toFixed(1)} |`,
      );
    }
    console.log('');
    for (const viewers of options.backends.length === 2 ? options.viewers : []) {
      const ours = results.find(r => r.viewers === viewers && r.backend === 'gsv-ops')!;
      const theirs = results.find(r => r.viewers === viewers && r.backend === 'official')!;
      const times = (a: number, b: number) => `${(a / b).toFixed(a / b >= 100 ? 0 : 1)}×`;
      console.log(
        `V=${viewers}: API-server requests official ${theirs.apiRequests} vs GSV Ops ${ours.apiRequests}` +
          `${ours.apiRequests === 0 ? ' (served from the watch cache)' : ` (${times(theirs.apiRequests, ours.apiRequests)})`}; ` +
          `p50 ${theirs.p50.toFixed(1)} vs ${ours.p50.toFixed(1)} ms (${times(theirs.p50, ours.p50)}), ` +
          `p99 ${theirs.p99.toFixed(1)} vs ${ours.p99.toFixed(1)} ms (${times(theirs.p99, ours.p99)})`,
      );
    }
    console.log('');
    console.log(`Cache: synced in ${syncSeconds.toFixed(1)} s; backend RSS ${mb(baseline.rss)} before the cache, ${mb(synced.rss)} synced (growth ${mb(synced.rss - baseline.rss)}, heap growth ${mb(synced.heapUsed - baseline.heapUsed)}), ${mb(after.rss)} after the load`);
    if (options.json) {
      writeFileSync(options.json, JSON.stringify({ options, syncSeconds, memory: { baseline, synced, after }, results }, null, 2));
    }
  } finally {
    load?.process.send({ type: 'stop' });
    if (child) await child.ask('stop', 'stopped').catch(() => undefined);
    await cluster.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
