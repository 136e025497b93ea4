import { createHash } from 'node:crypto';

/** Fields that change with the clock, not with the objects: left out of the etag. */
const VOLATILE = new Set(['generatedAt', 'ageSeconds', 'lastHeardAt', 'lastSuccessfulBackupAgeSeconds', 'usageMeasuredAt', 'etag']);

/** A strong etag of a view's content (the clock-driven fields excluded). */
export function contentEtag(view: unknown): string {
  const json = JSON.stringify(view, (key, value) => (VOLATILE.has(key) ? undefined : value));
  return `"${createHash('sha1').update(json).digest('base64url')}"`;
}

/**
 * The etag of a view made of parts whose content etags are known (e.g. one per cluster): equal parts in the same
 * order give the same etag, so a view whose parts did not change keeps its etag without serialising it again.
 */
export function combinedEtag(parts: string[]): string {
  return `"${createHash('sha1').update(parts.join('\n')).digest('base64url')}"`;
}

/** Whether an `If-None-Match` header value matches the etag (`*`, lists, weak `W/` forms). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map(t => t.trim().replace(/^W\//, ''))
    .some(t => t === '*' || t === etag);
}

interface MemoEntry<T> {
  stamp: string;
  bucket: number;
  computedAt: number;
  /** How long the computation took (ms), for the busy throttle. */
  computeMs: number;
  value: T;
  refreshing: boolean;
}

/**
 * A small LRU of computed views keyed by what they were computed from (`stamp`: the cache's change counters) and
 * when (`bucket`: a coarse time slot).
 *
 * - Same stamp and bucket: the stored value.
 * - Same stamp, older bucket (only time moved): the stored value at once, recomputed in the background
 *   (stale-while-revalidate), so viewers never wait for a recomputation that time alone caused.
 * - Another stamp: computed now, unless the last computation is younger than `minIntervalMs` (or than
 *   `busyFactor` times what the last computation took); then the stored value, and a recomputation once the interval
 *   has passed (a throttle for expensive views of busy clusters: a view that takes 300 ms to build over a fleet is
 *   rebuilt at most every 3 s with a factor of 10, so it never takes more than a tenth of the event loop).
 *
 * `revalidate` recomputes through the caller (with fresh stamps) and must end in {@link ViewMemo.put}.
 */
export class ViewMemo<T> {
  private readonly entries = new Map<string, MemoEntry<T>>();

  constructor(
    private readonly options: {
      capacity: number;
      minIntervalMs?: number;
      busyFactor?: number;
      now: () => number;
      /** A monotonic clock in ms, to time computations (default `performance.now`). */
      monotonic?: () => number;
      schedule: (task: () => void, delayMs: number) => void;
    },
  ) {}

  get(key: string, stamp: string, bucket: number, compute: () => T, revalidate: () => void): T {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      if (hit.stamp === stamp && hit.bucket === bucket) return hit.value;
      const age = this.options.now() - hit.computedAt;
      const minInterval = Math.max(this.options.minIntervalMs ?? 0, hit.computeMs * (this.options.busyFactor ?? 0));
      if (hit.stamp === stamp || age < minInterval) {
        if (!hit.refreshing) {
          hit.refreshing = true;
          this.options.schedule(revalidate, hit.stamp === stamp ? 0 : minInterval - age);
        }
        return hit.value;
      }
    }
    return this.compute(key, stamp, bucket, compute);
  }

  /** Computes the value now and keeps it, with how long that took. */
  compute(key: string, stamp: string, bucket: number, compute: () => T): T {
    const clock = this.options.monotonic ?? (() => performance.now());
    const started = clock();
    const value = compute();
    return this.put(key, stamp, bucket, value, clock() - started);
  }

  put(key: string, stamp: string, bucket: number, value: T, computeMs = 0): T {
    this.entries.delete(key);
    this.entries.set(key, { stamp, bucket, value, computedAt: this.options.now(), computeMs, refreshing: false });
    while (this.entries.size > this.options.capacity) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
