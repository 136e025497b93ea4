import type { LoggerService } from '@backstage/backend-plugin-api';
import { isKubernetesApiError, KubeObject, KubernetesApiError } from '../ClusterRegistry/types';
import { Backoff } from './Backoff';
import { cancellableSleep } from './sleep';
import type { InformerError, InformerEvent, InformerStatus, ListWatchSource } from './types';

/** Computes index keys of an object, e.g. its owners' uids. */
export type Indexer = (object: KubeObject) => string[];

export interface InformerOptions {
  /** For logs, e.g. `gsv-dev/pods`. */
  name: string;
  source: ListWatchSource;
  /** A CRD kind: 404 on list marks it absent instead of failing. */
  optional?: boolean;
  logger?: LoggerService;
  now?: () => number;
  random?: () => number;
  backoff?: { initialMs: number; maxMs: number; resetMs: number; factor?: number; jitter?: number };
  /** How often to look again for a kind that is absent (default 5 min). */
  absentRecheckMs?: number;
  indexers?: Record<string, Indexer>;
  /** Defaults to {@link trimObject}: no managedFields, deep-frozen. */
  transform?: (object: KubeObject) => KubeObject;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * An informer in client-go's sense (tools/cache shared_informer.go + reflector.go) for one kind: list, then watch
 * from the list's resourceVersion with bookmarks; on 410 Gone clear the resourceVersion and relist; after any other
 * error restart with jittered exponential backoff; keep the objects keyed by `namespace/name`, read-only.
 *
 * resourceVersion is an opaque string: stored and sent back, never compared or parsed.
 */
export class Informer {
  private readonly store = new Map<string, KubeObject>();
  private readonly byNamespace = new Map<string, Map<string, KubeObject>>();
  private readonly indexes = new Map<string, Map<string, Map<string, KubeObject>>>();
  private readonly namespaceGenerations = new Map<string, number>();
  private readonly listeners = new Set<(event: InformerEvent) => void>();
  private readonly backoff: Backoff;
  private readonly now: () => number;
  private readonly transform: (object: KubeObject) => KubeObject;
  private resourceVersion?: string;
  private synced = false;
  private absent = false;
  private error?: InformerError;
  private lastHeardAt?: number;
  private gen = 0;
  private wake?: () => void;
  /** Set by {@link Informer.suspend}: stops the run loop for good. */
  private readonly suspension = new AbortController();
  private readonly counters = { lists: 0, watches: 0, relistsOnGone: 0, errors: 0 };

  constructor(private readonly options: InformerOptions) {
    this.now = options.now ?? Date.now;
    this.backoff = new Backoff({
      ...(options.backoff ?? Backoff.CLIENT_GO),
      now: this.now,
      random: options.random,
    });
    this.transform = options.transform ?? trimObject;
    for (const name of Object.keys(options.indexers ?? {})) {
      this.indexes.set(name, new Map());
    }
  }

