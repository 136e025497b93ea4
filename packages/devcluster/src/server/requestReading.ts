import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { DeleteOptions, PropagationPolicy, WriteOptions } from '../api/ClusterApi';
import { badRequest, unsupportedMediaType } from '../api/errors';
import { FIELD_VALIDATION_VALUES, type FieldValidation } from '../api/schemaEnforcement';
import { PATCH_CONTENT_TYPES, type PatchType } from '../api/types';
import { parsePatchBody } from '../patch/applyPatch';
import { decodeKubernetesProtobuf } from '../protobuf/decodeKubernetesProtobuf';
import { parseJson, queryBoolean, queryInteger, readBody, readRawBody } from './http';

/** What a write request says besides its object: bodies in their content types, write and delete options. */

/**
 * dryRun, `fieldValidation` as the API server reads it (default Warn; an unknown directive is refused), and the
 * field manager: `fieldManager`, or else the product of the User-Agent (`kubectl/v1.32.4 (linux/amd64) …` →
 * `kubectl`), with `force` for applies.
 */
export function writeOptionsOf(query: URLSearchParams, dryRun: boolean, userAgent: string | undefined): WriteOptions {
  const requested = query.get('fieldValidation');
  if (requested && !FIELD_VALIDATION_VALUES.includes(requested as FieldValidation)) {
    throw badRequest(`fieldValidation invalid directive: ${requested}`);
  }
  const fieldManager = query.get('fieldManager') || userAgent?.split('/')[0].slice(0, 128) || 'unknown';
  return { dryRun, fieldValidation: (requested as FieldValidation | null) || 'Warn', warnings: [], fieldManager, force: queryBoolean(query, 'force') };
}

/** An apply names its field manager itself (the API server does not derive one from the User-Agent for it). */
export function patchOptions(write: WriteOptions, type: PatchType, query: URLSearchParams): WriteOptions {
  return type === 'apply' ? { ...write, fieldManager: query.get('fieldManager') || undefined } : write;
}

export function warningHeaders(write: WriteOptions): Record<string, string> {
  if (!write.warnings?.length) return {};
  return { Warning: write.warnings.map(warning => `299 - ${JSON.stringify(warning)}`).join(', ') };
}

export async function readObjectBody(request: IncomingMessage): Promise<unknown> {
  const type = (request.headers['content-type'] ?? 'application/json').split(';')[0].trim();
  if (type === 'application/vnd.kubernetes.protobuf') return decodeKubernetesProtobuf(await readRawBody(request));
  const text = await readBody(request);
  if (type === 'application/yaml') {
    try {
      return parseYaml(text);
    } catch (error) {
      throw badRequest(`error decoding YAML: ${(error as Error).message}`);
    }
  }
  return parseJson(text);
}

export async function readPatch(request: IncomingMessage) {
  const contentType = (request.headers['content-type'] ?? '').split(';')[0].trim();
  const type = PATCH_CONTENT_TYPES[contentType];
  if (!type) {
    throw unsupportedMediaType(
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`,
    );
  }
  return { type, patch: parsePatchBody(await readBody(request), type) };
}

export async function readDeleteOptions(request: IncomingMessage, query: URLSearchParams, dryRun: boolean): Promise<DeleteOptions> {
  const text = await readBody(request);
  const body = (text.trim() ? parseJson(text) : {}) as {
    propagationPolicy?: string;
    orphanDependents?: boolean;
    gracePeriodSeconds?: number;
    preconditions?: { uid?: string; resourceVersion?: string };
    dryRun?: string[];
  };
  const policy = (query.get('propagationPolicy') ?? body.propagationPolicy ?? (body.orphanDependents ? 'Orphan' : undefined)) as
    | PropagationPolicy
    | undefined;
  if (policy && !['Foreground', 'Background', 'Orphan'].includes(policy)) {
    throw badRequest(`DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  return {
    propagationPolicy: policy,
    gracePeriodSeconds: queryInteger(query, 'gracePeriodSeconds') ?? body.gracePeriodSeconds,
    preconditions: body.preconditions,
    dryRun: dryRun || (body.dryRun ?? []).includes('All'),
  };
}

