import type { StoredObject } from '../api/types';

/**
 * The in-memory etcd: objects per resource, one global resourceVersion counter, a bounded history per resource
 * for watches that resume from a resourceVersion, and an index of ownerReferences for garbage collection.
 *
 * Stored objects are never mutated: every write stores a new object. Readers inside the emulator may therefore
 * hold on to them; anything handed to the outside world is serialised or cloned first.
 */

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: StoreEventType;
  /** The object after the change (for DELETED: the last state, with the deletion's resourceVersion). */
  object: StoredObject;
  /** The object before the change (MODIFIED and DELETED). */
  previous?: StoredObject;
  resourceVersion: number;
  /** Real time (ms) the event happened, for the retention window. */
  realTime: number;
  /** Cached serialisation of `{type, object}` shared by all watchers. */
  serialized?: string;
}

export type StoreListener = (event: StoreEvent, collectionKey: string) => void;

export interface ObjectStoreOptions {
  /** How many events per resource a watch can resume from (default 10,000). */
  historySize?: number;
  /** How long (real ms) events stay resumable (default 5 minutes, like etcd's compaction interval). */
  historyWindowMs?: number;
  /** Deep-freeze stored objects so accidental mutation throws (tests). */
  freeze?: boolean;
}

export interface ObjectAddress {
  collection: string;
  namespace: string;
  name: string;
}

class Collection {
  readonly objects = new Map<string, StoredObject>();
  readonly byNamespace = new Map<string, Map<string, StoredObject>>();
  history: StoreEvent[] = [];
  /** Watches from a resourceVersion below this have missed events: 410 Expired. */
  compactedThrough = 0;
  readonly listeners = new Set<StoreListener>();
  private sortedKeys: string[] | undefined;
  private sortedByNamespace = new Map<string, string[]>();

  constructor(readonly key: string) {}

  set(namespace: string, name: string, object: StoredObject): boolean {
    const id = objectId(namespace, name);
    const isNew = !this.objects.has(id);
    this.objects.set(id, object);
    let names = this.byNamespace.get(namespace);
    if (!names) {
      names = new Map();
      this.byNamespace.set(namespace, names);
    }
    names.set(name, object);
    if (isNew) this.invalidate(namespace);
    return isNew;
  }

  delete(namespace: string, name: string): void {
    this.objects.delete(objectId(namespace, name));
    const names = this.byNamespace.get(namespace);
    names?.delete(name);
    if (names && names.size === 0) this.byNamespace.delete(namespace);
    this.invalidate(namespace);
  }

  /** Objects in key order (namespace, then name), as etcd returns them. */
  sorted(namespace?: string): StoredObject[] {
    if (namespace !== undefined) {
      const names = this.byNamespace.get(namespace);
      if (!names) return [];
      let keys = this.sortedByNamespace.get(namespace);
      if (!keys) {
        keys = [...names.keys()].sort();
        this.sortedByNamespace.set(namespace, keys);
      }
      return keys.map(name => names.get(name)!);
    }
    if (!this.sortedKeys) this.sortedKeys = [...this.objects.keys()].sort();
    return this.sortedKeys.map(id => this.objects.get(id)!);
  }

  private invalidate(namespace: string): void {
    this.sortedKeys = undefined;
    this.sortedByNamespace.delete(namespace);
  }
}

