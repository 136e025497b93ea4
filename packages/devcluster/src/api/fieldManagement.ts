import { clone } from '../patch/mergePatch';
import { ApiError } from './errors';
import { fromFieldsV1, keyOf, pathsOf, removeAt, toFieldsV1, valueAt, type FieldPath, type FieldsV1 } from './fieldSets';
import type { KubeObject } from './types';

/**
 * Field ownership (`metadata.managedFields`) as the API server keeps it for server-side apply:
 * - an apply (`application/apply-patch+yaml`, `fieldManager` required) owns exactly the fields of its
 *   configuration; a field another manager owns with a different value is a 409 conflict unless `force=true`,
 *   which takes it over; fields the manager applied before and no longer applies are removed if nobody else owns
 *   them;
 * - any other write (create, update, patch) gives its manager (`fieldManager`, or the User-Agent's product) the
 *   fields it changed, taking them from the other managers.
 * Writes from inside the emulator (controllers) leave ownership as it is.
 */

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: FieldsV1;
  subresource?: string;
}

export interface FieldManagerOptions {
  fieldManager?: string;
  force?: boolean;
}

export interface OwnershipContext {
  apiVersion: string;
  subresource?: string;
  time: string;
  /** Built-in kinds merge some lists by key (containers by name); custom resources' lists are atomic. */
  keyedLists: boolean;
}

interface Owned {
  entry: ManagedFieldsEntry;
  paths: FieldPath[];
}

function ownedOf(object: KubeObject | undefined, context: OwnershipContext): Owned[] {
  const entries = (object?.metadata.managedFields ?? []) as ManagedFieldsEntry[];
  return entries.map(entry => ({ entry, paths: (entry.subresource ?? '') === (context.subresource ?? '') ? fromFieldsV1(entry.fieldsV1) : [] }));
}

function contentPaths(object: KubeObject, context: OwnershipContext): FieldPath[] {
  return pathsOf(object as unknown as Record<string, unknown>, { keyedLists: context.keyedLists, status: context.subresource === 'status' });
}

function entriesOf(owned: Owned[], context: OwnershipContext): ManagedFieldsEntry[] {
  return owned
    .map(({ entry, paths }) => ((entry.subresource ?? '') === (context.subresource ?? '') ? { ...entry, fieldsV1: toFieldsV1(paths) } : entry))
    .filter(entry => Object.keys(entry.fieldsV1).length > 0);
}

function sameManager(entry: ManagedFieldsEntry, manager: string, operation: 'Apply' | 'Update', context: OwnershipContext): boolean {
  return entry.manager === manager && entry.operation === operation && (entry.subresource ?? '') === (context.subresource ?? '') && (operation === 'Apply' || entry.apiVersion === context.apiVersion);
}

function upsert(owned: Owned[], manager: string, operation: 'Apply' | 'Update', paths: FieldPath[], context: OwnershipContext): Owned[] {
  const entry: ManagedFieldsEntry = {
    manager,
    operation,
    apiVersion: context.apiVersion,
    time: context.time,
    fieldsType: 'FieldsV1',
    fieldsV1: {},
    ...(context.subresource ? { subresource: context.subresource } : {}),
  };
  const index = owned.findIndex(candidate => sameManager(candidate.entry, manager, operation, context));
  if (index < 0) return [...owned, { entry, paths }];
  return owned.map((candidate, position) => (position === index ? { entry, paths } : candidate));
}

/**
 * Ownership after a create, update or non-apply patch by `manager`. Like the API server, a write that changes
 * `managedFields` itself (kubectl does, to move client-side-apply ownership to server-side apply) is taken as the
 * starting point; an empty or missing list keeps the live one.
 */
export function ownershipAfterUpdate(before: KubeObject | undefined, after: KubeObject, manager: string, context: OwnershipContext): ManagedFieldsEntry[] {
  const requested = after.metadata.managedFields as ManagedFieldsEntry[] | undefined;
  const userSet = before && !context.subresource && requested?.length && JSON.stringify(requested) !== JSON.stringify(before.metadata.managedFields);
  const owned = ownedOf(userSet ? { ...before, metadata: { ...before.metadata, managedFields: requested } } : before, context);
  const afterPaths = contentPaths(after, context);
  const changed = afterPaths.filter(path => !before || valueAt(before, path) !== valueAt(after, path));
  const afterKeys = new Set(afterPaths.map(keyOf));
  const gone = new Set(owned.flatMap(({ paths }) => paths).filter(path => !afterKeys.has(keyOf(path))).map(keyOf));
  if (!changed.length && !gone.size) return userSet ? requested : ((before?.metadata.managedFields ?? []) as ManagedFieldsEntry[]);
  const taken = new Set([...changed.map(keyOf), ...gone]);
  const remaining = owned.map(({ entry, paths }) => ({ entry, paths: paths.filter(path => !taken.has(keyOf(path))) }));
  const mine = remaining.find(candidate => sameManager(candidate.entry, manager, 'Update', context));
  return entriesOf(upsert(remaining, manager, 'Update', [...(mine?.paths ?? []), ...changed], context), context);
}

