/*
 * GSV Ops fleet benchmark: C embedded clusters of P pods each behind one backend that runs both GSV Ops and the
 * official Kubernetes backend, for C = 1, 10, 50 (by default, 2,000 pods each).
 *
 *   npm run bench:fleet -w @gsv/plugin-gsv-ops-backend -- [--clusters 1,10,50] [--pods 2000] [--viewers 1,20]
 *     [--intervals 10,2] [--duration 60] [--backends gsv-ops,official] [--replicas 2] [--pg-port 54339]
 *     [--json out.json]
 *
 * For each C: the backend boots while every cluster is down (its RSS baseline), then the clusters come up and the
 * time until GSV Ops' cache has synced all of them is taken, with the RSS growth. Then, for each poll interval
 * (the official plugin's 10 s and 2 s) and each V, V viewers of agent-registry (present in every cluster) ask
 * each backend for its view for `duration` seconds: API-server requests per cluster per minute (the clusters' own
 * counters) and the viewers' latencies. The platform page (GSV Ops only) is timed the same way. Then one cluster
 * goes down and another answers every request 5 s late, and the views are timed again. Last (with --replicas 2,
 * the default), two replicas on one throwaway PostgreSQL: the sync, what each holds (RSS growth), and the
 * API-server requests per cluster while the largest V views one of them.
 *
 * Processes: the clusters (fleetHost.ts), the backend replicas (backend.ts), the viewers (load.ts) and this one.
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Child, sleep, transform } from './child';
import { FleetHost, Replica, runPhase, type Phase } from './fleetRun';
import { startPostgres, type BenchPostgres } from './postgres';

interface Options {
  clusters: number[];
  pods: number;
  viewers: number[];
  intervals: number[];
  duration: number;
  backends: Array<'gsv-ops' | 'official'>;
  replicas: number;
  pgPort: number;
  json?: string;
}

const numbers = (value: string) => value.split(',').map(Number);

function parseArgs(argv: string[]): Options {
  const options: Options = {
    clusters: [1, 10, 50], pods: 2000, viewers: [1, 20], intervals: [10, 2], duration: 60,
    backends: ['gsv-ops', 'official'], replicas: 2, pgPort: 54339,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=');
    const value = inline ?? argv[++i];
    if (flag === '--clusters') options.clusters = numbers(value);
    else if (flag === '--pods') options.pods = Number(value);
    else if (flag === '--viewers') options.viewers = numbers(value);
    else if (flag === '--intervals') options.intervals = numbers(value);
    else if (flag === '--duration') options.duration = Number(value);
    else if (flag === '--backends') options.backends = value.split(',').filter((b): b is 'gsv-ops' | 'official' => b === 'gsv-ops' || b === 'official');
    else if (flag === '--replicas') options.replicas = Number(value);
    else if (flag === '--pg-port') options.pgPort = Number(value);
    else if (flag === '--json') options.json = value;
    else throw new Error(`Unknown flag ${flag}`);
  }
  const all = [...options.clusters, ...options.viewers, ...options.intervals, options.pods, options.duration];
  if (all.some(n => !(n > 0))) throw new Error('every count, interval and duration must be a positive number');
  if (options.replicas !== 1 && options.replicas !== 2) throw new Error('--replicas is 1 or 2');
  return options;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** One backend over the fleet: boot with every cluster down, sync, the phases all up, then one down and one slow. */
async function singleReplica(host: FleetHost, load: Child, options: Options) {
  const clusters = host.ready.clusters.length;
  await host.setAll('down');
  const replica = await Replica.start(host.ready.clusters);
  try {
    await sleep(2000);
    const baseline = await replica.rss();
    await host.setAll('up');
    const syncSeconds = await replica.waitForSync(clusters, Date.now());
    await sleep(1000);
    const synced = await replica.rss();
    console.log(`C=${clusters}: synced in ${syncSeconds.toFixed(1)} s; backend RSS ${mb(baseline)} → ${mb(synced)} (growth ${mb(synced - baseline)})`);
    const parts = { host, replica, load };
    const phases: Phase[] = [];
    const { duration } = options;
    for (const interval of options.intervals) {
      for (const viewers of options.viewers) {
        for (const view of options.backends) phases.push(await runPhase(parts, { view, viewers, interval, duration, condition: 'all up' }));
      }
      phases.push(await runPhase(parts, { view: 'platform', viewers: 1, interval, duration, condition: 'all up' }));
    }
    if (clusters >= 3) {
      await host.send({ type: 'down', index: 0 });
      await host.send({ type: 'slow', index: 1, ms: 5000 });
      const interval = Math.min(...options.intervals);
      for (const view of [...options.backends, 'platform' as const]) {
        phases.push(await runPhase(parts, { view, viewers: 1, interval, duration, condition: 'one down, one slow' }));
      }
      await host.send({ type: 'clear' });
    }
    return { syncSeconds, rss: { baseline, synced, after: await replica.rss() }, phases };
  } finally {
    await replica.stop();
  }
}

