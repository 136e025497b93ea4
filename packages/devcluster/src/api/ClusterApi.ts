import type { SimulatedClock } from '../clock/SimulatedClock';
import { applyPatch } from '../patch/applyPatch';
import { clone, isPlainObject } from '../patch/mergePatch';
import type { ResourceRegistry } from '../resources/ResourceRegistry';
import { apiVersionOf, resourceKey, type ResourceDefinition, type StrategyContext } from '../resources/types';
import type { ObjectStore } from '../store/ObjectStore';
import {
  alreadyExists,
  ApiError,
  badRequest,
  conflict,
  forbidden,
  invalid,
  methodNotAllowed,
  notFound,
  unsupportedMediaType,
} from './errors';
import { rfc3339 } from './format';
import { ownershipAfterUpdate, ownershipOfAppliedCreate, prepareApply, type FieldManagerOptions, type OwnershipContext } from './fieldManagement';
import { SchemaEnforcer, type SchemaEnforcementOptions } from './schemaEnforcement';
import { newUid, randomSuffix } from './names';
import { checkBody } from './requestBodies';
import { desiredScale, scaleOf, type ScaleChange, type ScaleObject } from './scaleSubresource';
import { ListWatch, type ListOptions, type ListResult, type WatchHandle, type WatchListener, type WatchOptions } from './ListWatch';
import { sameContent, sameOwnership, specChanged, tracksGeneration } from './objectVersions';
import type { KubeObject, PatchType, StoredObject } from './types';

/**
 * The semantics of the Kubernetes API on top of the store, shared by the HTTP server, the controllers and the
 * programmatic `cluster.store`: defaulting, validation, optimistic concurrency, status and scale subresources,
 * generation, finalizers, graceful and cascading deletion, dry-run, selectors, paging and watch.
 * It performs no authentication or authorisation — the HTTP layer does that before calling it.
 */

export interface WriteOptions extends SchemaEnforcementOptions, FieldManagerOptions {
  /** A create made by a server-side apply: the manager owns the applied configuration only. */
  applying?: boolean;
  /** `dryRun=All`: validate and return the would-be object, store nothing, bump no resourceVersion. */
  dryRun?: boolean;
  /** Internal writers (seed, tests) may set status on create. */
  keepStatus?: boolean;
  /** The caller hands over a fresh object the API may modify and keep (controllers): saves a copy. */
  ownedBody?: boolean;
}

export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';

export interface DeleteOptions extends WriteOptions {
  propagationPolicy?: PropagationPolicy;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export type Subresource = 'status' | 'scale' | undefined;

export class ClusterApi {
  private nextClusterIp = 10;
  private readonly strategyContext: StrategyContext;
  /** Checks every write against its kind's schema; `schemas.violations` lists what internal writers got wrong. */
  readonly schemas = new SchemaEnforcer();
  private readonly listWatch = new ListWatch(this);

  constructor(
    readonly store: ObjectStore,
    readonly registry: ResourceRegistry,
    readonly clock: SimulatedClock,
  ) {
    this.strategyContext = {
      now: 0,
      allocateClusterIp: () => this.allocateClusterIp(),
    };
  }

  // -------------------------------------------------------------------------------------------------------------
  // reads

  get(definition: ResourceDefinition, namespace: string | undefined, name: string): StoredObject {
    const object = this.tryGet(definition, namespace, name);
    if (!object) throw notFound(definition, name);
    return object;
  }

  tryGet(definition: ResourceDefinition, namespace: string | undefined, name: string): StoredObject | undefined {
    if (definition.virtual?.list) {
      return definition.virtual.list(namespace).find(object => object.metadata.name === name) as StoredObject | undefined;
    }
    const stored = this.store.get(this.storageKey(definition), definition.namespaced ? namespace ?? '' : '', name);
    return stored && this.toView(definition, stored);
  }

  list(definition: ResourceDefinition, options: ListOptions = {}): ListResult {
    return this.listWatch.list(definition, options);
  }

  /** Streams changes to `listener`. Throws 410 Expired when `resourceVersion` is older than the history. */
  watch(definition: ResourceDefinition, options: WatchOptions, listener: WatchListener): WatchHandle {
    return this.listWatch.watch(definition, options, listener);
  }

  // -------------------------------------------------------------------------------------------------------------
  // writes

