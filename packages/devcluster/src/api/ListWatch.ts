import { badRequest, expired, methodNotAllowed } from './errors';
import type { KubeObject, StoredObject, WatchEventType } from './types';
import type { ResourceDefinition } from '../resources/types';
import type { ObjectStore, StoreEvent } from '../store/ObjectStore';
import { FieldSelector, LabelSelector } from '../store/selectors';

/**
 * The read side of the API: lists (selectors, `limit`/`continue` paging with 410 for compacted revisions) and
 * watches (initial events, replay from a resourceVersion, 410 Expired past the history, selector transitions as
 * ADDED/DELETED), over the store and through resource aliases.
 */

/** What the read side needs from the API: the store and how resources map to it. */
export interface StorageAccess {
  readonly store: ObjectStore;
  storageKey(definition: ResourceDefinition): string;
  storageDefinition(definition: ResourceDefinition): ResourceDefinition;
  toView(definition: ResourceDefinition, object: StoredObject): StoredObject;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string | LabelSelector;
  fieldSelector?: string | FieldSelector;
  limit?: number;
  continue?: string;
}

export interface ListResult {
  items: StoredObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface WatchOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  sendInitialEvents?: boolean;
}

export type WatchListener = (type: WatchEventType, object: StoredObject, source?: StoreEvent) => void;

export interface WatchHandle {
  stop(): void;
}

export class ListWatch {
  constructor(private readonly access: StorageAccess) {}

  list(definition: ResourceDefinition, options: ListOptions = {}): ListResult {
    const matches = this.matcher(definition, options.namespace, options.labelSelector, options.fieldSelector);
    const namespace = definition.namespaced ? options.namespace : undefined;
    let source: KubeObject[];
    if (definition.virtual?.list) {
      source = definition.virtual.list(namespace);
    } else if (definition.virtual) {
      throw methodNotAllowed(`the server does not allow this method on the requested resource`);
    } else {
      source = this.access.store.list(this.access.storageKey(definition), namespace || undefined);
    }
    const resourceVersion = String(this.access.store.resourceVersion);
    let startAfter: string | undefined;
    let listVersion = resourceVersion;
    if (options.continue) {
      const token = decodeContinue(options.continue);
      if (token.rv < this.access.store.oldestResumable(this.access.storageKey(definition))) {
        throw expired(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
        );
      }
      startAfter = token.start;
      listVersion = String(token.rv);
    }
    const items: StoredObject[] = [];
    let remaining = 0;
    let lastId: string | undefined;
    const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
    for (const object of source) {
      const id = objectId(object);
      if (startAfter !== undefined && id <= startAfter) continue;
      if (!matches(object)) continue;
      if (items.length < limit) {
        items.push(this.access.toView(definition, object as StoredObject));
        lastId = id;
      } else {
        remaining++;
      }
    }
    const result: ListResult = { items, resourceVersion: listVersion };
    if (remaining > 0 && lastId !== undefined) {
      result.continue = encodeContinue({ rv: Number(listVersion), start: lastId });
      result.remainingItemCount = remaining;
    }
    return result;
  }