  get name(): string {
    return this.options.name;
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Increments on every change of the stored objects. */
  get generation(): number {
    return this.gen;
  }

  /** Increments on every change of an object in this namespace (`''` for cluster-scoped objects). */
  namespaceGeneration(namespace: string): number {
    return this.namespaceGenerations.get(namespace) ?? 0;
  }

  status(): InformerStatus {
    return {
      synced: this.synced,
      absent: this.absent,
      error: this.error,
      lastHeardAt: this.lastHeardAt,
      resourceVersion: this.resourceVersion,
      counters: { ...this.counters },
    };
  }

  get size(): number {
    return this.store.size;
  }

  /** All objects, or those of one namespace. */
  list(namespace?: string): Iterable<KubeObject> {
    if (namespace === undefined) return this.store.values();
    return this.byNamespace.get(namespace)?.values() ?? [];
  }

  get(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(keyOf(namespace, name));
  }

  byIndex(indexName: string, value: string): Iterable<KubeObject> {
    const index = this.indexes.get(indexName);
    if (!index) throw new Error(`Informer ${this.name} has no index ${indexName}`);
    return index.get(value)?.values() ?? [];
  }

  /** Listeners must be fast; slow work belongs in a queue. Returns the unsubscribe function. */
  onEvent(listener: (event: InformerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Cut a running backoff or absent-kind wait short (e.g. when the cluster answers again). */
  retryNow() {
    this.wake?.();
  }

  /**
   * Stops watching for good and forgets the objects, reporting `error` in the status (the watch cache does this to a
   * kind that would take a cluster over its cap).
   */
  suspend(error: Omit<InformerError, 'since'>) {
    if (this.suspension.signal.aborted) return;
    this.suspension.abort();
    this.wake?.();
    this.replace([]);
    this.resourceVersion = undefined;
    this.synced = true;
    this.error = { ...error, since: this.now() };
    this.emit({ type: 'status' });
  }

  /** Runs until the signal aborts or the informer is suspended. Never throws. */
  async run(outer: AbortSignal): Promise<void> {
    const signal = AbortSignal.any([outer, this.suspension.signal]);
    let needList = true;
    let quickCloses = 0;
    while (!signal.aborted) {
      let phase: 'list' | 'watch' = 'list';
      try {
        if (needList) {
          await this.listOnce(signal);
          needList = false;
          if (this.absent) {
            await this.sleep(this.options.absentRecheckMs ?? 300_000, signal);
            needList = true;
            continue;
          }
        }
        phase = 'watch';
        const started = this.now();
        const received = await this.watchOnce(signal);
        if (signal.aborted) break;
        // The server closed the stream (its timeout): watch again from where we are. A server that closes
        // immediately again and again gets backoff, not a hot loop.
        if (!received && this.now() - started < 1000) {
          quickCloses += 1;
          if (quickCloses >= 3) {
            await this.sleep(this.backoff.next(), signal);
          }
        } else {
          quickCloses = 0;
        }
      } catch (e) {
        if (signal.aborted) break;
        if (isKubernetesApiError(e) && e.reason === 'Gone') {
          // Our resourceVersion is too old: forget it and relist (client-go: "too old resource version").
          this.counters.relistsOnGone += 1;
          this.options.logger?.debug('Watch expired, relisting', { informer: this.name });
          this.resourceVersion = undefined;
          needList = true;
          quickCloses += 1;
          if (quickCloses >= 3) {
            await this.sleep(this.backoff.next(), signal);
          }
          continue;
        }
        // A watch stream that breaks in transit (connection reset, proxy restart) is routine: relist after the
        // backoff and only report an error if that fails too. An API server that answers the watch with an
        // error status (401, 403, 429, 5xx) is reported at once.
        const transient =
          phase === 'watch' &&
          isKubernetesApiError(e) &&
          e.upstreamStatus === undefined &&
          (e.reason === 'Unreachable' || e.reason === 'Timeout');
        if (transient) {
          this.counters.errors += 1;
          this.options.logger?.debug('Watch stream broke, relisting', { informer: this.name, error: String(e) });
        } else {
          this.recordError(e);
        }
        needList = true;
        const retryAfterMs = isKubernetesApiError(e) && e.retryAfterSeconds ? e.retryAfterSeconds * 1000 : 0;
        await this.sleep(Math.max(this.backoff.next(), retryAfterMs), signal);
      }
    }
  }

  private async listOnce(signal: AbortSignal) {
    this.counters.lists += 1;
    let result;
    try {
      result = await this.options.source.list({ signal });
    } catch (e) {
      if (this.options.optional && isKubernetesApiError(e) && e.reason === 'NotFound') {
        const changed = !this.absent || !this.synced || this.error !== undefined || this.store.size > 0;
        this.replace([]);
        this.absent = true;
        this.synced = true;
        this.error = undefined;
        this.resourceVersion = undefined;
        this.lastHeardAt = this.now();
        if (changed) this.emit({ type: 'status' });
        return;
      }
      throw e;
    }
    if (signal.aborted) return;
    const wasHealthy = this.synced && !this.absent && this.error === undefined;
    this.replace(result.items);
    this.resourceVersion = result.resourceVersion;
    this.absent = false;
    this.synced = true;
    this.error = undefined;
    this.lastHeardAt = this.now();
    if (!wasHealthy) this.emit({ type: 'status' });
  }

  /** Returns whether any event arrived. */
  private async watchOnce(signal: AbortSignal): Promise<boolean> {
    this.counters.watches += 1;
    let received = false;
    const stream = this.options.source.watch({ resourceVersion: this.resourceVersion ?? '', signal });
    for await (const event of stream) {
      if (signal.aborted) return received;
      received = true;
      this.lastHeardAt = this.now();
      switch (event.type) {
        case 'ADDED':
        case 'MODIFIED':
          this.upsert(event.object);
          this.resourceVersion = event.object.metadata?.resourceVersion ?? this.resourceVersion;
          break;
        case 'DELETED':
          this.remove(event.object);
          this.resourceVersion = event.object.metadata?.resourceVersion ?? this.resourceVersion;
          break;
        case 'BOOKMARK':
          this.resourceVersion = event.object.metadata?.resourceVersion ?? this.resourceVersion;
          break;
        case 'ERROR': {
          const code = event.object.code ?? 500;
          throw new KubernetesApiError({
            cluster: this.name,
            reason: KubernetesApiError.reasonForStatus(code),
            upstreamStatus: code,
            message: event.object.message ?? `watch error ${code}`,
          });
        }
        default:
          break;
      }
    }
    return received;
  }

  private recordError(e: unknown) {
    this.counters.errors += 1;
    const reason = isKubernetesApiError(e) ? e.reason : 'Unknown';
    const message = e instanceof Error ? e.message : String(e);
    const changed = this.error?.reason !== reason || this.error?.message !== message;
    this.error = { reason, message, since: this.error?.since ?? this.now() };
    if (changed) {
      this.options.logger?.warn('Watch failed, will retry with backoff', {
        informer: this.name,
        reason,
        error: message,
      });
      this.emit({ type: 'status' });
    }
  }

  private replace(items: KubeObject[]) {
    const next = new Map<string, KubeObject>();
    for (const raw of items) {
      next.set(keyOf(raw.metadata?.namespace, raw.metadata?.name), raw);
    }
    for (const [key, old] of [...this.store]) {
      if (!next.has(key)) {
        this.removeKey(key, old);
      }
    }
    for (const raw of next.values()) {
      this.upsert(raw);
    }
  }

  private upsert(raw: KubeObject) {
    const key = keyOf(raw.metadata?.namespace, raw.metadata?.name);
    const old = this.store.get(key);
    if (old && old.metadata.resourceVersion !== undefined && old.metadata.resourceVersion === raw.metadata?.resourceVersion) {
      return; // same version (a relist of an unchanged object)
    }
    const object = this.transform(raw);
    if (old) this.unindex(key, old);
    this.store.set(key, object);
    const ns = object.metadata.namespace ?? '';
    let nsMap = this.byNamespace.get(ns);
    if (!nsMap) {
      nsMap = new Map();
      this.byNamespace.set(ns, nsMap);
    }
    nsMap.set(key, object);
    this.index(key, object);
    this.bump(ns);
    this.emit(old ? { type: 'update', object, oldObject: old } : { type: 'add', object });
  }

  private remove(raw: KubeObject) {
    const key = keyOf(raw.metadata?.namespace, raw.metadata?.name);
    const old = this.store.get(key);
    if (old) this.removeKey(key, old);
  }

  private removeKey(key: string, old: KubeObject) {
    this.store.delete(key);
    const ns = old.metadata.namespace ?? '';
    const nsMap = this.byNamespace.get(ns);
    nsMap?.delete(key);
    if (nsMap && nsMap.size === 0) this.byNamespace.delete(ns);
    this.unindex(key, old);
    this.bump(ns);
    this.emit({ type: 'delete', object: old });
  }

  private index(key: string, object: KubeObject) {
    for (const [name, fn] of Object.entries(this.options.indexers ?? {})) {
      const index = this.indexes.get(name)!;
      for (const value of fn(object)) {
        let bucket = index.get(value);
        if (!bucket) {
          bucket = new Map();
          index.set(value, bucket);
        }
        bucket.set(key, object);
      }
    }
  }

  private unindex(key: string, object: KubeObject) {
    for (const [name, fn] of Object.entries(this.options.indexers ?? {})) {
      const index = this.indexes.get(name)!;
      for (const value of fn(object)) {
        const bucket = index.get(value);
        bucket?.delete(key);
        if (bucket && bucket.size === 0) index.delete(value);
      }
    }
  }

  private bump(namespace: string) {
    this.gen += 1;
    this.namespaceGenerations.set(namespace, (this.namespaceGenerations.get(namespace) ?? 0) + 1);
  }

  private emit(event: InformerEvent) {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (e) {
        this.options.logger?.error('Informer listener failed', { informer: this.name, error: String(e) });
      }
    }
  }

  private async sleep(ms: number, signal: AbortSignal): Promise<void> {
    const { done, wake } = cancellableSleep(ms, signal);
    this.wake = wake;
    await done;
    if (this.wake === wake) this.wake = undefined;
  }
}

export function keyOf(namespace: string | undefined, name: string | undefined): string {
  return namespace ? `${namespace}/${name ?? ''}` : name ?? '';
}

/**
 * What the cache keeps of an object: everything but `metadata.managedFields` and kubectl's last-applied
 * annotation (large, never read), deep-frozen so no reader can change the cache.
 */
export function trimObject(raw: KubeObject): KubeObject {
  const { managedFields: _managedFields, ...metadata } = raw.metadata ?? ({ name: '' } as KubeObject['metadata']);
  if (metadata.annotations && LAST_APPLIED in metadata.annotations) {
    const { [LAST_APPLIED]: _lastApplied, ...annotations } = metadata.annotations;
    metadata.annotations = annotations;
  }
  return deepFreeze({ ...raw, metadata });
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value as object)) {
      deepFreeze((value as Record<string, unknown>)[key]);
    }
  }
  return value;
}