function objectId(namespace: string, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export class ObjectStore {
  private readonly collections = new Map<string, Collection>();
  private readonly globalListeners = new Set<StoreListener>();
  private readonly owners = new Map<string, Set<string>>();
  private revision = 0;
  private readonly historySize: number;
  private readonly historyWindowMs: number;
  private readonly freeze: boolean;

  constructor(options: ObjectStoreOptions = {}) {
    this.historySize = options.historySize ?? 10_000;
    this.historyWindowMs = options.historyWindowMs ?? 5 * 60_000;
    this.freeze = options.freeze ?? false;
  }

  /** The latest resourceVersion handed out. */
  get resourceVersion(): number {
    return this.revision;
  }

  get(collection: string, namespace: string, name: string): StoredObject | undefined {
    return this.collections.get(collection)?.objects.get(objectId(namespace, name));
  }

  /** All objects of a resource (optionally in one namespace), in key order. */
  list(collection: string, namespace?: string): StoredObject[] {
    return this.collections.get(collection)?.sorted(namespace) ?? [];
  }

  count(collection: string): number {
    return this.collections.get(collection)?.objects.size ?? 0;
  }

  /** The names of namespaces holding objects of this resource. */
  namespacesOf(collection: string): string[] {
    return [...(this.collections.get(collection)?.byNamespace.keys() ?? [])];
  }

  /** Stores a new version of an object, stamping a fresh resourceVersion, and notifies watchers. */
  put(collection: string, object: StoredObject): StoredObject {
    const target = this.collection(collection);
    const namespace = object.metadata.namespace ?? '';
    const name = object.metadata.name;
    const previous = target.objects.get(objectId(namespace, name));
    const resourceVersion = ++this.revision;
    const stored: StoredObject = {
      ...object,
      metadata: { ...object.metadata, resourceVersion: String(resourceVersion) },
    };
    if (this.freeze) deepFreeze(stored);
    target.set(namespace, name, stored);
    this.indexOwners(collection, stored, previous);
    this.emit(target, {
      type: previous ? 'MODIFIED' : 'ADDED',
      object: stored,
      previous,
      resourceVersion,
      realTime: performance.now(),
    });
    return stored;
  }

  /** Removes an object for good; watchers see DELETED with a new resourceVersion. */
  remove(collection: string, namespace: string, name: string): StoredObject | undefined {
    const target = this.collections.get(collection);
    const previous = target?.objects.get(objectId(namespace, name));
    if (!target || !previous) return undefined;
    const resourceVersion = ++this.revision;
    const last: StoredObject = {
      ...previous,
      metadata: { ...previous.metadata, resourceVersion: String(resourceVersion) },
    };
    if (this.freeze) deepFreeze(last);
    target.delete(namespace, name);
    this.indexOwners(collection, undefined, previous);
    this.emit(target, { type: 'DELETED', object: last, previous, resourceVersion, realTime: performance.now() });
    return last;
  }

  /** Listens to one resource's changes (synchronously, in commit order). Returns the unsubscribe function. */
  subscribe(collection: string, listener: StoreListener): () => void {
    const target = this.collection(collection);
    target.listeners.add(listener);
    return () => target.listeners.delete(listener);
  }

  /** Listens to every change of every resource. */
  subscribeAll(listener: StoreListener): () => void {
    this.globalListeners.add(listener);
    return () => this.globalListeners.delete(listener);
  }

  /**
   * The events of a resource after `resourceVersion`, or `'expired'` when some of them were already dropped
   * from the history (the caller answers 410 Expired).
   */
  eventsSince(collection: string, resourceVersion: number): StoreEvent[] | 'expired' {
    const target = this.collection(collection);
    this.trimByAge(target);
    if (resourceVersion < target.compactedThrough) return 'expired';
    const history = target.history;
    let low = 0;
    let high = history.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (history[middle].resourceVersion <= resourceVersion) low = middle + 1;
      else high = middle;
    }
    return history.slice(low);
  }

  /** The oldest resourceVersion a watch on this resource can still resume from. */
  oldestResumable(collection: string): number {
    return this.collection(collection).compactedThrough;
  }

  /** Drops the history of one resource (or all): watches from older resourceVersions get 410 Expired. */
  compact(collection?: string): void {
    const targets = collection ? [this.collection(collection)] : [...this.collections.values()];
    for (const target of targets) {
      target.history = [];
      target.compactedThrough = this.revision;
    }
  }

  /** Objects whose ownerReferences name this uid. */
  dependentsOf(uid: string): ObjectAddress[] {
    const entries = this.owners.get(uid);
    if (!entries) return [];
    return [...entries].map(entry => {
      const [collection, namespace, name] = entry.split('|');
      return { collection, namespace, name };
    });
  }

  collectionKeys(): string[] {
    return [...this.collections.keys()];
  }

  private collection(key: string): Collection {
    let target = this.collections.get(key);
    if (!target) {
      target = new Collection(key);
      this.collections.set(key, target);
    }
    return target;
  }

  private emit(target: Collection, event: StoreEvent): void {
    target.history.push(event);
    if (target.history.length > this.historySize) {
      const dropped = target.history.splice(0, target.history.length - this.historySize);
      target.compactedThrough = dropped[dropped.length - 1].resourceVersion;
    }
    for (const listener of target.listeners) listener(event, target.key);
    for (const listener of this.globalListeners) listener(event, target.key);
  }

  private trimByAge(target: Collection): void {
    const cutoff = performance.now() - this.historyWindowMs;
    let drop = 0;
    while (drop < target.history.length && target.history[drop].realTime < cutoff) drop++;
    if (drop > 0) {
      target.compactedThrough = target.history[drop - 1].resourceVersion;
      target.history.splice(0, drop);
    }
  }

  private indexOwners(collection: string, current?: StoredObject, previous?: StoredObject): void {
    const entryOf = (object: StoredObject) =>
      `${collection}|${object.metadata.namespace ?? ''}|${object.metadata.name}`;
    for (const reference of previous?.metadata.ownerReferences ?? []) {
      this.owners.get(reference.uid)?.delete(entryOf(previous!));
      if (this.owners.get(reference.uid)?.size === 0) this.owners.delete(reference.uid);
    }
    for (const reference of current?.metadata.ownerReferences ?? []) {
      let entries = this.owners.get(reference.uid);
      if (!entries) {
        entries = new Set();
        this.owners.set(reference.uid, entries);
      }
      entries.add(entryOf(current!));
    }
  }
}

function deepFreeze(value: unknown): void {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
}
