import type { KubeObject, OwnerReference } from '../api/types';
import { clone } from '../patch/mergePatch';
import type { StoreEvent } from '../store/ObjectStore';
import type { Controller, ControllerContext, WatchSpec } from './ControllerManager';

/**
 * The garbage collector: when an owner goes, its dependents (by ownerReferences) go too (background
 * propagation), dependents that still have a live owner just lose the dangling reference, and owners deleted with
 * `propagationPolicy=Foreground` wait (finalizer `foregroundDeletion`) until their dependents are gone.
 */

const FOREGROUND = 'foregroundDeletion';

export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector';

  constructor(private readonly context: ControllerContext) {}

  watches(): WatchSpec[] {
    return this.storedCollections().map(collection => ({
      collection,
      keys: (event: StoreEvent) => this.keysFor(collection, event),
    }));
  }

  initialKeys(): string[] {
    const keys: string[] = [];
    for (const collection of this.storedCollections()) {
      for (const object of this.context.store.list(collection)) {
        if (object.metadata.finalizers?.includes(FOREGROUND)) keys.push(foregroundKey(collection, object));
      }
    }
    return keys;
  }

  reconcile(key: string): void {
    if (key.startsWith('uid:')) this.collectDependents(key.slice(4));
    else if (key.startsWith('fg:')) this.finishForeground(key.slice(3));
  }

  private keysFor(collection: string, event: StoreEvent): string[] {
    const keys: string[] = [];
    if (event.type === 'DELETED') {
      keys.push(`uid:${event.object.metadata.uid}`);
      for (const reference of event.object.metadata.ownerReferences ?? []) {
        const owner = this.findOwner(event.object, reference);
        if (owner?.object.metadata.finalizers?.includes(FOREGROUND)) keys.push(foregroundKey(owner.collection, owner.object));
      }
    } else if (event.object.metadata.deletionTimestamp && event.object.metadata.finalizers?.includes(FOREGROUND)) {
      keys.push(foregroundKey(collection, event.object));
    }
    return keys;
  }

  private collectDependents(ownerUid: string): void {
    for (const dependent of this.context.store.dependentsOf(ownerUid)) {
      const object = this.context.store.get(dependent.collection, dependent.namespace, dependent.name);
      if (!object) continue;
      const references = object.metadata.ownerReferences ?? [];
      const alive = references.filter(reference => reference.uid !== ownerUid && this.findOwner(object, reference));
      const definition = this.context.registry.get(dependent.collection);
      if (alive.length > 0) {
        const copy = clone(object) as KubeObject;
        copy.metadata.ownerReferences = references.filter(reference => reference.uid !== ownerUid);
        this.context.api.update(definition, dependent.namespace || undefined, dependent.name, copy);
      } else if (!object.metadata.deletionTimestamp) {
        this.context.api.delete(definition, dependent.namespace || undefined, dependent.name, { propagationPolicy: 'Background' });
      }
    }
  }

  private finishForeground(target: string): void {
    const [collection, namespace, name] = target.split('|');
    const owner = this.context.store.get(collection, namespace, name);
    if (!owner || !owner.metadata.deletionTimestamp || !owner.metadata.finalizers?.includes(FOREGROUND)) return;
    const dependents = this.context.store
      .dependentsOf(owner.metadata.uid)
      .filter(dependent => this.context.store.get(dependent.collection, dependent.namespace, dependent.name));
    for (const dependent of dependents) {
      const object = this.context.store.get(dependent.collection, dependent.namespace, dependent.name)!;
      if (object.metadata.deletionTimestamp) continue;
      this.context.api.delete(this.context.registry.get(dependent.collection), dependent.namespace || undefined, dependent.name, {
        propagationPolicy: 'Foreground',
      });
    }
    const remaining = this.context.store
      .dependentsOf(owner.metadata.uid)
      .filter(dependent => this.context.store.get(dependent.collection, dependent.namespace, dependent.name));
    if (remaining.length === 0) {
      const copy = clone(owner) as KubeObject;
      copy.metadata.finalizers = (copy.metadata.finalizers ?? []).filter(finalizer => finalizer !== FOREGROUND);
      this.context.api.update(this.context.registry.get(collection), namespace || undefined, name, copy);
    }
  }

  private findOwner(dependent: KubeObject, reference: OwnerReference): { collection: string; object: KubeObject } | undefined {
    const definition = this.context.registry.forKind(reference.apiVersion, reference.kind);
    if (!definition || definition.virtual) return undefined;
    const collection = this.context.api.storageKey(definition);
    const object = this.context.store.get(collection, definition.namespaced ? dependent.metadata.namespace ?? '' : '', reference.name);
    return object && object.metadata.uid === reference.uid ? { collection, object } : undefined;
  }

  private storedCollections(): string[] {
    return this.context.registry
      .all()
      .filter(definition => !definition.virtual && !definition.alias)
      .map(definition => this.context.api.storageKey(definition));
  }
}

function foregroundKey(collection: string, object: KubeObject): string {
  return `fg:${collection}|${object.metadata.namespace ?? ''}|${object.metadata.name}`;
}
