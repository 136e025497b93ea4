import { createHash } from 'node:crypto';
import type { ResourceRegistry } from '../resources/ResourceRegistry';
import type { ResourceDefinition } from '../resources/types';
import { schemaCatalog } from '../schemas/SchemaCatalog';
import type { OpenApiSchema } from '../schemas/types';

/**
 * The OpenAPI documents of the served kinds, with their schemas, as the API server publishes them:
 * `/openapi/v3` lists the group versions; `/openapi/v3/<api|apis/group>/<version>` has each resource's PATCH
 * operation (with `fieldValidation`, which kubectl checks before sending `fieldValidation=Strict`) and the
 * schemas of its kinds, tagged with `x-kubernetes-group-version-kind` (what `kubectl explain` looks up);
 * `/openapi/v2` is the single Swagger 2.0 document with every definition. Custom resources' schemas are named
 * as the API server names them (`io.cert-manager.v1.Certificate`), with `metadata` a reference to ObjectMeta.
 */

const REF = '#/components/schemas/';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

function groupVersionPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function hashOf(value: unknown): string {
  return createHash('sha512').update(JSON.stringify(value)).digest('hex').slice(0, 32).toUpperCase();
}

/** `cert-manager.io` → `io.cert-manager`: how the API server names a custom resource's schema. */
function customDefinitionName(definition: ResourceDefinition): string {
  return `${definition.group.split('.').reverse().join('.')}.${definition.version}.${definition.kind}`;
}

function withKind(schema: OpenApiSchema, definition: ResourceDefinition): OpenApiSchema {
  return { ...schema, 'x-kubernetes-group-version-kind': [{ group: definition.group, version: definition.version, kind: definition.kind }] };
}

/** Adds `name` and every definition it references, directly or not, to `into`. */
function addWithReferences(name: string, into: Record<string, OpenApiSchema>): void {
  if (into[name]) return;
  const schema = schemaCatalog.components()[name];
  if (!schema) return;
  into[name] = schema;
  JSON.stringify(schema, (key, value) => {
    if (key === '$ref' && typeof value === 'string') addWithReferences(value.slice(REF.length), into);
    return value;
  });
}

/** The schemas of the kinds served by these definitions, by published name. */
function schemasOf(definitions: ResourceDefinition[]): Record<string, OpenApiSchema> {
  const schemas: Record<string, OpenApiSchema> = {};
  for (const definition of definitions) {
    const kindSchema = schemaCatalog.forKind(definition.group, definition.version, definition.kind);
    if (!kindSchema) continue;
    if (!kindSchema.custom) {
      const name = schemaCatalog.definitionName(definition.group, definition.version, definition.kind)!;
      addWithReferences(name, schemas);
      schemas[name] = withKind(schemas[name], definition);
      continue;
    }
    addWithReferences(OBJECT_META, schemas);
    const metadata = { description: kindSchema.root.properties?.metadata?.description ?? 'Standard object\'s metadata.', allOf: [{ $ref: `${REF}${OBJECT_META}` }] };
    schemas[customDefinitionName(definition)] = withKind({ ...kindSchema.root, properties: { ...kindSchema.root.properties, metadata } }, definition);
  }
  return schemas;
}

function documented(registry: ResourceRegistry, group: string, version: string): ResourceDefinition[] {
  return registry.resourcesOf(group, version).filter(definition => !definition.virtual || definition.alias || definition.verbs?.includes('get'));
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

const documentCache = new WeakMap<ResourceRegistry, Map<string, Record<string, unknown>>>();

function cached(registry: ResourceRegistry, key: string, build: () => Record<string, unknown>): Record<string, unknown> {
  let documents = documentCache.get(registry);
  if (!documents) documentCache.set(registry, (documents = new Map()));
  if (!documents.has(key)) documents.set(key, build());
  return documents.get(key)!;
}

export function openApiGroupVersion(registry: ResourceRegistry, group: string, version: string): Record<string, unknown> | undefined {
  if (registry.resourcesOf(group, version).length === 0) return undefined;
  return cached(registry, `v3/${group}/${version}`, () => {
    const definitions = documented(registry, group, version);
    const paths: Record<string, unknown> = {};
    for (const definition of definitions.filter(candidate => !candidate.virtual || candidate.alias)) {
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
      components: { schemas: schemasOf(definitions) },
    };
  });
}

/** The Swagger 2.0 document (`/openapi/v2`), served as JSON. */
export function openApiV2(registry: ResourceRegistry): Record<string, unknown> {
  return cached(registry, 'v2', () => {
    const schemas = schemasOf(registry.all().filter(definition => !definition.virtual || definition.alias || definition.verbs?.includes('get')));
    const definitions = JSON.parse(JSON.stringify(schemas).split(`"${REF}`).join('"#/definitions/'));
    return { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths: {}, definitions };
  });
}
