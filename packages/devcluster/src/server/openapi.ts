import { createHash } from 'node:crypto';
import type { ResourceRegistry } from '../resources/ResourceRegistry';

/**
 * A minimal OpenAPI v3 discovery: `/openapi/v3` lists the group versions and `/openapi/v3/<api|apis/group>/<version>`
 * describes each resource's PATCH operation with its GroupVersionKind and the `fieldValidation` query parameter.
 * That is what `kubectl apply` and `kubectl create` check before trusting the server to validate (instead of
 * downloading schemas); they then send `fieldValidation=Strict`. There are no object schemas: kubectl falls back to
 * its compiled-in types for strategic merge patches.
 */

function groupVersionPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function hashOf(value: unknown): string {
  return createHash('sha512').update(JSON.stringify(value)).digest('hex').slice(0, 32).toUpperCase();
}

export function openApiRoot(registry: ResourceRegistry): Record<string, unknown> {
  const groupVersions = new Map<string, { group: string; version: string }>();
  for (const definition of registry.all()) {
    groupVersions.set(groupVersionPath(definition.group, definition.version), { group: definition.group, version: definition.version });
  }
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [path, { group, version }] of groupVersions) {
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hashOf(openApiGroupVersion(registry, group, version))}` };
  }
  return { paths };
}

const PARAMETERS = ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map(name => ({
  name,
  in: 'query',
  schema: { type: name === 'force' ? 'boolean' : 'string', uniqueItems: true },
}));

export function openApiGroupVersion(registry: ResourceRegistry, group: string, version: string): Record<string, unknown> | undefined {
  const definitions = registry.resourcesOf(group, version).filter(definition => !definition.virtual || definition.alias);
  if (registry.resourcesOf(group, version).length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  for (const definition of definitions) {
    const base = `/${groupVersionPath(group, version)}${definition.namespaced ? '/namespaces/{namespace}' : ''}/${definition.resource}/{name}`;
    paths[base] = {
      patch: {
        description: `partially update the specified ${definition.kind}`,
        operationId: `patch${definition.kind}`,
        parameters: PARAMETERS,
        responses: { '200': { description: 'OK' } },
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group, version, kind: definition.kind },
      },
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    components: { schemas: {} },
  };
}
