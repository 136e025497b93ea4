import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ClusterConfig } from '../config/clusterSettings';
import type { DefaultClusterRegistry } from '../services/ClusterRegistry/DefaultClusterRegistry';
import type { WatchCache } from '../services/WatchCache/WatchCache';

/**
 * Makes the registry and the watch cache hold exactly the clusters a source lists now: new ones are watched at once,
 * removed (or changed) ones stop being watched. A source that fails leaves everything as it was.
 */
export async function syncClusters(options: {
  source: { clusters(): Promise<ClusterConfig[]> };
  registry: DefaultClusterRegistry;
  watchCache: WatchCache;
  logger: LoggerService;
}): Promise<void> {
  const { registry, watchCache, logger } = options;
  let wanted: ClusterConfig[];
  try {
    wanted = await options.source.clusters();
  } catch (e) {
    logger.warn(`GSV Ops could not list its clusters; keeping the ones it has: ${(e as Error)?.message ?? e}`);
    return;
  }
  const { added, removed } = registry.update(wanted);
  for (const cluster of removed) await watchCache.removeCluster(cluster.name);
  for (const cluster of added) watchCache.addCluster(cluster);
  if (added.length || removed.length) {
    logger.info('GSV Ops watches its clusters', {
      clusters: registry.listClusters().map(c => c.name).join(','),
      added: added.map(c => c.name).join(','),
      removed: removed.map(c => c.name).join(','),
    });
  }
}
