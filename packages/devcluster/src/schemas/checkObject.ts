import type { FieldCause } from '../api/errors';
import type { KubeObject } from '../api/types';
import type { KindSchema, SchemaCatalog } from './SchemaCatalog';
import type { OpenApiSchema } from './types';

/**
 * Checks an object against its kind's schema the way the API server decodes it: fields the schema does not declare
 * are removed (and reported, for `fieldValidation`), values of the wrong JSON type are decoding errors for built-in
 * kinds and `Invalid` causes for custom resources; values outside an enum, and for custom resources missing
 * required fields, are `Invalid` causes.
 */

export interface SchemaFindings {
  /** Paths of the fields that were pruned, as the API server names them (`spec.template.spec.containers[0].foo`). */
  unknownFields: string[];
  /** Go JSON decoding errors of built-in kinds (`json: cannot unmarshal string into Go struct field ...`). */
  decodingErrors: string[];
  /** Field errors answered with 422 Invalid. */
  causes: FieldCause[];
}

const OBJECT_META = { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' };

class SchemaWalker {
  constructor(
    private readonly catalog: SchemaCatalog,
    private readonly custom: boolean,
    private readonly findings: SchemaFindings,
  ) {}

  walk(value: unknown, schema: OpenApiSchema, path: string, goStruct: string): void {
    if (value === null || value === undefined) return;
    const resolved = this.catalog.resolve(schema);
    const structName = this.catalog.referenceName(schema)?.split('.').pop() ?? goStruct;
    if (resolved['x-kubernetes-int-or-string']) {
      if (typeof value !== 'string' && !Number.isInteger(value)) this.typeError(value, resolved, path, goStruct, 'int-or-string');
      return;
    }
    switch (resolved.type ?? (resolved.properties ? 'object' : undefined)) {
      case 'object':
        this.walkObject(value, resolved, path, structName, goStruct);
        return;
      case 'array':
        if (!Array.isArray(value)) {
          this.typeError(value, resolved, path, goStruct, 'array');
          return;
        }
        value.forEach((item, index) => resolved.items && this.walk(item, resolved.items, `${path}[${index}]`, structName));
        return;
      case 'string':
        if (typeof value !== 'string') this.typeError(value, resolved, path, goStruct, 'string');
        else this.checkEnum(value, resolved, path);
        return;
      case 'integer':
        if (!Number.isInteger(value)) this.typeError(value, resolved, path, goStruct, 'integer');
        return;
      case 'number':
        if (typeof value !== 'number') this.typeError(value, resolved, path, goStruct, 'number');
        return;
      case 'boolean':
        if (typeof value !== 'boolean') this.typeError(value, resolved, path, goStruct, 'boolean');
        return;
      default:
    }
  }

  private walkObject(value: unknown, schema: OpenApiSchema, path: string, structName: string, parentStruct: string): void {
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.typeError(value, schema, path, parentStruct, 'object');
      return;
    }
    const record = value as Record<string, unknown>;
    const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    for (const key of Object.keys(record)) {
      const childPath = path ? `${path}.${key}` : key;
      const declared = schema.properties?.[key] ?? additional;
      if (declared) this.walk(record[key], declared, childPath, structName);
      else if (!schema['x-kubernetes-preserve-unknown-fields'] && schema.properties) this.prune(record, key, childPath);
    }
    // Built-in kinds are decoded into Go structs, which have no notion of required fields (their validation,
    // kind by kind, does); custom resources are checked against their schema's `required`.
    for (const name of this.custom ? schema.required ?? [] : []) {
      if (record[name] === undefined || record[name] === null) {
        this.findings.causes.push({ reason: 'FieldValueRequired', field: path ? `${path}.${name}` : name, message: 'Required value' });
      }
    }
  }

  private prune(record: Record<string, unknown>, key: string, path: string): void {
    this.findings.unknownFields.push(path);
    delete record[key];
  }

  private checkEnum(value: string, schema: OpenApiSchema, path: string): void {
    if (!schema.enum || schema.enum.includes(value)) return;
    this.findings.causes.push({
      reason: 'FieldValueNotSupported',
      field: path,
      message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${schema.enum.map(option => JSON.stringify(option)).join(', ')}`,
    });
  }

  private typeError(value: unknown, schema: OpenApiSchema, path: string, goStruct: string, expected: string): void {
    if (this.custom) {
      const actual = jsonSchemaTypeOf(value);
      this.findings.causes.push({
        reason: 'FieldValueTypeInvalid',
        field: path,
        message: `Invalid value: "${actual}": ${path} in body must be of type ${expected === 'int-or-string' ? 'integer,string' : expected}: "${actual}"`,
      });
      return;
    }
    const goPath = path.replace(/\[\d+\]/g, '');
    this.findings.decodingErrors.push(`json: cannot unmarshal ${goJsonTypeOf(value)} into Go struct field ${goStruct}.${goPath} of type ${goTypeOf(schema, expected)}`);
  }
}

export function checkObject(catalog: SchemaCatalog, kindSchema: KindSchema, object: KubeObject): SchemaFindings {
  const findings: SchemaFindings = { unknownFields: [], decodingErrors: [], causes: [] };
  const walker = new SchemaWalker(catalog, kindSchema.custom, findings);
  const root = catalog.resolve(kindSchema.root);
  const properties = kindSchema.custom ? { ...root.properties, metadata: OBJECT_META } : root.properties;
  walker.walk(object, { ...root, properties }, '', kindSchema.kind);
  return findings;
}

function jsonSchemaTypeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function goJsonTypeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

function goTypeOf(schema: OpenApiSchema, expected: string): string {
  switch (expected) {
    case 'integer':
      return schema.format ?? 'int64';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'array':
      return '[]interface {}';
    case 'object':
      return schema.additionalProperties ? 'map[string]string' : 'struct';
    case 'int-or-string':
      return 'intstr.IntOrString';
    default:
      return expected;
  }
}
