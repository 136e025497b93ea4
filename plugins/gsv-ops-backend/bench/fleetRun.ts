/*
 * The fleet benchmark's moving parts: the cluster process, backend replicas, and one timed phase of viewers.
 */
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { agentRegistryEntity } from '../src/__fixtures__/platform';
import { Child, percentile, sleep, transform } from './child';

export type View = 'gsv-ops' | 'official' | 'platform';

export interface Phase {
  clusters: number;
  view: View;
  viewers: number;
  interval: number;
  condition: string;
  /** API-server requests per cluster per minute: mean over the clusters, and the busiest cluster. */
  perClusterPerMinute: { mean: number; max: number };
  requests: number;
  failures: number;
  p50: number;
  p99: number;
  /** The backend's own view of the phase: how long its event loop could not answer (p99, max) and its longest GC pause. */
  backend: { eventLoopP99: number; eventLoopMax: number; gcMaxMs: number };
  load: number;
}

export interface ClusterSetup {
  name: string;
  url: string;
  caData: string;
  token: string;
}

const auth = mockCredentials.user.header();
const heap = '--max-old-space-size=16384';

/** The cluster process (fleetHost.ts) with C clusters of `pods` pods. */
export class FleetHost {
  private constructor(readonly child: Child, readonly ready: { startSeconds: number; rss: number; clusters: ClusterSetup[] }) {}

  static async start(clusters: number, pods: number): Promise<FleetHost> {
    const child = new Child(
      fork(resolve(__dirname, 'fleetHost.ts'), [], {
        execArgv: [heap, ...transform],
        env: { ...process.env, GSV_FLEET_CLUSTERS: String(clusters), GSV_FLEET_PODS: String(pods) },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      }),
    );
    return new FleetHost(child, await child.next('ready'));
  }

  async send(message: { type: 'down' | 'up'; index: number } | { type: 'slow'; index: number; ms: number } | { type: 'clear' }) {
    const done = this.child.next('done');
    this.child.process.send(message);
    await done;
  }

  async setAll(type: 'down' | 'up') {
    for (let index = 0; index < this.ready.clusters.length; index++) await this.send({ type, index });
  }

  async counters(): Promise<number[]> {
    return (await this.child.ask('counters')).totals;
  }

  stop() {
    return this.child.ask('stop', 'stopped').catch(() => undefined);
  }
}

/** One backend replica (backend.ts): GSV Ops and the official Kubernetes backend over the fleet. */
export class Replica {
  private constructor(readonly child: Child, readonly base: string) {}

  static async start(clusters: ClusterSetup[], database?: string): Promise<Replica> {
    const child = new Child(
      fork(resolve(__dirname, 'backend.ts'), [], {
        execArgv: ['--expose-gc', heap, ...transform, ...(process.env.GSV_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.GSV_BENCH_CPU_PROF}`] : [])],
        env: { ...process.env, GSV_BENCH_SETUP: JSON.stringify({ clusters, entity: agentRegistryEntity, database }), LOG_LEVEL: 'error' },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      }),
    );
    const ready = await child.next('ready');
    return new Replica(child, `http://127.0.0.1:${ready.port}/api`);
  }

  async rss(): Promise<number> {
    return (await this.child.ask('memory')).rss;
  }

  /** Seconds from `since` until GSV Ops' platform view has every cluster synced. */
  async waitForSync(clusters: number, since: number): Promise<number> {
    let lastError: unknown;
    for (;;) {
      try {
        const res = await fetch(`${this.base}/gsv-ops/platform/health`, { headers: { Authorization: auth } });
        if (res.ok) {
          const view: any = await res.json();
          const synced = (view.clusters ?? []).filter((c: any) => c.synced && !c.error).length;
          if (synced === clusters) return (Date.now() - since) / 1000;
        }
      } catch (error) {
        // a connection the server closed as we reused it: ask again
        lastError = error;
      }
      if (Date.now() - since > 600_000) throw new Error(`the cache did not sync every cluster within 10 minutes (${String(lastError ?? '')})`);
      await sleep(250);
    }
  }

  request(view: View) {
    if (view === 'official') {
      return {
        url: `${this.base}/kubernetes/services/agent-registry`,
        method: 'POST',
        headers: { Authorization: auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ entity: agentRegistryEntity, auth: {} }),
      };
    }
    const path = view === 'platform' ? '/gsv-ops/platform/health' : '/gsv-ops/entities/component/default/agent-registry/view';
    return { url: `${this.base}${path}`, method: 'GET', headers: { Authorization: auth } };
  }

  stop() {
    return this.child.ask('stop', 'stopped').catch(() => undefined);
  }
}

/** V viewers of one view for `duration` seconds; the API-server requests the fleet saw meanwhile. */
export async function runPhase(
  parts: { host: FleetHost; replica: Replica; load: Child },
  phase: { view: View; viewers: number; interval: number; duration: number; condition: string },
): Promise<Phase> {
  const { host, replica, load } = parts;
  const clusters = host.ready.clusters.length;
  process.stdout.write(`C=${clusters} ${phase.condition} ${phase.view} V=${phase.viewers} every ${phase.interval} s… `);
  const warmed = load.next('warmed');
  const done = load.next('done');
  load.process.send({
    type: 'run',
    ...replica.request(phase.view),
    viewers: phase.viewers,
    durationMs: phase.duration * 1000,
    intervalMs: phase.interval * 1000,
  });
  await warmed;
  await replica.child.ask('phase-start', 'phase-started');
  const before = await host.counters();
  const { latencies, failures } = await done;
  const after = await host.counters();
  const stats = await replica.child.ask('phase-end', 'phase-stats');
  const perCluster = after.map((total, i) => (total - before[i]) / (phase.duration / 60));
  latencies.sort((a: number, b: number) => a - b);
  const result: Phase = {
    clusters,
    view: phase.view,
    viewers: phase.viewers,
    interval: phase.interval,
    condition: phase.condition,
    perClusterPerMinute: { mean: perCluster.reduce((a, b) => a + b, 0) / clusters, max: Math.max(...perCluster) },
    requests: latencies.length,
    failures,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    backend: { eventLoopP99: stats.eventLoopDelay.p99, eventLoopMax: stats.eventLoopDelay.max, gcMaxMs: stats.gc.maxMs },
    load: loadavg()[0],
  };
  console.log(`${result.perClusterPerMinute.mean.toFixed(1)} req/cluster/min, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`);
  return result;
}
