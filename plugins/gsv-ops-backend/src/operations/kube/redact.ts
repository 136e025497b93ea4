import { createHmac, randomBytes } from 'node:crypto';

/**
 * What an operation record must never carry, although it shows whole objects in its diffs: literal environment
 * values of containers, the data of Secrets and ConfigMaps, and annotation values that look like credentials.
 * Each is replaced by `(redacted <8 hex>)`, a keyed digest: the same value reads the same before and after a change
 * (a reviewer still sees *that* it changed), and the key lives only in this process, so a stored record cannot be
 * checked against guesses.
 */

const DIGEST_KEY = randomBytes(32);

/** Annotation names (after the last `/`) that say they hold a credential. */
const CREDENTIAL_NAME =
  /(^|[-_.])(token|password|passwd|pwd|secret|credentials?|api-?key|apikey|private-?key|auth|authorization|bearer|session|cookie|dsn)([-_.]|$)/i;

/** Annotation values that look like a credential whatever their name. */
const CREDENTIAL_VALUE = [
  /^eyJ[\w-]+\.[\w-]+\./, // a JWT
  /-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----/,
  /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, // a URL with a password
  // a long random token (a UUID, e.g. an operation id, is an identifier, not a secret)
  /^(?![0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$)(?=[A-Za-z0-9+/_=-]*\d)(?=[A-Za-z0-9+/_=-]*[A-Za-z])[A-Za-z0-9+/_=-]{32,}$/i,
];

/** Fields of the object itself whose every value is data: Secrets and ConfigMaps. */
const DATA_FIELDS = ['data', 'stringData', 'binaryData'];

export function redactedValue(value: string): string {
  return `(redacted ${createHmac('sha256', DIGEST_KEY).update(value).digest('hex').slice(0, 8)})`;
}

export function looksLikeCredential(name: string, value: string): boolean {
  const short = name.slice(name.lastIndexOf('/') + 1);
  return CREDENTIAL_NAME.test(short) || CREDENTIAL_VALUE.some(pattern => pattern.test(value));
}

/** A deep copy of a Kubernetes object (or anything JSON) with the values above redacted. */
export function redactSecrets<T>(object: T): T {
  if (!isRecord(object)) return object;
  const copy = redactNode(object) as Record<string, unknown>;
  for (const field of DATA_FIELDS) {
    const data = copy[field];
    if (isRecord(data)) {
      copy[field] = Object.fromEntries(Object.entries(data).map(([key, value]) => [key, redactedValue(String(value))]));
    }
  }
  return copy as T;
}

function redactNode(node: unknown, key?: string): unknown {
  if (Array.isArray(node)) {
    return key === 'env' ? node.map(redactEnvVar) : node.map(item => redactNode(item));
  }
  if (!isRecord(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === 'annotations' && isRecord(v) ? redactAnnotations(v) : redactNode(v, k);
  }
  return out;
}

function redactEnvVar(item: unknown): unknown {
  if (!isRecord(item)) return item;
  return typeof item.value === 'string' ? { ...item, value: redactedValue(item.value) } : redactNode(item);
}

function redactAnnotations(annotations: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(annotations).map(([name, value]) => [
      name,
      typeof value === 'string' && looksLikeCredential(name, value) ? redactedValue(value) : value,
    ]),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
