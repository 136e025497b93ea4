import { mockServices } from '@backstage/backend-test-utils';
import type { ClusterConfig } from '../config/clusterSettings';
import { DefaultClusterRegistry } from '../services/ClusterRegistry/DefaultClusterRegistry';
import { WatchCache } from '../services/WatchCache/WatchCache';
import { syncClusters } from './syncClusters';

const cluster = (name: string, url = `https://${name}.example`): ClusterConfig => ({
  name,
  environment: 'dev',
  namespaces: [],
  requestTimeoutMs: 1000,
  probeIntervalMs: 30_000,
  connection: { url, token: 't' },
});

describe('syncClusters', () => {
  it('adds, replaces and removes clusters in the registry and the watch cache, and keeps them when the source fails', async () => {
    const registry = DefaultClusterRegistry.fromConfig([]);
    const watchCache = new WatchCache({ clusters: [] });
    const changes: string[] = [];
    watchCache.onChange(change => changes.push(change.cluster));
    const logger = mockServices.logger.mock();
    let listed = [cluster('a'), cluster('b')];
    const source = { clusters: async () => listed };
    const names = () => [registry.listClusters().map(c => c.name), watchCache.clusters().map(c => c.cluster.name)];

    await syncClusters({ source, registry, watchCache, logger });
    expect(names()).toEqual([['a', 'b'], ['a', 'b']]);
    const before = registry.getCluster('b');

    listed = [cluster('b', 'https://b-moved.example'), cluster('c')];
    await syncClusters({ source, registry, watchCache, logger });
    expect(names()).toEqual([['b', 'c'], ['b', 'c']]);
    expect(registry.getCluster('b')).not.toBe(before);
    expect(changes).toEqual(['a', 'b', 'a', 'b', 'b', 'c']);

    const failing = { clusters: async () => Promise.reject(new Error('catalog unavailable')) };
    await syncClusters({ source: failing, registry, watchCache, logger });
    expect(names()).toEqual([['b', 'c'], ['b', 'c']]);
    expect(logger.warn).toHaveBeenCalledWith('GSV Ops could not list its clusters; keeping the ones it has: catalog unavailable');
    registry.close();
  });
});
