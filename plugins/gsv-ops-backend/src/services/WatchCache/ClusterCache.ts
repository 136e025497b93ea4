import type { LoggerService } from '@backstage/backend-plugin-api';
import { GsvOpsCluster, isKubernetesApiError, KubeObject } from '../ClusterRegistry/types';
import { INDEXERS } from './indexers';
import { TRANSFORMS } from './transforms';
import { Informer } from './Informer';
import { ALL_KINDS, KINDS, WatchedKind } from './kinds';
import { KubernetesListWatch } from './KubernetesListWatch';
import { cancellableSleep } from './sleep';
import type { CacheChange, InformerError, ListWatchSource } from './types';

/** How many added objects between two checks of a cluster's cap (and at every status change, e.g. a list done). */
const CAP_CHECK_EVERY = 256;

/** Errors that mean "we cannot talk to this cluster" rather than "we may not read this kind". */
const CONNECTIVITY = new Set(['Unreachable', 'Timeout', 'Unauthorized', 'TooManyRequests', 'ServerError', 'BadResponse', 'Unknown']);

export interface ClusterCacheStatus {
  name: string;
  /** Every kind that the cluster lets us read has been listed at least once. */
  synced: boolean;
  /** Epoch ms. */
  lastHeardAt?: number;
  /** Set while the cluster cannot be reached (probe or watches failing). */
  error?: InformerError;
  /** Kinds we may not read or that fail on their own (e.g. RBAC forbids them), while the cluster answers. */
  degradedKinds: Array<{ kind: WatchedKind; reason: string; message: string }>;
  /** Optional kinds the cluster does not serve (CRD not installed). */
  absentKinds: WatchedKind[];
  /** Increments whenever any of the above changes. */
  version: number;
}

export interface ClusterCacheOptions {
  cluster: GsvOpsCluster;
  kinds?: WatchedKind[];
  probeIntervalMs?: number;
  /** The most objects kept of this cluster (its memory cap); beyond it the largest kind is no longer cached. */
  maxObjects?: number;
  /** Probe interval while the cluster is failing, so recovery shows quickly (default 5 s). */
  failingProbeIntervalMs?: number;
  logger?: LoggerService;
  now?: () => number;
  random?: () => number;
  backoff?: { initialMs: number; maxMs: number; resetMs: number; factor?: number; jitter?: number };
  /** Replaces the list/watch source (tests). */
  sourceFactory?: (kind: WatchedKind, namespace?: string) => ListWatchSource;
}

/**
 * The watch cache of one cluster: one informer per kind (per kind and namespace when the cluster is restricted to
 * namespaces), a liveness probe, and the cluster's status (synced, last heard, error, degraded and absent kinds).
 */
export class ClusterCache {
  readonly name: string;
  readonly cluster: GsvOpsCluster;
  private readonly informers = new Map<WatchedKind, Informer[]>();
  private readonly listeners = new Set<(change: CacheChange) => void>();
  private readonly now: () => number;
  private probeError?: InformerError;
  private probeHeardAt?: number;
  private statusVersion = 0;
  private running?: Promise<void>;
  private addsSinceCapCheck = 0;

  constructor(private readonly options: ClusterCacheOptions) {
    this.cluster = options.cluster;
    this.name = options.cluster.name;
    this.now = options.now ?? Date.now;
    const namespaces = options.cluster.namespaces;
    for (const kind of options.kinds ?? ALL_KINDS) {
      const def = KINDS[kind];
      const scopes: Array<string | undefined> = def.namespaced && namespaces.length > 0 ? namespaces : [undefined];
      const list = scopes.map(namespace => {
        const source =
          options.sourceFactory?.(kind, namespace) ??
          new KubernetesListWatch({ client: options.cluster.client, kind: def, namespace, random: options.random });
        const informer = new Informer({
          name: `${this.name}/${kind}${namespace ? `@${namespace}` : ''}`,
          source,
          optional: def.optional,
          logger: options.logger,
          now: this.now,
          random: options.random,
          backoff: options.backoff,
          indexers: INDEXERS[kind],
          transform: TRANSFORMS[kind],
        });
        informer.onEvent(event => {
          if (event.type === 'status') {
            this.statusVersion += 1;
            this.enforceCap();
            this.emit({ cluster: this.name, kind });
          } else {
            if (event.type === 'add' && ++this.addsSinceCapCheck >= CAP_CHECK_EVERY) this.enforceCap();
            this.emit({ cluster: this.name, kind, namespace: event.object.metadata.namespace ?? '' });
          }
        });
        return informer;
      });
      this.informers.set(kind, list);
    }
  }

