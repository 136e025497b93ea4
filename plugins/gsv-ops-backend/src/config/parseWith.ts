import type { z } from 'zod';

/** Parses a config value with a schema; throws `Invalid configuration at <path>: <message>` with the field's path. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = [path, ...issue.path].join('.');
    throw new Error(`Invalid configuration at ${where}: ${issue.message}`);
  }
  return result.data;
}