  create(definition: ResourceDefinition, namespace: string | undefined, body: unknown, options: WriteOptions = {}): StoredObject {
    const object = checkBody(definition, body, namespace, options.ownedBody);
    this.schemas.enforce(definition, object, options);
    if (definition.virtual?.create) throw new Error('virtual resources are created through the HTTP layer');
    if (definition.virtual && !definition.alias) throw methodNotAllowed('the server does not allow this method on the requested resource');
    const appliedConfiguration = options.applying ? clone(object) : undefined;
    const stored = definition.alias ? definition.alias.toStored(object) : object;
    const storageDefinition = this.storageDefinition(definition);
    this.prepareCreate(storageDefinition, stored, options);
    if (options.fieldManager) {
      const context = this.ownershipContext(definition);
      stored.metadata.managedFields = appliedConfiguration
        ? ownershipOfAppliedCreate(appliedConfiguration, options.fieldManager, context)
        : ownershipAfterUpdate(undefined, object, options.fieldManager, context);
    }
    const result = this.commitCreate(storageDefinition, stored, options);
    return this.toView(definition, result);
  }

  update(
    definition: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    body: unknown,
    options: WriteOptions & { subresource?: Subresource } = {},
  ): StoredObject {
    const incoming = checkBody(definition, body, namespace, options.ownedBody);
    if (incoming.metadata.name !== name) {
      throw badRequest(`the name of the object (${incoming.metadata.name}) does not match the name on the URL (${name})`);
    }
    this.schemas.enforce(definition, incoming, options);
    const existing = this.getStored(definition, namespace, name);
    const stored = definition.alias ? definition.alias.toStored(incoming) : incoming;
    const result = this.commitUpdate(this.storageDefinition(definition), existing, stored, options.subresource, options);
    return this.toView(definition, result);
  }

  patch(
    definition: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    patch: unknown,
    options: WriteOptions & { subresource?: Subresource } = {},
  ): StoredObject {
    if (patchType === 'strategic' && definition.custom) {
      throw unsupportedMediaType(
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
      );
    }
    if (patchType === 'apply' && !options.fieldManager) {
      throw invalid('PatchOptions', 'meta.k8s.io', '', [{ reason: 'FieldValueRequired', field: 'fieldManager', message: 'Required value: is required for apply patch' }]);
    }
    const existing = this.tryGetStored(definition, namespace, name);
    if (!existing) {
      if (patchType === 'apply' && !options.subresource) {
        const body = { ...(patch as KubeObject) };
        body.metadata = { ...body.metadata, name };
        return this.create(definition, namespace, body, { ...options, applying: true });
      }
      throw notFound(definition, name);
    }
    const view = this.toView(definition, existing);
    const { patched, managedFields } = this.patchedView(definition, view, patchType, patch, options);
    this.schemas.enforce(definition, patched, options);
    if (managedFields) patched.metadata.managedFields = managedFields;
    // An apply has computed ownership already; the update below must not record it again.
    const writeOptions = managedFields ? { ...options, fieldManager: undefined } : options;
    const stored = definition.alias ? definition.alias.toStored(patched) : patched;
    const checked = checkBody(definition, stored, namespace, true);
    if (checked.metadata.name !== name) throw badRequest(`the name of the object (${checked.metadata.name}) does not match the name on the URL (${name})`);
    const result = this.commitUpdate(this.storageDefinition(definition), existing, checked, options.subresource, writeOptions);
    return this.toView(definition, result);
  }

  /** The object a patch produces; an apply also checks and computes field ownership. */
  private patchedView(definition: ResourceDefinition, view: KubeObject, patchType: PatchType, patch: unknown, options: WriteOptions & { subresource?: Subresource }) {
    if (patchType !== 'apply' || !isPlainObject(patch)) return { patched: applyPatch(view, patch, patchType), managedFields: undefined };
    const context = this.ownershipContext(definition, options.subresource);
    const { base, managedFields } = prepareApply(view, patch as KubeObject, options.fieldManager!, Boolean(options.force), context);
    // Built-in kinds merge keyed lists (containers by name) as server-side apply does; custom resources' lists are atomic.
    return { patched: applyPatch(base, patch, definition.custom ? 'apply' : 'strategic'), managedFields };
  }

