import { applyPatch as applyJsonPatchOperations, type Operation } from 'fast-json-patch';
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest } from '../api/errors';
import type { KubeObject, PatchType } from '../api/types';
import { applyMergePatch, clone, isPlainObject } from './mergePatch';
import { applyStrategicMergePatch } from './strategicMergePatch';

/** Parses a patch body of the given type (JSON, or YAML for server-side apply). */
export function parsePatchBody(body: string, type: PatchType): unknown {
  try {
    return type === 'apply' ? parseYaml(body) : JSON.parse(body);
  } catch (error) {
    throw badRequest(`error decoding patch: ${(error as Error).message}`);
  }
}

/**
 * Applies a patch to a copy of `current` and returns the result. Server-side apply is approximated as a merge
 * of the applied configuration (there is no field ownership tracking).
 */
export function applyPatch(original: KubeObject, patch: unknown, type: PatchType): KubeObject {
  // Work on a private copy: the result is handed to defaulting, which edits it in place.
  const current = clone(original);
  let result: unknown;
  switch (type) {
    case 'merge':
      if (!isPlainObject(patch)) throw badRequest('merge patch must be a JSON object');
      result = applyMergePatch(current, patch);
      break;
    case 'apply':
      if (!isPlainObject(patch)) throw badRequest('apply patch must be an object');
      result = applyMergePatch(current, patch);
      break;
    case 'strategic':
      result = applyStrategicMergePatch(current, patch);
      break;
    case 'json': {
      if (!Array.isArray(patch)) throw badRequest('json patch must be an array of operations');
      try {
        result = applyJsonPatchOperations(current, patch as Operation[], true, true).newDocument;
      } catch (error) {
        throw new ApiError({
          code: 422,
          reason: 'Invalid',
          message: `the server rejected our request due to an error in our request: ${jsonPatchMessage(error)}`,
        });
      }
      break;
    }
    default:
      throw badRequest(`unknown patch type ${String(type)}`);
  }
  if (!isPlainObject(result)) throw badRequest('patch did not produce an object');
  return result as KubeObject;
}

function jsonPatchMessage(error: unknown): string {
  const candidate = error as { name?: string; message?: string };
  const firstLine = (candidate.message ?? String(error)).split('\n')[0];
  return firstLine;
}
