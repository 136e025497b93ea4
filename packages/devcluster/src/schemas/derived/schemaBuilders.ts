import type { OpenApiSchema } from '../types';

/** Builders of the OpenAPI schemas derived from documented APIs (CRDs no reachable package publishes). */

export const string = (description?: string): OpenApiSchema => ({ type: 'string', ...(description ? { description } : {}) });
export const dateTime = (description?: string): OpenApiSchema => ({ ...string(description), format: 'date-time' });
export const integer = (description?: string): OpenApiSchema => ({ type: 'integer', format: 'int32', ...(description ? { description } : {}) });
export const boolean = (description?: string): OpenApiSchema => ({ type: 'boolean', ...(description ? { description } : {}) });
export const array = (items: OpenApiSchema, description?: string): OpenApiSchema => ({ type: 'array', items, ...(description ? { description } : {}) });
export const map = (values: OpenApiSchema, description?: string): OpenApiSchema => ({ type: 'object', additionalProperties: values, ...(description ? { description } : {}) });
export const open = (description?: string): OpenApiSchema => ({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, ...(description ? { description } : {}) });
export const object = (properties: Record<string, OpenApiSchema>, options: { required?: string[]; description?: string } = {}): OpenApiSchema => ({
  type: 'object',
  properties,
  ...(options.required ? { required: options.required } : {}),
  ...(options.description ? { description: options.description } : {}),
});

/** A custom resource: apiVersion, kind, metadata, spec (required) and an optional status. */
export function resource(description: string, spec: OpenApiSchema, status?: OpenApiSchema): OpenApiSchema {
  return object(
    {
      apiVersion: string('APIVersion defines the versioned schema of this representation of an object.'),
      kind: string('Kind is a string value representing the REST resource this object represents.'),
      metadata: { type: 'object' },
      spec,
      ...(status ? { status } : {}),
    },
    { description, required: ['metadata', 'spec'] },
  );
}