  private ownershipContext(definition: ResourceDefinition, subresource?: Subresource): OwnershipContext {
    return { apiVersion: apiVersionOf(definition), subresource, time: rfc3339(this.clock.now()), keyedLists: !definition.custom };
  }

  delete(definition: ResourceDefinition, namespace: string | undefined, name: string, options: DeleteOptions = {}): StoredObject {
    if (definition.virtual && !definition.alias) throw methodNotAllowed('the server does not allow this method on the requested resource');
    const storageDefinition = this.storageDefinition(definition);
    const existing = this.getStored(definition, namespace, name);
    const { preconditions } = options;
    if (preconditions?.uid && preconditions.uid !== existing.metadata.uid) {
      throw conflict(definition, name, `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${existing.metadata.uid}`);
    }
    if (preconditions?.resourceVersion && preconditions.resourceVersion !== existing.metadata.resourceVersion) {
      throw conflict(
        definition,
        name,
        `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion}`,
      );
    }
    const result = this.commitDelete(storageDefinition, existing, options);
    return this.toView(definition, result);
  }

  /** DELETE on a collection: deletes what the selectors match. Returns the deleted objects. */
  deleteCollection(definition: ResourceDefinition, listOptions: ListOptions, options: DeleteOptions = {}): StoredObject[] {
    const { items } = this.list(definition, { ...listOptions, limit: undefined, continue: undefined });
    return items.map(item => this.delete(definition, item.metadata.namespace, item.metadata.name, options));
  }

  // -------------------------------------------------------------------------------------------------------------
  // scale subresource

  getScale(definition: ResourceDefinition, namespace: string | undefined, name: string): ScaleObject {
    if (!definition.scale) throw notFound(definition, name);
    return scaleOf(definition, this.get(definition, namespace, name));
  }

  updateScale(
    definition: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    change: ScaleChange,
    options: WriteOptions = {},
  ): ScaleObject {
    const { replicas, precondition } = desiredScale(definition, name, this.getScale(definition, namespace, name), change);
    const existing = this.getStored(definition, namespace, name);
    if (precondition && precondition !== existing.metadata.resourceVersion) throw conflict(definition, name);
    const updated = clone(existing) as KubeObject;
    definition.scale!.setSpecReplicas(updated, replicas);
    return scaleOf(definition, this.commitUpdate(definition, existing, updated, undefined, options));
  }

  // -------------------------------------------------------------------------------------------------------------
  // internals shared with controllers

  /** Removes an object for good, regardless of finalizers (garbage collector and kubelet use this). */
  forceRemove(definition: ResourceDefinition, namespace: string | undefined, name: string): void {
    this.store.remove(resourceKey(definition), definition.namespaced ? namespace ?? '' : '', name);
  }

  storageKey(definition: ResourceDefinition): string {
    return definition.alias ? definition.alias.storedAs : resourceKey(definition);
  }

  storageDefinition(definition: ResourceDefinition): ResourceDefinition {
    return definition.alias ? this.registry.get(definition.alias.storedAs) : definition;
  }

  /** The object as the resource serves it (aliases convert from the stored kind). */
  toView(definition: ResourceDefinition, object: StoredObject): StoredObject {
    return definition.alias ? (definition.alias.fromStored(object) as StoredObject) : object;
  }

  private getStored(definition: ResourceDefinition, namespace: string | undefined, name: string): StoredObject {
    const object = this.tryGetStored(definition, namespace, name);
    if (!object) throw notFound(definition, name);
    return object;
  }

  private tryGetStored(definition: ResourceDefinition, namespace: string | undefined, name: string): StoredObject | undefined {
    return this.store.get(this.storageKey(definition), definition.namespaced ? namespace ?? '' : '', name);
  }

