import { age } from '../api/format';
import type { KubeObject } from '../api/types';
import { column, crdAgeColumn, nameColumn } from '../resources/common';
import type { ResourceDefinition, TableColumn } from '../resources/types';

/**
 * Server-side printing: the `meta.k8s.io/v1` Table that `kubectl get` asks for with
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. Without it kubectl prints only NAME and AGE.
 */

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Whether the Accept header asks for a Table (kubectl get), which the server then prefers. */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some(part => {
    const params = part.split(';').map(param => param.trim());
    return params.includes('as=Table') && params.some(param => param === 'g=meta.k8s.io');
  });
}

/** Whether the client accepts JSON at all (kubectl always adds it as a fallback to protobuf). */
export function acceptsJson(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(',').some(part => {
    const type = part.split(';')[0].trim();
    return type === 'application/json' || type === '*/*' || type === 'application/*' || type === 'application/yaml';
  });
}

const defaultColumns: TableColumn[] = [nameColumn, column('Created At', object => object.metadata.creationTimestamp ?? '', { type: 'date' })];

export function columnsOf(definition: ResourceDefinition): TableColumn[] {
  if (definition.columns?.length) return definition.columns;
  return definition.custom ? [nameColumn, crdAgeColumn] : defaultColumns;
}

export interface TableOptions {
  now: number;
  includeObject: IncludeObject;
  resourceVersion?: string;
  continueToken?: string;
  remainingItemCount?: number;
  /** Watch events after the first carry rows only. */
  omitColumnDefinitions?: boolean;
}

/**
 * Builds a Table. `cellSource` lets a view (events.k8s.io) print from the stored object while returning its own
 * representation in `rows[].object`.
 */
export function toTable(
  definition: ResourceDefinition,
  rows: Array<{ object: KubeObject; cellSource?: KubeObject; cellDefinition?: ResourceDefinition }>,
  options: TableOptions,
): Record<string, unknown> {
  const columns = columnsOf(definition);
  const table: Record<string, unknown> = {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {
      ...(options.resourceVersion ? { resourceVersion: options.resourceVersion } : {}),
      ...(options.continueToken ? { continue: options.continueToken } : {}),
      ...(options.remainingItemCount !== undefined ? { remainingItemCount: options.remainingItemCount } : {}),
    },
  };
  if (!options.omitColumnDefinitions) {
    table.columnDefinitions = columns.map(definitionColumn => ({
      name: definitionColumn.name,
      type: definitionColumn.type,
      format: definitionColumn.format ?? '',
      description: definitionColumn.description ?? '',
      priority: definitionColumn.priority ?? 0,
    }));
  }
  table.rows = rows.map(({ object, cellSource, cellDefinition }) => {
    const source = cellSource ?? object;
    const sourceDefinition = cellDefinition ?? definition;
    const sourceColumns = cellDefinition ? columnsOf(cellDefinition) : columns;
    const row: Record<string, unknown> = {
      cells: sourceColumns.map(definitionColumn => {
        try {
          const value = definitionColumn.cell(source, options.now);
          // The CRD table convertor prints date columns as ages, as kubectl shows them.
          if (sourceDefinition.custom && definitionColumn.type === 'date' && typeof value === 'string') {
            return age(value, options.now);
          }
          return value === undefined ? null : value;
        } catch {
          return null;
        }
      }),
    };
    if (options.includeObject === 'Object') {
      row.object = object;
    } else if (options.includeObject === 'Metadata') {
      row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
    }
    return row;
  });
  return table;
}
