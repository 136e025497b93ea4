import { createHash } from 'node:crypto';

/** Fields that change with the clock, not with the objects: left out of the etag. */
const VOLATILE = new Set(['generatedAt', 'ageSeconds', 'lastHeardAt', 'lastSuccessfulBackupAgeSeconds', 'usageMeasuredAt', 'etag']);

/** A strong etag of a view's content (the clock-driven fields excluded). */
export function contentEtag(view: unknown): string {
  const json = JSON.stringify(view, (key, value) => (VOLATILE.has(key) ? undefined : value));
  return `"${createHash('sha1').update(json).digest('base64url')}"`;
}

/** Whether an `If-None-Match` header value matches the etag (`*`, lists, weak `W/` forms). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map(t => t.trim().replace(/^W\//, ''))
    .some(t => t === '*' || t === etag);
}

/** A small LRU of computed views keyed by what they were computed from. */
export class ViewMemo<T> {
  private readonly entries = new Map<string, { stamp: string; value: T }>();

  constructor(private readonly capacity = 256) {}

  get(key: string, stamp: string, compute: () => T): T {
    const hit = this.entries.get(key);
    if (hit && hit.stamp === stamp) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = compute();
    this.entries.delete(key);
    this.entries.set(key, { stamp, value });
    while (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
