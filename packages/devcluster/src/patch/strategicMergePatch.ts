import { badRequest } from '../api/errors';
import { clone, isPlainObject } from './mergePatch';

/**
 * Strategic merge patch for the built-in kinds (k8s.io/apimachinery/pkg/util/strategicpatch): like a JSON merge
 * patch, except that lists of objects with a patch merge key (containers by name, env by name, ports by
 * containerPort, ...) merge element by element, `metadata.finalizers` merges as a set, and the directives
 * `$patch` (replace/delete/merge), `$retainKeys`, `$deleteFromPrimitiveList/<field>` and
 * `$setElementOrder/<field>` are honoured. That is everything kubectl sends for rollout restart, scale, set
 * image, apply and edit.
 */

export type ListStrategy = { mergeKey: string } | { primitiveSet: true } | undefined;

/** The patch strategy of a list field, from the field name and its parent (Go struct tags of the core types). */
export function listStrategy(path: string[]): ListStrategy {
  const field = path[path.length - 1];
  const parent = path[path.length - 2];
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
    case 'resourceClaims':
    case 'schedulingGates':
    case 'secrets':
      return { mergeKey: 'name' };
    case 'volumeMounts':
      return { mergeKey: 'mountPath' };
    case 'volumeDevices':
      return { mergeKey: 'devicePath' };
    case 'ports':
      return parent === 'containers' || parent === 'initContainers' || parent === 'ephemeralContainers'
        ? { mergeKey: 'containerPort' }
        : { mergeKey: 'port' };
    case 'conditions':
    case 'addresses':
      return { mergeKey: 'type' };
    case 'ownerReferences':
      return { mergeKey: 'uid' };
    case 'hostAliases':
      return { mergeKey: 'ip' };
    case 'topologySpreadConstraints':
      return { mergeKey: 'topologyKey' };
    case 'readinessGates':
      return { mergeKey: 'conditionType' };
    case 'taints':
      return { mergeKey: 'key' };
    case 'finalizers':
      return parent === 'metadata' ? { primitiveSet: true } : undefined;
    default:
      return undefined;
  }
}

const SET_ORDER_PREFIX = '$setElementOrder/';
const DELETE_FROM_PRIMITIVE_PREFIX = '$deleteFromPrimitiveList/';

export function applyStrategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) throw badRequest('strategic merge patch must be a JSON object');
  return mergeMap(isPlainObject(target) ? target : {}, patch, []);
}

function mergeMap(original: Record<string, unknown>, patch: Record<string, unknown>, path: string[]): unknown {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const replacement = { ...patch };
    delete replacement.$patch;
    return stripDirectives(replacement);
  }
  let result: Record<string, unknown> = { ...original };
  const orders: Array<[string, unknown[]]> = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch') continue;
    if (key === '$retainKeys') continue;
    if (key.startsWith(SET_ORDER_PREFIX)) {
      if (Array.isArray(value)) orders.push([key.slice(SET_ORDER_PREFIX.length), value]);
      continue;
    }
    if (key.startsWith(DELETE_FROM_PRIMITIVE_PREFIX)) {
      const field = key.slice(DELETE_FROM_PRIMITIVE_PREFIX.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value)) {
        result[field] = current.filter(item => !value.includes(item));
      }
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const childPath = [...path, key];
    const existing = result[key];
    if (Array.isArray(value)) {
      result[key] = mergeList(Array.isArray(existing) ? existing : [], value, childPath);
    } else if (isPlainObject(value)) {
      const merged = mergeMap(isPlainObject(existing) ? existing : {}, value, childPath);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else {
      result[key] = value;
    }
  }
  const retainKeys = patch.$retainKeys;
  if (Array.isArray(retainKeys)) {
    result = Object.fromEntries(Object.entries(result).filter(([key]) => retainKeys.includes(key)));
  }
  for (const [field, order] of orders) {
    const list = result[field];
    if (Array.isArray(list)) result[field] = applyOrder(list, order, listStrategy([...path, field]));
  }
  return result;
}

function mergeList(original: unknown[], patch: unknown[], path: string[]): unknown[] {
  const strategy = listStrategy(path);
  if (!strategy) return stripDirectives(clone(patch)) as unknown[];
  if ('primitiveSet' in strategy) {
    const result = [...original];
    for (const item of patch) if (!result.includes(item)) result.push(item);
    return result;
  }
  const { mergeKey } = strategy;
  if (patch.some(item => isPlainObject(item) && item.$patch === 'replace' && item[mergeKey] === undefined)) {
    return stripDirectives(patch.filter(item => !(isPlainObject(item) && item.$patch === 'replace'))) as unknown[];
  }
  const result = [...original];
  for (const item of patch) {
    if (!isPlainObject(item)) {
      result.push(item);
      continue;
    }
    const key = item[mergeKey];
    const index = result.findIndex(candidate => isPlainObject(candidate) && candidate[mergeKey] === key);
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) {
      result[index] = mergeMap(result[index] as Record<string, unknown>, item, path);
    } else {
      result.push(stripDirectives(item));
    }
  }
  return result;
}

function applyOrder(list: unknown[], order: unknown[], strategy: ListStrategy): unknown[] {
  const keyOf = (item: unknown): unknown =>
    strategy && 'mergeKey' in strategy && isPlainObject(item) ? item[strategy.mergeKey] : item;
  const orderKeys = order.map(keyOf);
  const ordered = [...list].sort((a, b) => {
    const ia = orderKeys.indexOf(keyOf(a));
    const ib = orderKeys.indexOf(keyOf(b));
    return (ia < 0 ? Number.MAX_SAFE_INTEGER : ia) - (ib < 0 ? Number.MAX_SAFE_INTEGER : ib);
  });
  return ordered;
}

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isPlainObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith(DELETE_FROM_PRIMITIVE_PREFIX)) continue;
    if (child === null) continue;
    result[key] = stripDirectives(child);
  }
  return result;
}
