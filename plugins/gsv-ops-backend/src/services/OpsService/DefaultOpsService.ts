import type { PromotionConfig } from '../../promotion/promotionConfig';
import type { BackstageCredentials, LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  ClusterError,
  ClusterOpsView,
  EntityOpsView,
  OpsTarget,
  OpsTargetList,
  PlatformHealthView,
  RunbookTargetKind,
} from '@gsv/plugin-gsv-ops-common';
import { targetsOf } from './targets/targetsOf';
import { DateTime } from 'luxon';
import { sortFindings, worstLevel } from '../../domain/levels';
import { entityTargets, EntityTargets, targetsKey } from '../../domain/selectors';
import type { OpsThresholds } from '../../domain/thresholds';
import { isoString } from '../../domain/time';
import type { PvcUsageCollector } from '../PvcUsage/PvcUsageCollector';
import type { ClusterCache } from '../WatchCache/ClusterCache';
import { ALL_KINDS } from '../WatchCache/kinds';
import type { CacheChange } from '../WatchCache/types';
import type { WatchCache } from '../WatchCache/WatchCache';
import { ENTITY_VIEW_KINDS, entityNamespaces } from './buildViews';
import { buildPlatformPart, buildPlatformView, type PlatformPart } from './platformView';
import { lazyGzip } from './sharedBody';
import { StampedMemo } from './stampedMemo';
import { buildClusterOpsView } from './clusterView/buildClusterOpsView';
import { combinedEtag, contentEtag, etagMatches, ViewMemo } from './etag';
import { ConditionalReadOptions, ConditionalResult, MAX_WAIT_SECONDS, OpsService } from './types';

/** Views are recomputed at least this often, so time-driven findings (expiry, late backups) move on. */
const TIME_BUCKET_MS = 30_000;
/**
 * Each cluster's part of a view moves to its next time bucket at its own moment, one of this many slots of the 30 s:
 * over a fleet, time-driven rebuilds are spread out instead of every cluster's part being rebuilt at once (at 50
 * clusters that held the event loop for half a second every 30 s). Views in use are revalidated every slot.
 */
const TIME_SLOTS = 6;
const SLOT_MS = TIME_BUCKET_MS / TIME_SLOTS;
/**
 * The platform view (every object of every cluster) is recomputed at most once a second on busy clusters, and at
 * fleet size at most every 10 times what it took to build, so that it never holds the event loop more than a tenth of
 * the time (the Ops views' latency depends on it).
 */
const PLATFORM_MIN_INTERVAL_MS = 1000;
const PLATFORM_BUSY_FACTOR = 10;
/**
 * Views requested within this window are kept current in the background when the cache changes (and announced to
 * `onViewChanged`): longer than the safety refresh of a page that follows signals instead of polling (5 min).
 */
const HOT_MS = 6 * 60_000;
/** Etags remembered for change detection; beyond this the memory starts over (a missed change at worst). */
const MAX_TRACKED_VIEWS = 4096;
/** Cache changes within this window are handled together. */
const REFRESH_DEBOUNCE_MS = 15;

/** A view whose content changed: an entity's Ops view, or the platform view. */
export type ViewChange = { type: 'entity'; entityRef: string } | { type: 'platform' };

/** One cluster's part of an entity view, with its content etag and JSON made once when the part is built. */
interface ClusterPart {
  view: ClusterOpsView;
  matched: boolean;
  etag: string;
  json: string;
}

function clusterPart(built: { view: ClusterOpsView; matched: boolean }): ClusterPart {
  return { ...built, etag: contentEtag(built.view), json: JSON.stringify(built.view) };
}

interface Computed<T> {
  value: T;
  etag: string;
  body: string;
  gzipped: () => Buffer;
}

export interface DefaultOpsServiceOptions {
  catalog: CatalogService;
  watchCache: WatchCache;
  usage?: PvcUsageCollector;
  thresholds: OpsThresholds;
  /** gsvOps.promotion.environments: applications of a later environment offer the promotion into it. */
  promotionEnvironments?: PromotionConfig['environments'];
  logger?: LoggerService;
  now?: () => number;
  /** Links platform rows to entities; see EntityIndex. */
  entityRefOf?: (object: { kind: string; namespace?: string; name: string; labels?: Record<string, string> }) => string | undefined;
}

/**
 * Serves every view from the watch cache: nothing here calls an API server. Views are memoised per entity (and
 * cluster filter) against the cache's change counters, so N viewers of one service cost one computation per
 * change; views in use are recomputed in the background when the cache changes or time moves on, so viewers
 * rarely wait for a computation; long polls wait on the cache's change feed.
 */
