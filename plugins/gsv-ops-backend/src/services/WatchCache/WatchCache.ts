import { setMaxListeners } from 'node:events';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { GsvOpsCluster } from '../ClusterRegistry/types';
import { ClusterCache, ClusterCacheOptions } from './ClusterCache';
import type { WatchedKind } from './kinds';
import type { CacheChange } from './types';

export interface WatchCacheOptions {
  clusters: GsvOpsCluster[];
  logger?: LoggerService;
  now?: () => number;
  random?: () => number;
  kinds?: WatchedKind[];
  /** Per-cluster probe interval; defaults to 30 s. */
  probeIntervalMs?: (cluster: GsvOpsCluster) => number | undefined;
  backoff?: ClusterCacheOptions['backoff'];
  sourceFactory?: (cluster: GsvOpsCluster) => ClusterCacheOptions['sourceFactory'];
}

/**
 * One {@link ClusterCache} per cluster, started and stopped together, with one change feed for everybody who
 * serves views from memory (memoisation, long polls). A slow cluster only slows its own informers.
 */
export class WatchCache {
  private readonly caches = new Map<string, ClusterCache>();
  /** Per cluster: stops it alone (a cluster removed from the supplier), and its loops' end. */
  private readonly runs = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly listeners = new Set<(change: CacheChange) => void>();
  private started = false;

  constructor(private readonly options: WatchCacheOptions) {
    for (const cluster of options.clusters) this.createCache(cluster);
  }

  private createCache(cluster: GsvOpsCluster): ClusterCache {
    const { options } = this;
    const cache = new ClusterCache({
      cluster,
      kinds: options.kinds,
      logger: options.logger?.child({ cluster: cluster.name }),
      now: options.now,
      random: options.random,
      backoff: options.backoff,
      probeIntervalMs: cluster.probeIntervalMs ?? options.probeIntervalMs?.(cluster),
      maxObjects: cluster.maxCachedObjects,
      sourceFactory: options.sourceFactory?.(cluster),
    });
    cache.onChange(change => this.notify(change));
    this.caches.set(cluster.name, cache);
    return cache;
  }

  private run(name: string, cache: ClusterCache): void {
    const controller = new AbortController();
    // Every informer, probe and pending backoff of the cluster listens on this one signal.
    setMaxListeners(0, controller.signal);
    this.runs.set(name, { controller, done: cache.start(controller.signal) });
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const [name, cache] of this.caches) this.run(name, cache);
  }

  /** Watches one more cluster (the supplier found a new one); started at once if the cache runs. */
  addCluster(cluster: GsvOpsCluster): void {
    if (this.caches.has(cluster.name)) throw new Error(`The watch cache already holds cluster '${cluster.name}'`);
    const cache = this.createCache(cluster);
    if (this.started) this.run(cluster.name, cache);
    this.notify({ cluster: cluster.name });
  }

  /** Stops watching a cluster and forgets what it held; resolves when its loops have ended. */
  async removeCluster(name: string): Promise<void> {
    const run = this.runs.get(name);
    this.runs.delete(name);
    this.caches.delete(name);
    run?.controller.abort();
    await run?.done;
    this.notify({ cluster: name });
  }

  /** Stops every watch, probe and pending backoff; resolves when all loops have ended. */
  async stop(): Promise<void> {
    const runs = [...this.runs.values()];
    for (const run of runs) run.controller.abort();
    await Promise.all(runs.map(run => run.done));
  }

  cluster(name: string): ClusterCache | undefined {
    return this.caches.get(name);
  }

  clusters(): ClusterCache[] {
    return [...this.caches.values()];
  }

  hasSynced(): boolean {
    return this.clusters().every(c => c.hasSynced());
  }

  /** Announces a change that does not come from an informer (e.g. new PVC usage figures). */
  notify(change: CacheChange) {
    for (const listener of this.listeners) listener(change);
  }

  onChange(listener: (change: CacheChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves `true` shortly after the first change that `filter` accepts (changes within `settleMs` are
   * coalesced), `false` on timeout or abort.
   */
  waitForChange(options: {
    filter: (change: CacheChange) => boolean;
    timeoutMs: number;
    signal?: AbortSignal;
    settleMs?: number;
  }): Promise<boolean> {
    return new Promise(resolve => {
      let settled = false;
      let settleTimer: ReturnType<typeof setTimeout> | undefined;
      const timers: { timeout?: ReturnType<typeof setTimeout> } = {};
      let unsubscribe: () => void = () => {};
      let onAbort: () => void = () => {};
      const finish = (changed: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timers.timeout);
        clearTimeout(settleTimer);
        unsubscribe();
        options.signal?.removeEventListener('abort', onAbort);
        resolve(changed);
      };
      onAbort = () => finish(false);
      timers.timeout = setTimeout(() => finish(false), options.timeoutMs);
      unsubscribe = this.onChange(change => {
        if (settleTimer || !options.filter(change)) return;
        settleTimer = setTimeout(() => finish(true), options.settleMs ?? 25);
      });
      if (options.signal?.aborted) finish(false);
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
