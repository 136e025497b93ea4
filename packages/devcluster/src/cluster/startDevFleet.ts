import { startDevCluster, type DevCluster, type DevClusterOptions } from './startDevCluster';

/** @public */
export interface DevFleetOptions extends Omit<DevClusterOptions, 'name' | 'port' | 'scale' | 'stateDir'> {
  /** How many clusters (1–200). */
  clusters: number;
  /** Scale mode in each: this many running pods besides the seed (0: the seed only). */
  podsPerCluster?: number;
  /** Names are `<prefix>-01`, `<prefix>-02`, … (default `fleet`; a prefix containing `prod` seeds the prod variant). */
  namePrefix?: string;
}

/** @public */
export interface DevFleet {
  readonly clusters: ReadonlyArray<DevCluster>;
  stop(): Promise<void>;
}

/**
 * Many embedded clusters in one process, each a whole API server of its own: its own port, tokens, seed and
 * simulation, as the clusters of a real fleet are (they share the process's serving certificate, whose key is the
 * slowest thing to make). Started one after the other: a cluster's seed is CPU-bound.
 */
export async function startDevFleet(options: DevFleetOptions): Promise<DevFleet> {
  const { clusters: count, podsPerCluster = 0, namePrefix = 'fleet', ...common } = options;
  if (!Number.isInteger(count) || count < 1 || count > 200) {
    throw new RangeError(`A fleet has 1 to 200 clusters, not ${count}`);
  }
  const width = String(count).length < 2 ? 2 : String(count).length;
  const clusters: DevCluster[] = [];
  try {
    for (let i = 1; i <= count; i++) {
      clusters.push(
        await startDevCluster({
          ...common,
          port: 0,
          name: `${namePrefix}-${String(i).padStart(width, '0')}`,
          ...(podsPerCluster > 0 ? { scale: { pods: podsPerCluster } } : {}),
        }),
      );
    }
  } catch (error) {
    await Promise.all(clusters.map(cluster => cluster.stop()));
    throw error;
  }
  return {
    clusters,
    stop: async () => {
      await Promise.all(clusters.map(cluster => cluster.stop()));
    },
  };
}
