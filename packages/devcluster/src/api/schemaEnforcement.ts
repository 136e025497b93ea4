import type { ResourceDefinition } from '../resources/types';
import { checkObject } from '../schemas/checkObject';
import { DOCUMENTED_VALUES } from '../schemas/derived/cnpgSchemas';
import { schemaCatalog, type SchemaCatalog } from '../schemas/SchemaCatalog';
import { badRequest, invalid } from './errors';
import type { KubeObject } from './types';

/**
 * `fieldValidation` as the API server applies it to every write: `Strict` refuses unknown fields (400, what kubectl
 * sends), `Warn` (the default) prunes them with a warning, `Ignore` prunes them silently. Type errors are refused in
 * every mode. Writes from inside the emulator (seed, controllers) pass no mode: what the schema would refuse or
 * prune is recorded as a violation instead, so tests can fail on an invented field or a wrongly typed value.
 */

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** A long-running cluster whose controllers keep writing a bad field must not grow without bound. */
const MAX_RECORDED_VIOLATIONS = 1000;

export const FIELD_VALIDATION_VALUES: FieldValidation[] = ['Ignore', 'Warn', 'Strict'];

export interface SchemaViolation {
  kind: string;
  namespace?: string;
  name?: string;
  problems: string[];
}

export interface SchemaEnforcementOptions {
  /** Undefined for writes from inside the emulator. */
  fieldValidation?: FieldValidation;
  /** Receives the warnings to send back (`Warning: 299 - "unknown field ..."`). */
  warnings?: string[];
}

export class SchemaEnforcer {
  readonly violations: SchemaViolation[] = [];

  constructor(private readonly catalog: SchemaCatalog = schemaCatalog) {}

  /** Prunes `object` in place; throws the API server's error when the write must be refused. */
  enforce(definition: ResourceDefinition, object: KubeObject, options: SchemaEnforcementOptions): void {
    const kindSchema = this.catalog.forKind(definition.group, definition.version, definition.kind);
    if (!kindSchema) return;
    const findings = checkObject(this.catalog, kindSchema, object);
    const { unknownFields, decodingErrors, causes } = findings;
    if (!options.fieldValidation) {
      const problems = [
        ...unknownFields.map(field => `unknown field "${field}"`),
        ...decodingErrors,
        ...causes.map(cause => `${cause.field}: ${cause.message}`),
        ...undocumentedValues(definition, object),
      ];
      if (problems.length && this.violations.length < MAX_RECORDED_VIOLATIONS) {
        const kind = `${definition.kind}${definition.group ? `.${definition.group}` : ''}`;
        this.violations.push({ kind, namespace: object.metadata?.namespace, name: object.metadata?.name, problems });
      }
      return;
    }
    if (!unknownFields.length && !decodingErrors.length && !causes.length) return;
    const cannotBeHandled = `${definition.kind} in version "${definition.version}" cannot be handled as a ${definition.kind}`;
    if (decodingErrors.length) throw badRequest(`${cannotBeHandled}: ${decodingErrors[0]}`);
    if (unknownFields.length && options.fieldValidation === 'Strict') {
      throw badRequest(`${cannotBeHandled}: strict decoding error: ${unknownFields.map(field => `unknown field "${field}"`).join(', ')}`);
    }
    if (causes.length) throw invalid(definition.kind, definition.group, object.metadata?.name ?? '', causes);
    if (options.fieldValidation === 'Warn') options.warnings?.push(...unknownFields.map(field => `unknown field "${field}"`));
  }
}

function undocumentedValues(definition: ResourceDefinition, object: KubeObject): string[] {
  const problems: string[] = [];
  for (const rule of DOCUMENTED_VALUES) {
    if (rule.group !== definition.group || rule.kind !== definition.kind) continue;
    const value = rule.path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], object);
    if (value !== undefined && !rule.values.includes(value as string)) {
      problems.push(`${rule.path.join('.')}: ${JSON.stringify(value)} is not a value the real operator writes`);
    }
  }
  return problems;
}
