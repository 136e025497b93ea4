import { startDevCluster, type DevCluster, type DevClusterOptions } from '../cluster/startDevCluster';

/**
 * Starts clusters for a test file and stops them after each test. The clock is manual by default (time moves
 * only through `cluster.clock.advance`), so controller stories are deterministic. The embedded monitoring is off
 * unless asked for: it scrapes every 15 s of cluster time, which adds up when a test fast-forwards days.
 */
export function useClusters() {
  const started: DevCluster[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map(cluster => cluster.stop()));
  });
  return async (options: DevClusterOptions = {}): Promise<DevCluster> => {
    const cluster = await startDevCluster({ clock: { manual: true, start: '2026-11-25T10:00:00Z' }, monitoring: false, ...options });
    started.push(cluster);
    return cluster;
  };
}