  private prepareCreate(definition: ResourceDefinition, object: KubeObject, options: WriteOptions): void {
    const metadata = object.metadata;
    if (definition.namespaced) {
      const namespace = this.store.get('/namespaces', '', metadata.namespace!);
      if (!namespace) throw notFound({ group: '', resource: 'namespaces' }, metadata.namespace!);
      if (namespace.metadata.deletionTimestamp) {
        throw forbidden(
          `${definition.resource} "${metadata.name ?? metadata.generateName ?? ''}" is forbidden: unable to create new content in namespace ${metadata.namespace} because it is being terminated`,
          { name: metadata.name, kind: definition.resource },
        );
      }
    }
    if (!metadata.name) {
      if (!metadata.generateName) {
        throw invalid(definition.kind, definition.group, '', [
          { reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' },
        ]);
      }
      const key = resourceKey(definition);
      do {
        metadata.name = `${metadata.generateName}${randomSuffix()}`;
      } while (this.store.get(key, metadata.namespace ?? '', metadata.name));
    }
    const now = this.clock.now();
    metadata.uid = newUid();
    if (!options.keepStatus || !metadata.creationTimestamp) metadata.creationTimestamp = rfc3339(now);
    delete metadata.resourceVersion;
    delete metadata.deletionTimestamp;
    delete metadata.deletionGracePeriodSeconds;
    delete metadata.managedFields;
    if (tracksGeneration(definition)) metadata.generation = 1;
    else delete metadata.generation;
    if (definition.hasStatus && !options.keepStatus) delete object.status;
    this.strategyContext.now = now;
    definition.defaults?.(object, this.strategyContext);
    const causes = definition.validate?.(object, undefined) ?? [];
    if (causes.length) throw invalid(definition.kind, definition.group, metadata.name, causes);
  }

  private commitCreate(definition: ResourceDefinition, object: KubeObject, options: WriteOptions): StoredObject {
    const key = resourceKey(definition);
    const { namespace = '', name } = object.metadata;
    if (this.store.get(key, namespace, name!)) throw alreadyExists(definition, name!);
    if (options.dryRun) return object as StoredObject;
    return this.store.put(key, object as StoredObject);
  }

  private commitUpdate(
    definition: ResourceDefinition,
    existing: StoredObject,
    incoming: KubeObject,
    subresource: Subresource,
    options: WriteOptions,
  ): StoredObject {
    const name = existing.metadata.name;
    const requestedVersion = incoming.metadata?.resourceVersion;
    if (requestedVersion && requestedVersion !== existing.metadata.resourceVersion) throw conflict(definition, name);
    if (!requestedVersion && definition.custom) {
      throw invalid(definition.kind, definition.group, name, [
        { reason: 'FieldValueInvalid', field: 'metadata.resourceVersion', message: 'Invalid value: 0x0: must be specified for an update' },
      ]);
    }
    if (incoming.metadata?.uid && incoming.metadata.uid !== existing.metadata.uid) {
      throw conflict(definition, name, `Precondition failed: UID in precondition: ${incoming.metadata.uid}, UID in object meta: ${existing.metadata.uid}`);
    }
    let next: KubeObject;
    if (subresource === 'status') {
      // Stored objects are immutable, so the new version may share everything but its status with the old one.
      next = { ...existing, status: incoming.status };
      if (next.status === undefined) delete next.status;
    } else {
      next = incoming;
      next.metadata = {
        ...next.metadata,
        name,
        namespace: existing.metadata.namespace,
        uid: existing.metadata.uid,
        creationTimestamp: existing.metadata.creationTimestamp,
        deletionTimestamp: existing.metadata.deletionTimestamp,
        deletionGracePeriodSeconds: existing.metadata.deletionGracePeriodSeconds,
        generation: existing.metadata.generation,
        resourceVersion: existing.metadata.resourceVersion,
      };
      if (!existing.metadata.namespace) delete next.metadata.namespace;
      for (const field of ['deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const) {
        if (next.metadata[field] === undefined) delete next.metadata[field];
      }
      if (definition.hasStatus) {
        if (existing.status === undefined) delete next.status;
        else next.status = clone(existing.status);
      }
      if (existing.metadata.deletionTimestamp) {
        const added = (next.metadata.finalizers ?? []).filter(finalizer => !(existing.metadata.finalizers ?? []).includes(finalizer));
        if (added.length) {
          throw forbidden(`${definition.resource} "${name}" is forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`);
        }
      }
    }
    this.strategyContext.now = this.clock.now();
    if (subresource !== 'status') definition.defaults?.(next, this.strategyContext);
    this.recordOwnership(definition, existing, next, subresource, options);
    const causes = definition.validate?.(next, existing) ?? [];
    if (causes.length) throw invalid(definition.kind, definition.group, name, causes);
    if (subresource !== 'status' && tracksGeneration(definition) && specChanged(existing, next, Boolean(definition.hasStatus))) {
      next.metadata.generation = (existing.metadata.generation ?? 0) + 1;
    }
    if (sameContent(existing, next) && sameOwnership(existing, next)) return existing;
    if (options.dryRun) return next as StoredObject;
    if (next.metadata.deletionTimestamp && !(next.metadata.finalizers ?? []).length) {
      return this.store.remove(resourceKey(definition), existing.metadata.namespace ?? '', name) ?? existing;
    }
    return this.store.put(resourceKey(definition), next as StoredObject);
  }

  /** HTTP writes give their field manager what they changed; internal writes keep ownership as it is. */
  private recordOwnership(definition: ResourceDefinition, existing: StoredObject, next: KubeObject, subresource: Subresource, options: WriteOptions): void {
    const managedFields = options.fieldManager
      ? ownershipAfterUpdate(existing, next, options.fieldManager, this.ownershipContext(definition, subresource))
      : next.metadata.managedFields ?? existing.metadata.managedFields;
    next.metadata = { ...next.metadata, managedFields };
    if (!managedFields) delete next.metadata.managedFields;
  }

  private commitDelete(definition: ResourceDefinition, existing: StoredObject, options: DeleteOptions): StoredObject {
    const key = resourceKey(definition);
    const namespace = existing.metadata.namespace ?? '';
    const name = existing.metadata.name;
    const now = this.clock.now();
    if (existing.metadata.deletionTimestamp) {
      if (definition.resource === 'pods' && options.gracePeriodSeconds === 0 && !options.dryRun) {
        return this.store.remove(key, namespace, name) ?? existing;
      }
      return existing;
    }
    const policy = options.propagationPolicy ?? 'Background';
    const finalizers = [...(existing.metadata.finalizers ?? [])];
    if (policy === 'Foreground' && this.store.dependentsOf(existing.metadata.uid).length > 0) {
      finalizers.push('foregroundDeletion');
    }
    if (policy === 'Orphan' && !options.dryRun) this.orphanDependents(existing.metadata.uid);
    const isPod = definition.group === '' && definition.resource === 'pods';
    const isNamespace = definition.group === '' && definition.resource === 'namespaces';
    const graceSeconds = isPod
      ? options.gracePeriodSeconds ?? existing.spec?.terminationGracePeriodSeconds ?? 30
      : 0;
    const graceful = isPod && graceSeconds > 0 && Boolean(existing.spec?.nodeName) && existing.status?.phase !== 'Succeeded' && existing.status?.phase !== 'Failed';
    if (finalizers.length === 0 && !graceful && !isNamespace) {
      if (options.dryRun) return existing;
      return this.store.remove(key, namespace, name) ?? existing;
    }
    const marked = clone(existing) as StoredObject;
    marked.metadata.deletionTimestamp = rfc3339(graceful ? now + graceSeconds * 1000 : now);
    marked.metadata.deletionGracePeriodSeconds = graceful ? graceSeconds : 0;
    marked.metadata.finalizers = finalizers.length ? finalizers : undefined;
    if (!marked.metadata.finalizers) delete marked.metadata.finalizers;
    if (isNamespace) marked.status = { ...marked.status, phase: 'Terminating' };
    if (tracksGeneration(definition)) marked.metadata.generation = (existing.metadata.generation ?? 0) + 1;
    if (options.dryRun) return marked;
    return this.store.put(key, marked);
  }

  private orphanDependents(ownerUid: string): void {
    for (const dependent of this.store.dependentsOf(ownerUid)) {
      const object = this.store.get(dependent.collection, dependent.namespace, dependent.name);
      if (!object) continue;
      const updated = clone(object) as StoredObject;
      updated.metadata.ownerReferences = (updated.metadata.ownerReferences ?? []).filter(reference => reference.uid !== ownerUid);
      if (updated.metadata.ownerReferences.length === 0) delete updated.metadata.ownerReferences;
      this.store.put(dependent.collection, updated);
    }
  }

  private allocateClusterIp(): string {
    const used = new Set(this.store.list('/services').map(service => service.spec?.clusterIP));
    for (;;) {
      const index = this.nextClusterIp++;
      const ip = `10.96.${Math.floor(index / 250) % 250}.${(index % 250) + 1}`;
      if (!used.has(ip)) return ip;
    }
  }
}

export { ApiError, tracksGeneration };
export type { ListOptions, ListResult, ScaleObject, WatchHandle, WatchListener, WatchOptions };
