/*
 * The fleet benchmark's cluster process: C embedded clusters (scale mode) in one process, driven over IPC by
 * fleet.ts: it reports the clusters' addresses and tokens, the API-server request counters per cluster, and takes
 * faults (a cluster down, a cluster answering slowly). Not meant to be started by hand.
 */
import { startDevFleet } from '@gsv/devcluster';

type Message =
  | { type: 'counters' }
  | { type: 'down' | 'up'; index: number }
  | { type: 'slow'; index: number; ms: number }
  | { type: 'clear' }
  | { type: 'stop' };

async function main() {
  const clusters = Number(process.env.GSV_FLEET_CLUSTERS);
  const podsPerCluster = Number(process.env.GSV_FLEET_PODS);
  const started = Date.now();
  // no embedded Prometheus: its scrapes of every pod would show in the API servers' latencies
  const fleet = await startDevFleet({ clusters, podsPerCluster, monitoring: false, log: () => undefined });
  process.on('message', async (message: Message) => {
    if (message.type === 'counters') {
      process.send?.({ type: 'counters', totals: fleet.clusters.map(c => c.requestLog.stats().total) });
    } else if (message.type === 'down') {
      await fleet.clusters[message.index].faults.down();
      process.send?.({ type: 'done' });
    } else if (message.type === 'up') {
      await fleet.clusters[message.index].faults.up();
      process.send?.({ type: 'done' });
    } else if (message.type === 'slow') {
      fleet.clusters[message.index].faults.latency({ ms: message.ms });
      process.send?.({ type: 'done' });
    } else if (message.type === 'clear') {
      await Promise.all(fleet.clusters.map(async c => { await c.faults.clear(); await c.faults.up(); }));
      process.send?.({ type: 'done' });
    } else if (message.type === 'stop') {
      await fleet.stop();
      process.send?.({ type: 'stopped' });
      // a child of the benchmark: the IPC channel would keep it alive after its clusters stopped
      process.exit(0);
    }
  });
  process.send?.({
    type: 'ready',
    startSeconds: (Date.now() - started) / 1000,
    rss: process.memoryUsage().rss,
    clusters: fleet.clusters.map(c => ({ name: c.name, url: c.url, caData: c.caData, token: c.tokens.backend })),
  });
}

// a failed start is reported to the parent, which stops the benchmark
main().catch(error => {
  process.send?.({ type: 'error', message: String(error?.stack ?? error) });
  process.exit(1);
});