export class DefaultOpsService implements OpsService {
  private readonly entityMemo: ViewMemo<Computed<EntityOpsView> & { clusterViews: ClusterOpsView[] }>;
  private readonly platformMemo: ViewMemo<Computed<PlatformHealthView>>;
  /** Each cluster's part of the platform view, and of each entity view: rebuilt only when that cluster changed. */
  private readonly platformParts = new StampedMemo<PlatformPart>(1024);
  private readonly clusterViews = new StampedMemo<ClusterPart>(4096);
  private readonly now: () => number;
  private readonly counters = { entityViews: 0, platformViews: 0 };
  private readonly hot = new Map<string, { lastUsed: number; refresh: () => void }>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly refreshedListeners = new Set<() => void>();
  private readonly viewChangedListeners = new Set<(change: ViewChange) => void>();
  /** The last etag of each view, to tell a recomputation that changed the content from one that did not. */
  private readonly lastEtags = new Map<string, string>();
  private refreshPending = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: DefaultOpsServiceOptions) {
    this.now = options.now ?? Date.now;
    const schedule = (task: () => void, delayMs: number) => this.later(task, delayMs);
    this.entityMemo = new ViewMemo({ capacity: 512, now: this.now, schedule });
    this.platformMemo = new ViewMemo({
      capacity: 16,
      minIntervalMs: PLATFORM_MIN_INTERVAL_MS,
      busyFactor: PLATFORM_BUSY_FACTOR,
      now: this.now,
      schedule,
    });
    this.unsubscribe = options.watchCache.onChange(() => this.scheduleHotRefresh());
  }

  /** Stops background refreshes (on shutdown). */
  close() {
    this.unsubscribe();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.hot.clear();
  }

  async getEntityView(options: Parameters<OpsService['getEntityView']>[0]): Promise<ConditionalResult<EntityOpsView>> {
    const entity = options.entity ?? (await this.entity(options.entityRef, options.credentials));
    const caches = this.caches(options.cluster);
    const targets = entityTargets(entity, options.entityRef);
    const namespaces = entityNamespaces(targets);
    const names = new Set(caches.map(c => c.name));
    const kinds = new Set<string>(ENTITY_VIEW_KINDS);
    return this.conditional(
      () => this.entityView(targets, caches, options.cluster, 'use'),
      change =>
        names.has(change.cluster) &&
        (change.kind === undefined || kinds.has(change.kind)) &&
        (namespaces === undefined || change.namespace === undefined || namespaces.has(change.namespace)),
      options,
    );
  }

  async getPlatformHealth(
    options: { credentials: BackstageCredentials; cluster?: string } & ConditionalReadOptions,
  ): Promise<ConditionalResult<PlatformHealthView>> {
    const caches = this.caches(options.cluster);
    const names = new Set(caches.map(c => c.name));
    return this.conditional(() => this.platformView(caches, options.cluster, 'use'), change => names.has(change.cluster), options);
  }

  async listTargets(options: {
    entityRef: string;
    credentials: BackstageCredentials;
    kind: RunbookTargetKind;
    cluster?: string;
  }): Promise<OpsTargetList> {
    const entity = await this.entity(options.entityRef, options.credentials);
    const caches = this.caches(options.cluster);
    const targets = entityTargets(entity, options.entityRef);
    const computed = this.entityView(targets, caches, options.cluster, 'use');
    const items: OpsTarget[] = [];
    for (const view of computed.clusterViews) {
      const cache = this.options.watchCache.cluster(view.cluster.name)!;
      items.push(...targetsOf(options.kind, view, cache, targets));
    }
    return { items, errors: computed.value.errors };
  }

  /**
   * Called when a recomputed view's content differs from the previous computation's (not on its first computation):
   * views in use are recomputed in the background on every relevant cache change, so this follows the cluster.
   */
  onViewChanged(listener: (change: ViewChange) => void): () => void {
    this.viewChangedListeners.add(listener);
    return () => this.viewChangedListeners.delete(listener);
  }

  /** How many views were computed (not served from the memo), for tests and the benchmark. */
  stats(): { entityViews: number; platformViews: number } {
    return { ...this.counters };
  }

  private async entity(entityRef: string, credentials: BackstageCredentials): Promise<Entity> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef}`);
    }
    return entity;
  }

  private caches(cluster?: string): ClusterCache[] {
    if (cluster === undefined) return this.options.watchCache.clusters();
    const cache = this.options.watchCache.cluster(cluster);
    if (!cache) throw new NotFoundError(`No cluster named '${cluster}'`);
    return [cache];
  }

  /** The time slot of a whole view: it is revalidated when this moves on. */
  private bucket(now: number): number {
    return Math.floor(now / SLOT_MS);
  }

  /** The time bucket of one cluster's part: 30 s long, starting at the cluster's own slot. */
  private clusterBucket(cluster: string, now: number): number {
    return Math.floor((now + slotOf(cluster) * SLOT_MS) / TIME_BUCKET_MS);
  }

  /**
   * The entity view: `use` (a request: remember it as hot), `refresh` (background: memo rules apply), `force`
   * (a scheduled revalidation: compute now).
   */
  private entityView(targets: EntityTargets, caches: ClusterCache[], clusterFilter: string | undefined, mode: 'use' | 'refresh' | 'force') {
    const now = this.now();
    const namespaces = entityNamespaces(targets);
    const key = `${targetsKey(targets)}#${clusterFilter ?? '*'}`;
    const stamp = caches.map(c => `${c.stamp(ENTITY_VIEW_KINDS, namespaces)}/${this.options.usage?.stamp(c.name) ?? ''}`).join('|');
    if (mode === 'use') this.touch(`entity:${key}`, () => this.entityView(targets, caches, clusterFilter, 'refresh'));
    const compute = () => {
      this.counters.entityViews += 1;
      const time = DateTime.fromMillis(now, { zone: 'utc' });
      const parts: ClusterPart[] = [];
      const errors: ClusterError[] = [];
      for (const cache of caches) {
        const clusterStamp = `${cache.stamp(ENTITY_VIEW_KINDS, namespaces)}/${this.options.usage?.stamp(cache.name) ?? ''}/${this.clusterBucket(cache.name, now)}`;
        const part = this.clusterViews.get(`${targetsKey(targets)}#${cache.name}`, clusterStamp, () =>
          clusterPart(
            buildClusterOpsView(targets, {
              cache,
              usage: this.options.usage,
              now: time,
              thresholds: this.options.thresholds,
              promotionEnvironments: this.options.promotionEnvironments,
            }),
          ),
        );
        const status = part.view.cluster;
        if (status.error) errors.push(status.error);
        const loading = !status.synced && !status.error;
        const failing = status.synced && status.error;
        if (part.matched || loading || failing || clusterFilter) parts.push(part);
      }
      const clusterViews = parts.map(p => p.view);
      // A failing cluster that never synced has no card: say so in the summary.
      const unseen = caches
        .map(c => c.name)
        .filter(name => !clusterViews.some(v => v.cluster.name === name));
      const unseenFindings = errors
        .filter(e => unseen.includes(e.cluster))
        .map(e => ({
          level: 'warning' as const,
          code: 'cluster.unreachable',
          reason: `Cluster ${e.cluster} could not be read (${e.message})`,
          object: { kind: 'Cluster', name: e.cluster },
          cluster: e.cluster,
        }));
      const findings = sortFindings([...clusterViews.flatMap(v => v.findings), ...unseenFindings]);
      const etag = combinedEtag([targets.entityRef, ...parts.map(p => p.etag), contentEtag(unseenFindings)]);
      const value: EntityOpsView = {
        entityRef: targets.entityRef,
        generatedAt: isoString(time),
        level: worstLevel([...clusterViews.map(v => v.level), ...unseenFindings.map(f => f.level)]),
        findings,
        clusters: clusterViews,
        errors,
        etag,
      };
      this.noteEtag(`entity:${key}`, etag, { type: 'entity', entityRef: targets.entityRef });
      // the clusters' JSON was made with their parts: only the rest is serialised here
      const { clusters: _, ...rest } = value;
      const body = `${JSON.stringify(rest).slice(0, -1)},"clusters":[${parts.map(p => p.json).join(',')}]}`;
      return { value, etag, body, gzipped: lazyGzip(body), clusterViews };
    };
    if (mode === 'force') return this.revalidated(this.entityMemo.compute(key, stamp, this.bucket(now), compute));
    return this.entityMemo.get(key, stamp, this.bucket(now), compute, () =>
      this.entityView(targets, caches, clusterFilter, 'force'),
    );
  }

  private platformView(caches: ClusterCache[], clusterFilter: string | undefined, mode: 'use' | 'refresh' | 'force'): Computed<PlatformHealthView> {
    const now = this.now();
    const key = clusterFilter ?? '*';
    const stamp = caches.map(c => `${c.stamp(ALL_KINDS)}/${this.options.usage?.stamp(c.name) ?? ''}`).join('|');
    if (mode === 'use') this.touch(`platform:${key}`, () => this.platformView(caches, clusterFilter, 'refresh'));
    const compute = () => {
      this.counters.platformViews += 1;
      const time = DateTime.fromMillis(now, { zone: 'utc' });
      const ctx = { now: time, thresholds: this.options.thresholds, usage: this.options.usage, entityRefOf: this.options.entityRefOf };
      if (!clusterFilter) {
        const names = new Set(caches.map(c => c.name));
        this.platformParts.retain(name => names.has(name));
      }
      // a cluster's part is rebuilt when its cache (or the time bucket) moved on, not when another cluster changed
      const built = buildPlatformView(caches, ctx, cache =>
        this.platformParts.get(cache.name, `${cache.stamp(ALL_KINDS)}/${this.options.usage?.stamp(cache.name) ?? ''}/${this.clusterBucket(cache.name, now)}`, () =>
          buildPlatformPart(cache, ctx),
        ),
      );
      const value: PlatformHealthView = { generatedAt: isoString(time), ...built, etag: '' };
      value.etag = contentEtag(value);
      this.noteEtag(`platform:${key}`, value.etag, { type: 'platform' });
      const body = JSON.stringify(value);
      return { value, etag: value.etag, body, gzipped: lazyGzip(body) };
    };
    if (mode === 'force') return this.revalidated(this.platformMemo.compute(key, stamp, this.bucket(now), compute));
    return this.platformMemo.get(key, stamp, this.bucket(now), compute, () => this.platformView(caches, clusterFilter, 'force'));
  }

  private noteEtag(key: string, etag: string, change: ViewChange) {
    const previous = this.lastEtags.get(key);
    if (previous === etag) return;
    if (previous === undefined && this.lastEtags.size >= MAX_TRACKED_VIEWS) this.lastEtags.clear();
    this.lastEtags.set(key, etag);
    if (previous === undefined) return;
    for (const listener of [...this.viewChangedListeners]) {
      try {
        listener(change);
      } catch (e) {
        this.options.logger?.warn('A view change listener failed', { error: String(e) });
      }
    }
  }

  /** Remembers a view as in use, so cache changes recompute it in the background. */
  private touch(key: string, refresh: () => void) {
    this.hot.set(key, { lastUsed: this.now(), refresh });
  }

  private scheduleHotRefresh() {
    if (this.refreshPending || this.hot.size === 0) return;
    this.refreshPending = true;
    this.later(() => {
      this.refreshPending = false;
      const now = this.now();
      for (const [key, entry] of this.hot) {
        if (now - entry.lastUsed > HOT_MS) {
          this.hot.delete(key);
        } else {
          try {
            entry.refresh();
          } catch (e) {
            this.options.logger?.warn('Background refresh of a view failed', { view: key, error: String(e) });
          }
        }
      }
      this.notifyRefreshed();
    }, REFRESH_DEBOUNCE_MS);
  }

  /** Wakes long polls after a background recomputation, so they compare etags again. */
  private revalidated<T>(value: T): T {
    this.notifyRefreshed();
    return value;
  }

  private notifyRefreshed() {
    for (const listener of [...this.refreshedListeners]) listener();
  }

  private later(task: () => void, delayMs: number) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      task();
    }, Math.max(0, delayMs));
    timer.unref?.();
    this.timers.add(timer);
  }

  /** Resolves true on a relevant cache change or a background recomputation, false on timeout or abort. */
  private waitForWake(relevant: (change: CacheChange) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise(resolve => {
      const stop = new AbortController();
      const state = { done: false, onRefreshed: () => {} };
      const finish = (woken: boolean) => {
        if (state.done) return;
        state.done = true;
        this.refreshedListeners.delete(state.onRefreshed);
        stop.abort();
        resolve(woken);
      };
      state.onRefreshed = () => finish(true);
      this.refreshedListeners.add(state.onRefreshed);
      this.options.watchCache
        .waitForChange({ filter: relevant, timeoutMs, signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal })
        .then(changed => finish(changed));
    });
  }

  /**
   * Answers 304 while the content still has the caller's etag; with `waitSeconds`, first waits (up to 30 s) for a
   * relevant cache change that alters the content. Viewers that wait cost no API-server request.
   */
  private async conditional<T>(
    compute: () => Computed<T>,
    relevant: (change: CacheChange) => boolean,
    options: ConditionalReadOptions,
  ): Promise<ConditionalResult<T>> {
    let result = compute();
    const waitMs = Math.min(options.waitSeconds ?? 0, MAX_WAIT_SECONDS) * 1000;
    if (options.ifNoneMatch && waitMs > 0 && etagMatches(options.ifNoneMatch, result.etag)) {
      const deadline = this.now() + waitMs;
      while (!options.signal?.aborted) {
        const remaining = deadline - this.now();
        if (remaining <= 0) break;
        const changed = await this.waitForWake(relevant, remaining, options.signal);
        result = compute();
        if (!changed || !etagMatches(options.ifNoneMatch, result.etag)) break;
      }
    }
    if (etagMatches(options.ifNoneMatch, result.etag)) {
      return { notModified: true, etag: result.etag };
    }
    return { notModified: false, etag: result.etag, value: result.value, body: result.body, gzipped: result.gzipped };
  }
}

/** A cluster's time slot, from its name (stable across restarts and replicas). */
function slotOf(cluster: string): number {
  let hash = 0;
  for (let i = 0; i < cluster.length; i++) hash = (hash * 31 + cluster.charCodeAt(i)) >>> 0;
  return hash % TIME_SLOTS;
}
