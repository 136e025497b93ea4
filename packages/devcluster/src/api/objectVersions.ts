import { deepEqual } from './deepEqual';
import type { KubeObject } from './types';
import type { ResourceDefinition } from '../resources/types';

/** How the API tells versions of an object apart: spec changes (generation), content, field ownership. */

const GENERATION_GROUPS = new Set(['apps', 'batch', 'autoscaling', 'networking.k8s.io']);

export function tracksGeneration(definition: ResourceDefinition): boolean {
  return Boolean(definition.custom) || GENERATION_GROUPS.has(definition.group);
}

const METADATA_AND_STATUS = new Set(['metadata', 'status']);
const METADATA_ONLY = new Set(['metadata']);
const VOLATILE_METADATA = new Set(['resourceVersion', 'managedFields']);

export function specChanged(before: KubeObject, after: KubeObject, hasStatus: boolean): boolean {
  return !deepEqual(before, after, hasStatus ? METADATA_AND_STATUS : METADATA_ONLY);
}

export function sameContent(before: KubeObject, after: KubeObject): boolean {
  return deepEqual(before, after, METADATA_ONLY) && deepEqual(before.metadata, after.metadata, VOLATILE_METADATA);
}

/** Whether two versions have the same field owners (an apply may change only who owns what). */
export function sameOwnership(before: KubeObject, after: KubeObject): boolean {
  const owners = (object: KubeObject) => JSON.stringify(((object.metadata.managedFields ?? []) as Array<Record<string, unknown>>).map(({ time, ...entry }) => entry)); // eslint-disable-line @typescript-eslint/no-unused-vars
  return owners(before) === owners(after);
}

