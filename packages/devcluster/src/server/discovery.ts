import { createHash } from 'node:crypto';
import type { RequestVerb } from '../api/types';
import type { ResourceRegistry } from '../resources/ResourceRegistry';
import { ALL_VERBS, apiVersionOf, type ResourceDefinition } from '../resources/types';

/**
 * Legacy discovery documents (`/api`, `/api/v1`, `/apis`, `/apis/<group>`, `/apis/<group>/<version>`), the ones
 * kubectl and client libraries read before any request. Aggregated discovery is not offered; clients fall back
 * to these when the response is plain `application/json`.
 */

export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0',
  gitCommit: '70d3cc986aa8221cd1dfb1121852688902d3bf53',
  gitTreeState: 'clean',
  buildDate: '2024-12-11T17:59:15Z',
  goVersion: 'go1.23.3',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupVersion(group: string, version: string) {
  return { groupVersion: group ? `${group}/${version}` : version, version };
}

export function apiGroupList(registry: ResourceRegistry) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry.groups().map(group => apiGroup(group.name, group.versions, group.preferredVersion)),
  };
}

export function apiGroup(name: string, versions: string[], preferredVersion: string) {
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name,
    versions: versions.map(version => groupVersion(name, version)),
    preferredVersion: groupVersion(name, preferredVersion),
  };
}

function storageVersionHash(definition: ResourceDefinition): string {
  return createHash('sha256').update(`${apiVersionOf(definition)}/${definition.kind}`).digest('base64').slice(0, 11);
}

const SUBRESOURCE_VERBS: RequestVerb[] = ['get', 'patch', 'update'];

export function apiResourceList(registry: ResourceRegistry, group: string, version: string) {
  const resources: Array<Record<string, unknown>> = [];
  for (const definition of registry.resourcesOf(group, version)) {
    const entry: Record<string, unknown> = {
      name: definition.resource,
      singularName: definition.singular,
      namespaced: definition.namespaced,
      kind: definition.kind,
      verbs: definition.verbs ?? ALL_VERBS,
    };
    if (definition.shortNames?.length) entry.shortNames = definition.shortNames;
    if (definition.categories?.length) entry.categories = definition.categories;
    if (!definition.virtual || definition.alias) entry.storageVersionHash = storageVersionHash(definition);
    resources.push(entry);
    if (definition.hasStatus) {
      resources.push({
        name: `${definition.resource}/status`,
        singularName: '',
        namespaced: definition.namespaced,
        kind: definition.kind,
        verbs: SUBRESOURCE_VERBS,
      });
    }
    if (definition.scale) {
      resources.push({
        name: `${definition.resource}/scale`,
        singularName: '',
        namespaced: definition.namespaced,
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
        verbs: SUBRESOURCE_VERBS,
      });
    }
    for (const extra of definition.extraSubresources ?? []) {
      resources.push({
        name: `${definition.resource}/${extra.name}`,
        singularName: '',
        namespaced: definition.namespaced,
        ...(extra.group !== undefined ? { group: extra.group, version: extra.version } : {}),
        kind: extra.kind,
        verbs: extra.verbs,
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}
