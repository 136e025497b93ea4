import type { OpenApiSchema } from '../types';

export type CompiledValidator = ((data: unknown) => boolean) & {
  errors?: Array<{ instancePath: string; keyword: string; params: Record<string, unknown> }> | null;
};

/**
 * Type declarations say `number` for integers and floats alike and drop formats; the package's compiled validator
 * knows. Probes it with one property at a time and keeps what it rejects: a fraction (integer), 2^40 (int32) and a
 * non-date string (date-time and other string formats).
 */
export async function refineFromValidator(schema: OpenApiSchema, validate: CompiledValidator | undefined): Promise<void> {
  if (!validate || !schema.properties) return;
  for (const [name, property] of Object.entries(schema.properties)) {
    if (property.type === 'number') {
      if (rejects(validate, name, 0.5, 'type')) {
        property.type = 'integer';
        property.format = rejects(validate, name, 2 ** 40, 'format') ? 'int32' : 'int64';
      } else {
        property.format = 'double';
      }
    } else if (property.type === 'string' && !property.enum) {
      const format = rejectionOf(validate, name, 'not a valid value for any format', 'format')?.params.format;
      if (typeof format === 'string') property.format = format;
    }
  }
}

function rejectionOf(validate: CompiledValidator, property: string, value: unknown, keyword: string) {
  validate({ [property]: value });
  return (validate.errors ?? []).find(error => error.instancePath === `/${property}` && error.keyword === keyword);
}

function rejects(validate: CompiledValidator, property: string, value: unknown, keyword: string): boolean {
  return Boolean(rejectionOf(validate, property, value, keyword));
}
