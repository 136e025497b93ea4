import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../packagePaths';
import { derivedCustomSchemas } from './derived/cnpgSchemas';
import type { OpenApiSchema } from './types';

/**
 * The schemas of every served kind: the Kubernetes definitions (components with `$ref`s, as `/openapi/v3`
 * publishes them) and the custom resources' self-contained `openAPIV3Schema`s (as their CRDs carry them).
 * Generated ones are read lazily from `generated/` (see generator/generateSchemas.ts); CloudNativePG's, trivy-operator's
 * and prometheus-operator's are derived from their documented APIs (derived/, collected in derived/cnpgSchemas.ts).
 */

interface KubernetesDocument {
  kinds: Record<string, { group: string; version: string; kind: string; ref: string }>;
  schemas: Record<string, OpenApiSchema>;
}

export interface KindSchema {
  group: string;
  version: string;
  kind: string;
  /** The object's schema; for Kubernetes kinds a `$ref` into {@link SchemaCatalog.components}. */
  root: OpenApiSchema;
  /** Served from a CustomResourceDefinition (errors are shaped as for custom resources). */
  custom: boolean;
}

const GENERATED = packagePath('src/schemas/generated');
const REF_PREFIX = '#/components/schemas/';

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(join(GENERATED, file), 'utf8')) as T;
}

export class SchemaCatalog {
  private kubernetes?: KubernetesDocument;
  private readonly customGroups = new Map<string, Record<string, OpenApiSchema> | undefined>();

  /** The schema of a kind, or undefined when the emulator has none for it. */
  forKind(group: string, version: string, kind: string): KindSchema | undefined {
    const entry = this.kubernetesDocument().kinds[`${group}/${version}/${kind}`];
    if (entry) return { group, version, kind, root: { $ref: entry.ref }, custom: false };
    const schema = this.customGroup(group)?.[`${version}/${kind}`];
    return schema ? { group, version, kind, root: schema, custom: true } : undefined;
  }

  /** The Kubernetes definitions by upstream name (`io.k8s.api.apps.v1.Deployment`). */
  components(): Record<string, OpenApiSchema> {
    return this.kubernetesDocument().schemas;
  }

  /** The definition name a Kubernetes kind's schema is published under. */
  definitionName(group: string, version: string, kind: string): string | undefined {
    return this.kubernetesDocument().kinds[`${group}/${version}/${kind}`]?.ref.slice(REF_PREFIX.length);
  }

  /** Follows `$ref` and single-element `allOf` (how a described reference is written) to the schema itself. */
  resolve(schema: OpenApiSchema): OpenApiSchema {
    let current = schema;
    for (;;) {
      if (current.$ref) {
        const target = this.components()[current.$ref.slice(REF_PREFIX.length)];
        if (!target) throw new Error(`unknown schema ${current.$ref}`);
        current = target;
      } else if (current.allOf?.length === 1 && !current.type) {
        current = current.allOf[0];
      } else {
        return current;
      }
    }
  }

  /** The upstream definition name of a `$ref`-ed schema (the Go type name is its last segment). */
  referenceName(schema: OpenApiSchema): string | undefined {
    const reference = schema.$ref ?? (schema.allOf?.length === 1 ? schema.allOf[0].$ref : undefined);
    return reference?.slice(REF_PREFIX.length);
  }

  private kubernetesDocument(): KubernetesDocument {
    this.kubernetes ??= readJson<KubernetesDocument>('kubernetes.json');
    return this.kubernetes;
  }

  private customGroup(group: string): Record<string, OpenApiSchema> | undefined {
    if (!this.customGroups.has(group)) {
      let schemas: Record<string, OpenApiSchema> | undefined = derivedCustomSchemas[group];
      if (!schemas) {
        try {
          schemas = readJson<Record<string, OpenApiSchema>>(`${group}.json`);
        } catch {
          schemas = undefined;
        }
      }
      this.customGroups.set(group, schemas);
    }
    return this.customGroups.get(group);
  }
}

/** One catalog per process: the documents are read once and never change. */
export const schemaCatalog = new SchemaCatalog();
