import { Agent, request } from 'node:https';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startDevCluster, type DevCluster } from '../cluster/startDevCluster';

/**
 * `npm run bench -w @gsv/devcluster`: start-up time with the seed, LIST latency over 10,000 pods with label
 * selectors, 100 concurrent watchers seeing every change, and memory at 10,000 pods. Figures, not assertions.
 */

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

function get(cluster: DevCluster, agent: Agent, path: string): Promise<{ status: number; bytes: number; items: number }> {
  return new Promise((resolve, reject) => {
    request(`${cluster.url}${path}`, { agent, headers: { Authorization: `Bearer ${cluster.tokens.backend}`, Accept: 'application/json' } }, response => {
      const chunks: Buffer[] = [];
      response.on('data', chunk => chunks.push(chunk));
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: response.statusCode ?? 0, bytes: body.length, items: JSON.parse(body.toString('utf8')).items?.length ?? 0 });
      });
    })
      .on('error', reject)
      .end();
  });
}

async function measureStart(): Promise<string[]> {
  const lines: string[] = [];
  const times: number[] = [];
  for (let run = 0; run < 6; run++) {
    const started = performance.now();
    const cluster = await startDevCluster({ monitoring: false });
    times.push(performance.now() - started);
    await cluster.stop();
  }
  lines.push(`start with the GSV seed: first ${ms(times[0])} (includes generating the TLS key), then median ${ms(median(times.slice(1)))} of 5`);
  return lines;
}

async function measureScale(): Promise<string[]> {
  const lines: string[] = [];
  collectGarbage();
  const baseline = process.memoryUsage();
  const started = performance.now();
  const cluster = await startDevCluster({ scale: { pods: 10_000 }, monitoring: false });
  const startMs = performance.now() - started;
  collectGarbage();
  const loaded = process.memoryUsage();
  const pods = cluster.store.list('pods').length;
  lines.push(`start with the GSV seed + scale 10,000 pods (${pods} pods in total): ${ms(startMs)}`);
  lines.push(`memory at ${pods} pods: heap used +${mb(loaded.heapUsed - baseline.heapUsed)} (${mb(loaded.heapUsed)} total), RSS ${mb(loaded.rss)}`);

  const agent = new Agent({ ca: cluster.caPem, keepAlive: true, maxSockets: 100 });
  for (const [label, selector] of [
    ['50 of 10,000 (app=load-app-007)', 'app%3Dload-app-007'],
    ['5,000 of 10,000 (tier=frontend)', 'tier%3Dfrontend'],
    ['all 10,000 (gsv.io/load=true)', 'gsv.io%2Fload%3Dtrue'],
  ] as const) {
    const durations: number[] = [];
    let result = { status: 0, bytes: 0, items: 0 };
    for (let run = 0; run < 15; run++) {
      const began = performance.now();
      result = await get(cluster, agent, `/api/v1/pods?labelSelector=${selector}`);
      durations.push(performance.now() - began);
    }
    lines.push(`LIST pods with a label selector, ${label}: median ${ms(median(durations.slice(3)))}, p90 ${ms(percentile(durations.slice(3), 90))} (${result.items} items, ${(result.bytes / 1024).toFixed(0)} KiB, HTTPS round trip)`);
  }
  agent.destroy();
  lines.push(...(await measureWatchers(cluster)));
  await cluster.stop();
  return lines;
}

async function measureWatchers(cluster: DevCluster): Promise<string[]> {
  const watchers = 100;
  const changes = 20;
  const namespace = 'load-00';
  const target = cluster.store.list('pods', { namespace })[0];
  const seen: number[][] = Array.from({ length: watchers }, () => []);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const agent = new Agent({ ca: cluster.caPem, keepAlive: true, maxSockets: watchers + 5 });
  const rv = cluster.store.resourceVersion;
  const requests = await Promise.all(
    Array.from(
      { length: watchers },
      (_, index) =>
        new Promise<ReturnType<typeof request>>(resolve => {
          const req = request(
            `${cluster.url}/api/v1/namespaces/${namespace}/pods?watch=true&resourceVersion=${rv}`,
            { agent, headers: { Authorization: `Bearer ${cluster.tokens.backend}` } },
            response => {
              let buffer = '';
              response.setEncoding('utf8');
              response.on('data', (chunk: string) => {
                buffer += chunk;
                let newline = buffer.indexOf('\n');
                while (newline >= 0) {
                  const event = JSON.parse(buffer.slice(0, newline));
                  buffer = buffer.slice(newline + 1);
                  const marker = event.object?.metadata?.annotations?.['bench/change'];
                  if (marker !== undefined) {
                    seen[index].push(Number(marker));
                    latencies.push(performance.now() - (sentAt.get(marker) ?? performance.now()));
                  }
                  newline = buffer.indexOf('\n');
                }
              });
              resolve(req);
            },
          );
          req.on('error', () => undefined);
          req.end();
        }),
    ),
  );
  const began = performance.now();
  for (let change = 0; change < changes; change++) {
    sentAt.set(String(change), performance.now());
    cluster.store.patch('pods', namespace, target.metadata.name, { metadata: { annotations: { 'bench/change': String(change) } } });
    await new Promise(resolve => setTimeout(resolve, 5));
  }
  const deadline = Date.now() + 10_000;
  while (seen.some(list => list.length < changes) && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 10));
  const total = performance.now() - began;
  const complete = seen.filter(list => list.length === changes && list.every((value, index) => value === index)).length;
  for (const req of requests) req.destroy();
  agent.destroy();
  return [
    `${watchers} concurrent watchers × ${changes} changes: ${complete}/${watchers} saw every change in order; delivery latency p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}; all delivered within ${ms(total)}`,
  ];
}

async function main(): Promise<void> {
  const lines = [`devcluster benchmark — Node ${process.version}, ${new Date().toISOString()}`];
  lines.push(...(await measureStart()));
  lines.push(...(await measureScale()));
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
