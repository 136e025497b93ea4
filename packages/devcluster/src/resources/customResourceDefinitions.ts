import { createHash } from 'node:crypto';
import { rfc3339 } from '../api/format';
import type { KubeObject } from '../api/types';
import { schemaCatalog } from '../schemas/SchemaCatalog';
import type { OpenApiSchema } from '../schemas/types';
import { column, nameColumn } from './common';
import type { ResourceRegistry } from './ResourceRegistry';
import type { ResourceDefinition, TableColumn } from './types';

/**
 * apiextensions.k8s.io/v1 CustomResourceDefinitions: the CRDs of the emulated operators, computed from the
 * served custom resources (names, scope, subresources, printer columns) and their schemas. They are read-only:
 * the emulator serves a fixed set of custom resources, so creating, changing or deleting a CRD is refused.
 */

export const customResourceDefinitions: ResourceDefinition = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  resource: 'customresourcedefinitions',
  kind: 'CustomResourceDefinition',
  singular: 'customresourcedefinition',
  namespaced: false,
  shortNames: ['crd', 'crds'],
  categories: ['api-extensions'],
  verbs: ['get', 'list', 'watch'],
  columns: [nameColumn, column('Created At', crd => crd.metadata.creationTimestamp ?? null, { type: 'date' })],
};

/** Where a custom resource's scale subresource reads and writes its replicas, as its CRD declares it. */
const SCALE_PATHS: Record<string, { specReplicasPath: string; statusReplicasPath: string }> = {
  'postgresql.cnpg.io/clusters': { specReplicasPath: '.spec.instances', statusReplicasPath: '.status.instances' },
};

function printerColumns(columns: TableColumn[] = []) {
  return columns
    .filter(printer => printer.jsonPath)
    .map(printer => ({
      name: printer.name,
      type: printer.type,
      jsonPath: printer.jsonPath,
      ...(printer.description ? { description: printer.description } : {}),
      ...(printer.priority ? { priority: printer.priority } : {}),
    }));
}

function crdOf(definition: ResourceDefinition, schema: OpenApiSchema, createdAt: number): KubeObject {
  const name = `${definition.resource}.${definition.group}`;
  const names = {
    plural: definition.resource,
    singular: definition.singular,
    kind: definition.kind,
    listKind: `${definition.kind}List`,
    ...(definition.shortNames?.length ? { shortNames: definition.shortNames } : {}),
    ...(definition.categories?.length ? { categories: definition.categories } : {}),
  };
  const scalePaths = SCALE_PATHS[`${definition.group}/${definition.resource}`];
  const subresources = {
    ...(definition.hasStatus ? { status: {} } : {}),
    ...(scalePaths ? { scale: scalePaths } : {}),
  };
  const time = rfc3339(createdAt);
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name, uid: uidOf(name), resourceVersion: '1', generation: 1, creationTimestamp: time },
    spec: {
      group: definition.group,
      names,
      scope: definition.namespaced ? 'Namespaced' : 'Cluster',
      versions: [
        {
          name: definition.version,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: schema },
          ...(Object.keys(subresources).length ? { subresources } : {}),
          additionalPrinterColumns: printerColumns(definition.columns),
        },
      ],
      conversion: { strategy: 'None' },
    },
    status: {
      acceptedNames: names,
      storedVersions: [definition.version],
      conditions: [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: time },
        { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: time },
      ],
    },
  };
}

function uidOf(name: string): string {
  const hex = createHash('sha256').update(`crd/${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Gives the CRD resource its objects: one per served custom resource, installed when the cluster started. */
export function attachCustomResourceDefinitions(registry: ResourceRegistry, installedAt: number): void {
  const crds = registry
    .all()
    .filter(definition => definition.custom)
    .flatMap(definition => {
      const schema = schemaCatalog.forKind(definition.group, definition.version, definition.kind)?.root;
      return schema ? [crdOf(definition, schema, installedAt)] : [];
    })
    .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  registry.attachVirtual('apiextensions.k8s.io', 'v1', 'customresourcedefinitions', { list: () => crds, unchanging: true });
}