  /** Starts the informers and the probe; resolves when the signal aborts and everything stopped. */
  start(signal: AbortSignal): Promise<void> {
    if (!this.running) {
      const runs = [...this.informers.values()].flat().map(informer => informer.run(signal));
      runs.push(this.probeLoop(signal));
      this.running = Promise.all(runs).then(() => undefined);
    }
    return this.running;
  }

  hasSynced(): boolean {
    return [...this.informers.values()].flat().every(i => i.hasSynced());
  }

  kinds(): WatchedKind[] {
    return [...this.informers.keys()];
  }

  /** Objects of a kind, all or in one namespace. */
  list(kind: WatchedKind, namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const informer of this.informers.get(kind) ?? []) {
      for (const object of informer.list(namespace)) out.push(object);
    }
    return out;
  }

  get(kind: WatchedKind, namespace: string | undefined, name: string): KubeObject | undefined {
    for (const informer of this.informers.get(kind) ?? []) {
      const found = informer.get(namespace, name);
      if (found) return found;
    }
    return undefined;
  }

  byIndex(kind: WatchedKind, index: string, value: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const informer of this.informers.get(kind) ?? []) {
      for (const object of informer.byIndex(index, value)) out.push(object);
    }
    return out;
  }

  count(kind: WatchedKind): number {
    return (this.informers.get(kind) ?? []).reduce((n, i) => n + i.size, 0);
  }

  /**
   * A signature that changes whenever an object of these kinds (in these namespaces, or anywhere when
   * `namespaces` is undefined) or the cluster's status changes. Cheap: counters only.
   */
  stamp(kinds: WatchedKind[], namespaces?: Iterable<string>): string {
    const ns = namespaces ? [...namespaces] : undefined;
    const parts: string[] = [String(this.statusVersion)];
    for (const kind of kinds) {
      for (const informer of this.informers.get(kind) ?? []) {
        if (ns === undefined || !KINDS[kind].namespaced) {
          parts.push(String(informer.generation));
        } else {
          parts.push(ns.map(n => informer.namespaceGeneration(n)).join('.'));
        }
      }
    }
    return parts.join(':');
  }

  status(): ClusterCacheStatus {
    const all = [...this.informers.entries()].flatMap(([kind, list]) => list.map(informer => ({ kind, informer })));
    let lastHeardAt = this.probeHeardAt;
    const connectivity: InformerError[] = this.probeError ? [this.probeError] : [];
    const degraded: ClusterCacheStatus['degradedKinds'] = [];
    const absent = new Set<WatchedKind>();
    for (const { kind, informer } of all) {
      const s = informer.status();
      if (s.lastHeardAt !== undefined && (lastHeardAt === undefined || s.lastHeardAt > lastHeardAt)) {
        lastHeardAt = s.lastHeardAt;
      }
      if (s.absent) absent.add(kind);
      if (s.error) {
        if (CONNECTIVITY.has(s.error.reason)) {
          connectivity.push(s.error);
        } else {
          degraded.push({ kind, reason: s.error.reason, message: s.error.message });
        }
      }
    }
    // The probe's error (or the first failing informer's) names the problem; `since` is when the streak began.
    const error = connectivity.length
      ? { ...connectivity[0], since: Math.min(...connectivity.map(e => e.since)) }
      : undefined;
    return {
      name: this.name,
      // Every kind we may read has been listed (a kind the cluster refuses us does not keep it "loading").
      synced: all.every(({ informer }) => {
        const e = informer.status().error;
        return informer.hasSynced() || (e !== undefined && !CONNECTIVITY.has(e.reason));
      }),
      lastHeardAt,
      error,
      degradedKinds: degraded,
      absentKinds: [...absent],
      version: this.statusVersion,
    };
  }

  onChange(listener: (change: CacheChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Informer counters, for tests and the benchmark. */
  informerStatuses() {
    return [...this.informers.values()].flat().map(i => ({ name: i.name, ...i.status(), size: i.size }));
  }

  /**
   * Keeps the cluster within `maxObjects`: while it holds more, the kind with the most objects is no longer cached
   * (its informer suspended, its objects dropped) and reported as a degraded kind with the reason, until a restart
   * with a higher cap or fewer objects (e.g. the cluster restricted to namespaces).
   */
  private enforceCap() {
    this.addsSinceCapCheck = 0;
    const cap = this.options.maxObjects;
    if (!cap) return;
    const kinds = [...this.informers.entries()]
      .filter(([, list]) => list.some(informer => informer.status().error?.reason !== 'OverCapacity'))
      .map(([kind, list]) => ({ kind, list, size: list.reduce((n, informer) => n + informer.size, 0) }))
      .sort((a, b) => b.size - a.size);
    let total = kinds.reduce((n, k) => n + k.size, 0);
    for (const { kind, list, size } of kinds) {
      if (total <= cap) break;
      const message = `${kind} are not cached: with its ${size.toLocaleString('en-US')} ${kind} this cluster would hold ${total.toLocaleString(
        'en-US',
      )} objects, over the cap of ${cap.toLocaleString('en-US')} (gsvOps.clusters.${this.name}.maxCachedObjects); raise it, or watch fewer namespaces (gsvOps.clusters.${this.name}.namespaces), and restart`;
      this.options.logger?.warn('Cluster over its cache cap: a kind is no longer cached', { cluster: this.name, kind, objects: total, cap });
      for (const informer of list) informer.suspend({ reason: 'OverCapacity', message });
      total -= size;
    }
  }

  private emit(change: CacheChange) {
    for (const listener of this.listeners) listener(change);
  }

  /**
   * `GET /version` on an interval: keeps "last heard" fresh on quiet clusters, notices a hung cluster whose
   * watches are silent, and on recovery cuts the informers' backoff short.
   */
  private async probeLoop(signal: AbortSignal): Promise<void> {
    const healthyMs = this.options.probeIntervalMs ?? 30_000;
    const failingMs = Math.min(healthyMs, this.options.failingProbeIntervalMs ?? 5_000);
    while (!signal.aborted) {
      await sleep(this.probeError ? failingMs : healthyMs, signal);
      if (signal.aborted) break;
      try {
        await this.cluster.client.requestJson({ path: '/version', signal });
        this.probeHeardAt = this.now();
        if (this.probeError) {
          this.options.logger?.info('Cluster answers again', { cluster: this.name });
          this.probeError = undefined;
          this.statusVersion += 1;
          for (const informer of [...this.informers.values()].flat()) {
            if (informer.status().error) informer.retryNow();
          }
          this.emit({ cluster: this.name });
        }
      } catch (e) {
        if (signal.aborted) break;
        const reason = isKubernetesApiError(e) ? e.reason : 'Unknown';
        const message = e instanceof Error ? e.message : String(e);
        const changed = this.probeError?.message !== message;
        this.probeError = { reason, message, since: this.probeError?.since ?? this.now() };
        if (changed) {
          this.options.logger?.warn('Cluster does not answer its probe', { cluster: this.name, reason, error: message });
          this.statusVersion += 1;
          this.emit({ cluster: this.name });
        }
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return cancellableSleep(ms, signal).done;
}
