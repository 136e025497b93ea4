import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest } from '../api/errors';

/** Small HTTP helpers shared by the handlers. */

const MAX_BODY_BYTES = 16 * 1024 * 1024;

export async function readBody(request: IncomingMessage): Promise<string> {
  return (await readRawBody(request)).toString('utf8');
}

export async function readRawBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new ApiError({ code: 413, reason: 'RequestEntityTooLarge', message: 'the request body is too large' });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function parseJson(text: string): unknown {
  if (!text.trim()) throw badRequest('the request body is empty');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`the object provided is unrecognized (must be valid JSON): ${(error as Error).message}`);
  }
}

export function sendJson(response: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  sendText(response, code, typeof body === 'string' ? body : JSON.stringify(body), 'application/json', headers);
}

export function sendText(
  response: ServerResponse,
  code: number,
  text: string,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  if (response.headersSent || response.destroyed) return;
  const payload = Buffer.from(text);
  response.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': String(payload.length),
    'Cache-Control': 'no-cache, private',
    ...headers,
  });
  response.end(payload);
}

export function sendError(response: ServerResponse, error: ApiError): void {
  const headers: Record<string, string> = {};
  const retryAfter = error.status.details?.retryAfterSeconds;
  if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
  sendJson(response, error.code, error.status, headers);
}

/** The first value of a (possibly repeated) query parameter. */
export function queryValue(query: URLSearchParams, name: string): string | undefined {
  return query.get(name) ?? undefined;
}

/**
 * A boolean query parameter as the API server decodes it into its options structs (Convert_Slice_string_To_bool):
 * absent is false; `0`, `false` and `no` (any case) are false; any other value, the empty one included, is true.
 */
export function queryBoolean(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null) return false;
  return value !== '0' && !['false', 'no'].includes(value.toLowerCase());
}

export function queryInteger(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw badRequest(`invalid value for ${name}: ${value}`);
  return parsed;
}