/**
 * Prepares an apply on an existing object: checks conflicts (throws 409 unless forced), and returns the object
 * without the fields this manager stopped applying, to merge the configuration into, and the new ownership.
 */
export function prepareApply(
  existing: KubeObject,
  applied: KubeObject,
  manager: string,
  force: boolean,
  context: OwnershipContext,
): { base: KubeObject; managedFields: ManagedFieldsEntry[] } {
  const owned = ownedOf(existing, context);
  const appliedPaths = contentPaths(applied, context);
  const appliedKeys = new Set(appliedPaths.map(keyOf));
  const conflicts: Array<{ manager: string; apiVersion: string; path: FieldPath }> = [];
  for (const { entry, paths } of owned) {
    if (entry.manager === manager) continue;
    for (const path of paths) {
      if (appliedKeys.has(keyOf(path)) && valueAt(existing, path) !== valueAt(applied, path)) {
        conflicts.push({ manager: entry.manager, apiVersion: entry.apiVersion, path });
      }
    }
  }
  if (conflicts.length && !force) throw applyConflict(conflicts);
  // Forcing takes over the conflicting fields; fields applied with the value another manager set become co-owned.
  const takenOver = new Set(conflicts.map(conflict => `${conflict.manager}\u0001${keyOf(conflict.path)}`));
  const others = owned.map(({ entry, paths }) => ({
    entry,
    paths: paths.filter(path => !takenOver.has(`${entry.manager}\u0001${keyOf(path)}`)),
  }));
  const previous = others.find(candidate => sameManager(candidate.entry, manager, 'Apply', context));
  const ownedByOthers = new Set(others.filter(candidate => candidate !== previous).flatMap(({ paths }) => paths.map(keyOf)));
  const base = clone(existing) as KubeObject;
  for (const path of previous?.paths ?? []) {
    if (!appliedKeys.has(keyOf(path)) && !ownedByOthers.has(keyOf(path))) removeAt(base, path);
  }
  return { base, managedFields: entriesOf(upsert(others, manager, 'Apply', appliedPaths, context), context) };
}

/** Ownership of an object created by an apply: the manager owns exactly its configuration. */
export function ownershipOfAppliedCreate(applied: KubeObject, manager: string, context: OwnershipContext): ManagedFieldsEntry[] {
  return entriesOf(upsert([], manager, 'Apply', contentPaths(applied, context), context), context);
}

function describePath(path: FieldPath): string {
  return path
    .map(segment => {
      if (segment.startsWith('f:')) return `.${segment.slice(2)}`;
      if (segment.startsWith('k:')) {
        const key = JSON.parse(segment.slice(2)) as Record<string, unknown>;
        return `[${Object.entries(key).map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(',')}]`;
      }
      if (segment.startsWith('v:')) return `[=${segment.slice(2)}]`;
      return '';
    })
    .join('');
}

function applyConflict(conflicts: Array<{ manager: string; apiVersion: string; path: FieldPath }>): ApiError {
  const who = (conflict: { manager: string; apiVersion: string }) => `"${conflict.manager}" using ${conflict.apiVersion}`;
  let summary: string;
  if (conflicts.length === 1) {
    summary = `conflict with ${who(conflicts[0])}: ${describePath(conflicts[0].path)}`;
  } else {
    // As structured-merge-diff words several conflicts: grouped by manager, managers sorted.
    const byManager = new Map<string, string[]>();
    for (const conflict of conflicts) byManager.set(who(conflict), [...(byManager.get(who(conflict)) ?? []), describePath(conflict.path)]);
    summary = [...byManager.keys()]
      .sort()
      .map(manager => [`conflicts with ${manager}:`, ...byManager.get(manager)!.map(path => `- ${path}`)].join('\n'))
      .join('\n');
  }
  const count = conflicts.length;
  return new ApiError({
    code: 409,
    reason: 'Conflict',
    message: `Apply failed with ${count} conflict${count === 1 ? '' : 's'}: ${summary}`,
    details: {
      causes: conflicts.map(conflict => ({
        reason: 'FieldManagerConflict',
        message: `conflict with ${who(conflict)}`,
        field: describePath(conflict.path),
      })),
    } as never,
  });
}
