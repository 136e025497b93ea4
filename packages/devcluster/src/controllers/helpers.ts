import { rfc3339 } from '../api/format';
import type { KubeObject, OwnerReference, StoredObject } from '../api/types';
import { clone } from '../patch/mergePatch';
import type { Condition } from '../resources/common';
import type { ResourceDefinition } from '../resources/types';
import type { ControllerContext } from './ControllerManager';

/** Helpers shared by the controllers. */

export function ownerReference(owner: KubeObject, controller = true): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller,
    blockOwnerDeletion: true,
  };
}

export function isControlledBy(object: KubeObject, owner: KubeObject): boolean {
  return (object.metadata.ownerReferences ?? []).some(reference => reference.controller && reference.uid === owner.metadata.uid);
}

/** The objects of a collection that `owner` controls (via the owner index). */
export function ownedObjects(context: ControllerContext, owner: KubeObject, collection: string): StoredObject[] {
  const result: StoredObject[] = [];
  for (const dependent of context.store.dependentsOf(owner.metadata.uid ?? '')) {
    if (dependent.collection !== collection) continue;
    const object = context.store.get(collection, dependent.namespace, dependent.name);
    if (object && isControlledBy(object, owner)) result.push(object);
  }
  return result.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

/** Upserts a condition, keeping lastTransitionTime when the status does not change. */
export function setCondition(
  conditions: Condition[] | undefined,
  condition: Omit<Condition, 'lastTransitionTime'> & { lastTransitionTime?: string },
  now: number,
  extra: { lastUpdateTime?: boolean } = {},
): Condition[] {
  const list = [...(conditions ?? [])];
  const index = list.findIndex(existing => existing.type === condition.type);
  const previous = index >= 0 ? list[index] : undefined;
  const transitioned = !previous || previous.status !== condition.status;
  const next: Condition = {
    ...(condition as Condition),
    lastTransitionTime: transitioned ? condition.lastTransitionTime ?? rfc3339(now) : previous!.lastTransitionTime,
  };
  if (extra.lastUpdateTime) {
    const changed = !previous || previous.status !== next.status || previous.reason !== next.reason || previous.message !== next.message;
    next.lastUpdateTime = changed ? rfc3339(now) : previous?.lastUpdateTime ?? rfc3339(now);
  }
  if (index >= 0) list[index] = next;
  else list.push(next);
  return list;
}

export function removeCondition(conditions: Condition[] | undefined, type: string): Condition[] {
  return (conditions ?? []).filter(condition => condition.type !== type);
}

/** Writes a new status computed from a copy of the object (no write when nothing changed). */
export function writeStatus(
  context: ControllerContext,
  definition: ResourceDefinition,
  object: StoredObject,
  mutate: (status: Record<string, any>, copy: KubeObject) => void, // eslint-disable-line @typescript-eslint/no-explicit-any
): StoredObject {
  // Only the status is handed to the API; the rest of the copy is for reading.
  const copy = { ...object, status: clone(object.status ?? {}) } as KubeObject;
  mutate(copy.status, copy);
  if (definition.hasStatus) {
    return context.api.update(definition, object.metadata.namespace, object.metadata.name, copy, { subresource: 'status', ownedBody: true });
  }
  return context.api.update(definition, object.metadata.namespace, object.metadata.name, copy, { ownedBody: true });
}

/** Writes a changed object (spec/metadata). */
export function writeObject(
  context: ControllerContext,
  definition: ResourceDefinition,
  object: StoredObject,
  mutate: (copy: KubeObject) => void,
): StoredObject {
  const copy = clone(object) as KubeObject;
  mutate(copy);
  return context.api.update(definition, object.metadata.namespace, object.metadata.name, copy, { ownedBody: true });
}

export function podIsReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some((condition: Condition) => condition.type === 'Ready' && condition.status === 'True');
}

/** Ready for at least minReadySeconds. */
export function podIsAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  const ready = (pod.status?.conditions ?? []).find((condition: Condition) => condition.type === 'Ready');
  if (!ready || ready.status !== 'True') return false;
  if (!minReadySeconds) return true;
  return Date.parse(ready.lastTransitionTime ?? '') + minReadySeconds * 1000 <= now;
}

export function isTerminating(object: KubeObject): boolean {
  return Boolean(object.metadata.deletionTimestamp);
}

export function isPodActive(pod: KubeObject): boolean {
  return !isTerminating(pod) && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

/** Resolves an int-or-percent (maxSurge/maxUnavailable) against a total. */
export function resolveIntOrPercent(value: number | string | undefined, total: number, roundUp: boolean, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number') return value;
  const percent = Number(value.replace('%', ''));
  const exact = (percent * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

export function labelsOfTemplate(template: KubeObject['spec']): Record<string, string> {
  return { ...(template?.metadata?.labels ?? {}) };
}
