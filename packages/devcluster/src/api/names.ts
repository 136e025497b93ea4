import { createHash, randomInt, randomUUID } from 'node:crypto';

/** The alphabet Kubernetes uses for generated name suffixes (no vowels, no confusable characters). */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(length = 5): string {
  let suffix = '';
  for (let index = 0; index < length; index++) suffix += SAFE_ALPHABET[randomInt(SAFE_ALPHABET.length)];
  return suffix;
}

export function newUid(): string {
  return randomUUID();
}

/** A stable short hash in the safe alphabet, like `pod-template-hash` / `controller-revision-hash` values. */
export function safeHash(value: unknown, length = 10): string {
  const digest = createHash('sha256').update(canonicalJson(value)).digest();
  let hash = '';
  for (let index = 0; index < length; index++) hash += SAFE_ALPHABET[digest[index] % SAFE_ALPHABET.length];
  return hash;
}

/** JSON with sorted keys: equal objects serialise equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter(key => (value as Record<string, unknown>)[key] !== undefined)
        .map(key => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** Deterministic pseudo-random number in [0, 1) from a string seed (stable simulated values per object). */
export function seededRandom(seed: string): number {
  // FNV-1a, then a murmur3 finaliser for a good spread: cheap enough for per-pod, per-minute values.
  let hash = 0x811c9dc5;
  for (let index = 0; index < seed.length; index++) hash = Math.imul(hash ^ seed.charCodeAt(index), 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 0x1_0000_0000;
}