/** Two replicas on one PostgreSQL: each syncs and holds the whole fleet; the viewers use the first. */
async function twoReplicas(host: FleetHost, load: Child, options: Options, database: string) {
  const clusters = host.ready.clusters.length;
  await host.setAll('down');
  const replicas = await Promise.all([Replica.start(host.ready.clusters, database), Replica.start(host.ready.clusters, database)]);
  try {
    await sleep(2000);
    const baseline = await Promise.all(replicas.map(r => r.rss()));
    await host.setAll('up');
    const since = Date.now();
    const syncSeconds = await Promise.all(replicas.map(r => r.waitForSync(clusters, since)));
    await sleep(1000);
    const synced = await Promise.all(replicas.map(r => r.rss()));
    const growth = synced.map((rss, i) => rss - baseline[i]);
    console.log(`C=${clusters}, 2 replicas on PostgreSQL: synced in ${syncSeconds.map(s => s.toFixed(1)).join(' and ')} s; RSS growth ${growth.map(mb).join(' and ')}`);
    const viewers = Math.max(...options.viewers);
    const interval = Math.max(...options.intervals);
    const phase = await runPhase(
      { host, replica: replicas[0], load },
      { view: 'gsv-ops', viewers, interval, duration: options.duration, condition: 'two replicas' },
    );
    return { syncSeconds, rssGrowth: growth, phase };
  } finally {
    await Promise.all(replicas.map(r => r.stop()));
  }
}

function printFleet(clusters: number, pods: number, single: Awaited<ReturnType<typeof singleReplica>>, two?: Awaited<ReturnType<typeof twoReplicas>>) {
  console.log('');
  console.log(`### ${clusters} cluster(s) × ${pods} pods`);
  console.log(`one replica: synced in ${single.syncSeconds.toFixed(1)} s; RSS growth ${mb(single.rss.synced - single.rss.baseline)} (${mb(single.rss.after)} after the load)`);
  if (two) console.log(`two replicas on PostgreSQL: synced in ${two.syncSeconds.map(s => s.toFixed(1)).join(' / ')} s; RSS growth ${two.rssGrowth.map(mb).join(' / ')}`);
  console.log('');
  console.log(
    '| condition | view | V | every | API-server req/cluster/min (mean, max) | viewer requests | failures | p50 | p99 | backend event-loop delay p99 / max, longest GC | load |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const p of [...single.phases, ...(two ? [two.phase] : [])]) {
    console.log(
      `| ${p.condition} | ${p.view} | ${p.viewers} | ${p.interval} s | ${p.perClusterPerMinute.mean.toFixed(1)}, ${p.perClusterPerMinute.max.toFixed(0)} | ${p.requests} | ${p.failures} | ${p.p50.toFixed(1)} ms | ${p.p99.toFixed(1)} ms | ${p.backend.eventLoopP99.toFixed(0)} / ${p.backend.eventLoopMax.toFixed(0)} ms, ${p.backend.gcMaxMs.toFixed(0)} ms | ${p.load.toFixed(1)} |`,
    );
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const load = new Child(fork(require.resolve('./load.ts'), [], { execArgv: transform, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
  await load.next('ready');
  const postgres: BenchPostgres | undefined = options.replicas === 2 ? startPostgres(options.pgPort) : undefined;
  const results = [];
  try {
    for (const clusters of options.clusters) {
      const host = await FleetHost.start(clusters, options.pods);
      try {
        console.log(`C=${clusters}: ${clusters} clusters × ${options.pods} pods started in ${host.ready.startSeconds.toFixed(1)} s (cluster process RSS ${mb(host.ready.rss)})`);
        const single = await singleReplica(host, load, options);
        const two = postgres ? await twoReplicas(host, load, options, postgres.connection) : undefined;
        printFleet(clusters, options.pods, single, two);
        results.push({ clusters, pods: options.pods, startSeconds: host.ready.startSeconds, single, two });
      } finally {
        await host.stop();
      }
    }
    if (options.json) writeFileSync(options.json, JSON.stringify({ options, results }, null, 2));
  } finally {
    load.process.send({ type: 'stop' });
    postgres?.stop();
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