  /** Streams changes to `listener`. Throws 410 Expired when `resourceVersion` is older than the history. */
  watch(definition: ResourceDefinition, options: WatchOptions, listener: WatchListener): WatchHandle {
    const matches = this.matcher(definition, options.namespace, options.labelSelector, options.fieldSelector);
    if (definition.virtual && !definition.alias) {
      if (!definition.virtual.unchanging || !definition.virtual.list) throw methodNotAllowed('the server does not allow this method on the requested resource');
      const fromScratch = !options.resourceVersion || options.resourceVersion === '0';
      if (fromScratch || options.sendInitialEvents) {
        for (const object of definition.virtual.list(options.namespace).filter(matches)) listener('ADDED', object as StoredObject);
      }
      return { stop: () => undefined };
    }
    const key = this.access.storageKey(definition);
    const namespace = definition.namespaced ? options.namespace || undefined : undefined;
    const rv = options.resourceVersion;
    const fromScratch = rv === undefined || rv === '' || rv === '0';
    if (fromScratch || options.sendInitialEvents) {
      for (const object of this.access.store.list(key, namespace)) {
        if (matches(object)) listener('ADDED', this.access.toView(definition, object));
      }
    }
    if (!fromScratch && !options.sendInitialEvents) {
      const since = Number(rv);
      if (!Number.isInteger(since)) throw badRequest(`invalid resource version: ${rv}`);
      const replay = this.access.store.eventsSince(key, since);
      if (replay === 'expired') {
        throw expired(`too old resource version: ${since} (${this.access.store.oldestResumable(key) + 1})`);
      }
      for (const event of replay) this.deliver(definition, event, matches, listener);
    }
    const unsubscribe = this.access.store.subscribe(key, event => this.deliver(definition, event, matches, listener));
    return { stop: unsubscribe };
  }

  private matcher(
    definition: ResourceDefinition,
    namespace: string | undefined,
    labelSelector: string | LabelSelector | undefined,
    fieldSelector: string | FieldSelector | undefined,
  ): (object: KubeObject) => boolean {
    const labels = labelSelector instanceof LabelSelector ? labelSelector : LabelSelector.parse(labelSelector);
    const fields = fieldSelector instanceof FieldSelector ? fieldSelector : FieldSelector.parse(fieldSelector);
    const storageDefinition = this.access.storageDefinition(definition);
    const fieldMap = definition.alias?.fieldSelectorMap ?? {};
    const getters = storageDefinition.fieldSelectors ?? {};
    for (const requirement of fields.requirements) {
      const field = fieldMap[requirement.field] ?? requirement.field;
      if (field !== 'metadata.name' && field !== 'metadata.namespace' && !getters[field]) {
        throw badRequest(`field label not supported: ${requirement.field}`);
      }
    }
    const scopedNamespace = definition.namespaced ? namespace || undefined : undefined;
    return object => {
      if (scopedNamespace !== undefined && object.metadata.namespace !== scopedNamespace) return false;
      if (!labels.isEverything && !labels.matches(object.metadata.labels)) return false;
      if (fields.isEverything) return true;
      return fields.matches(requested => {
        const field = fieldMap[requested] ?? requested;
        if (field === 'metadata.name') return object.metadata.name;
        if (field === 'metadata.namespace') return object.metadata.namespace;
        return getters[field]?.(object);
      });
    };
  }

  private deliver(
    definition: ResourceDefinition,
    event: StoreEvent,
    matches: (object: KubeObject) => boolean,
    listener: WatchListener,
  ): void {
    const now = matches(event.object);
    if (event.type === 'ADDED') {
      if (now) listener('ADDED', this.access.toView(definition, event.object), event);
      return;
    }
    if (event.type === 'DELETED') {
      if (now || (event.previous && matches(event.previous))) listener('DELETED', this.access.toView(definition, event.object), event);
      return;
    }
    const before = event.previous ? matches(event.previous) : false;
    if (now && before) listener('MODIFIED', this.access.toView(definition, event.object), event);
    else if (now) listener('ADDED', this.access.toView(definition, event.object), event);
    else if (before) listener('DELETED', this.access.toView(definition, event.object), event);
  }
}

function objectId(object: KubeObject): string {
  return object.metadata.namespace ? `${object.metadata.namespace}/${object.metadata.name}` : object.metadata.name ?? '';
}

function encodeContinue(token: { rv: number; start: string }): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.rv, start: token.start })).toString('base64');
}

function decodeContinue(value: string): { rv: number; start: string } {
  try {
    const token = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
    if (typeof token.rv !== 'number' || typeof token.start !== 'string') throw new Error('bad token');
    return token;
  } catch {
    throw badRequest(`continue key is not valid: ${value}`);
  }
}

