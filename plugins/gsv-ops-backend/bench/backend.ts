/*
 * The benchmark's backend process: one Backstage test backend with both the official Kubernetes backend and
 * GSV Ops, configured with the same clusters (the devclusters the benchmark runs). It talks to the parent over
 * IPC: it reports its port, and answers memory questions (after a full GC) so the parent can tell the cache's
 * RSS growth. Run by bench.ts; not meant to be started by hand.
 */
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Entity } from '@backstage/catalog-model';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

interface Setup {
  clusters: Array<{ name: string; url: string; caData: string; token: string }>;
  entity: Entity;
  /** A PostgreSQL connection string shared by the replicas (default: the test backend's own in-memory database). */
  database?: string;
}

function memory() {
  (global as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

async function main() {
  const setup: Setup = JSON.parse(process.env.GSV_BENCH_SETUP ?? '{}');
  const clusters = setup.clusters.map(({ name, url, token, caData }) => ({
    name,
    url,
    authProvider: 'serviceAccount',
    serviceAccountToken: token,
    caData,
  }));
  process.send?.({ type: 'memory', phase: 'before-backend', ...memory() });
  const backend = await startTestBackend({
    features: [
      import('@backstage/plugin-kubernetes-backend'),
      import('../src'),
      catalogServiceMock.factory({ entities: [setup.entity] }),
      ...(setup.database ? [databaseServiceFactory] : []),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [{ type: 'config', clusters }],
          },
          gsvOps: { clusters: Object.fromEntries(clusters.map(c => [c.name, { environment: 'dev' }])) },
          ...(setup.database ? { backend: { database: { client: 'pg', connection: setup.database } } } : {}),
        },
      }),
    ],
  });
  const address = backend.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  // How long this process could not answer (event-loop delay) and how much of it was garbage collection.
  const delay = monitorEventLoopDelay({ resolution: 5 });
  let gc = { count: 0, totalMs: 0, maxMs: 0 };
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      gc.count += 1;
      gc.totalMs += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  process.on('message', async (message: { type: string }) => {
    if (message.type === 'phase-start') {
      // Every phase starts from a collected heap, whatever the previous phase left; the forced collection itself
      // (a full stop-the-world one) happens before the viewers start and is not counted.
      (global as { gc?: () => void }).gc?.();
      await new Promise(r => setTimeout(r, 200));
      delay.reset();
      delay.enable();
      gc = { count: 0, totalMs: 0, maxMs: 0 };
      process.send?.({ type: 'phase-started' });
    } else if (message.type === 'phase-end') {
      delay.disable();
      process.send?.({
        type: 'phase-stats',
        eventLoopDelay: { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 },
        gc,
      });
    } else if (message.type === 'memory') {
      process.send?.({ type: 'memory', ...memory() });
    } else if (message.type === 'stop') {
      await backend.stop();
      process.send?.({ type: 'stopped' });
      process.exit(0);
    }
  });
  process.send?.({ type: 'ready', port, ...memory() });
}

main().catch(error => {
  process.send?.({ type: 'error', message: String(error?.stack ?? error) });
  process.exit(1);
});
