import { listStrategy } from '../patch/strategicMergePatch';
import { isPlainObject } from '../patch/mergePatch';

/**
 * Field sets as server-side apply tracks them (sigs.k8s.io/structured-merge-diff), in the `FieldsV1` form of
 * `metadata.managedFields`: `f:<field>` for a field, `k:{"name":"web"}` for the item of a list merged by key,
 * `v:<value>` for the member of a set, `.` for a list item itself. A path is the list of those segments down to
 * a leaf (a scalar, an atomic list or an empty object).
 */

export type FieldPath = string[];
export type FieldsV1 = { [segment: string]: FieldsV1 };

/** What server-side apply never tracks: identity, system-set metadata. */
const UNTRACKED_METADATA = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink']);

/** The leaf paths of an object's content (status excluded unless asked: it belongs to the status subresource). */
export function pathsOf(object: Record<string, unknown>, options: { keyedLists: boolean; status: boolean }): FieldPath[] {
  const paths: FieldPath[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (key === 'apiVersion' || key === 'kind' || (key === 'status') !== options.status) continue;
    if (key === 'metadata' && isPlainObject(value)) {
      const tracked = Object.fromEntries(Object.entries(value).filter(([field]) => !UNTRACKED_METADATA.has(field)));
      collect(tracked, ['f:metadata'], ['metadata'], options.keyedLists, paths, false);
    } else {
      collect(value, [`f:${key}`], [key], options.keyedLists, paths, true);
    }
  }
  return paths;
}

function collect(value: unknown, path: FieldPath, names: string[], keyedLists: boolean, into: FieldPath[], emptyIsLeaf: boolean): void {
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (!entries.length && emptyIsLeaf) into.push(path);
    for (const [key, child] of entries) collect(child, [...path, `f:${key}`], [...names, key], keyedLists, into, true);
    return;
  }
  if (Array.isArray(value) && keyedLists) {
    const strategy = listStrategy(names);
    if (strategy && 'mergeKey' in strategy && value.every(item => isPlainObject(item) && item[strategy.mergeKey] !== undefined)) {
      for (const item of value as Array<Record<string, unknown>>) {
        const itemPath = [...path, `k:${JSON.stringify({ [strategy.mergeKey]: item[strategy.mergeKey] })}`];
        into.push([...itemPath, '.']);
        for (const [key, child] of Object.entries(item)) collect(child, [...itemPath, `f:${key}`], [...names, key], keyedLists, into, true);
      }
      return;
    }
    if (strategy && 'primitiveSet' in strategy) {
      for (const item of value) into.push([...path, `v:${JSON.stringify(item)}`]);
      return;
    }
  }
  into.push(path);
}

export function keyOf(path: FieldPath): string {
  return path.join('\u0000');
}

export function toFieldsV1(paths: FieldPath[]): FieldsV1 {
  const root: FieldsV1 = {};
  for (const path of paths) {
    let node = root;
    for (const segment of path) node = node[segment] ??= {};
  }
  return root;
}

export function fromFieldsV1(fields: FieldsV1 | undefined, prefix: FieldPath = []): FieldPath[] {
  if (!fields) return [];
  const paths: FieldPath[] = [];
  for (const [segment, child] of Object.entries(fields)) {
    const path = [...prefix, segment];
    if (Object.keys(child).length === 0) paths.push(path);
    else paths.push(...fromFieldsV1(child, path));
  }
  return paths;
}

/** The container and the key/index a path leads to, or undefined when the object does not have it. */
function locate(object: unknown, path: FieldPath): { parent: Record<string, unknown> | unknown[]; at: string | number } | undefined {
  let parent: unknown = object;
  for (let index = 0; index < path.length; index++) {
    const segment = path[index];
    let at: string | number;
    if (segment.startsWith('f:') && isPlainObject(parent)) {
      at = segment.slice(2);
    } else if (segment.startsWith('k:') && Array.isArray(parent)) {
      const key = JSON.parse(segment.slice(2)) as Record<string, unknown>;
      at = parent.findIndex(item => isPlainObject(item) && Object.entries(key).every(([name, value]) => item[name] === value));
    } else if (segment.startsWith('v:') && Array.isArray(parent)) {
      const wanted = segment.slice(2);
      at = parent.findIndex(item => JSON.stringify(item) === wanted);
    } else {
      return undefined;
    }
    if (typeof at === 'number' && at < 0) return undefined;
    const next = (parent as Record<string | number, unknown>)[at];
    if (index === path.length - 1 || (path[index + 1] === '.' && index === path.length - 2)) {
      return next === undefined ? undefined : { parent: parent as Record<string, unknown> | unknown[], at };
    }
    parent = next;
  }
  return undefined;
}

/** The JSON of the value a path leads to (`undefined` when absent), to compare two objects field by field. */
export function valueAt(object: unknown, path: FieldPath): string | undefined {
  const found = locate(object, path);
  if (!found) return undefined;
  const value = (found.parent as Record<string | number, unknown>)[found.at];
  return path[path.length - 1] === '.' ? 'present' : JSON.stringify(value);
}

/** Removes what a path leads to (a field, or a list item for `.`, `k:` and `v:` paths). */
export function removeAt(object: unknown, path: FieldPath): void {
  const found = locate(object, path);
  if (!found) return;
  if (Array.isArray(found.parent)) found.parent.splice(found.at as number, 1);
  else delete found.parent[found.at as string];
}
