/**
 * One result per (cluster, key) for `ttlMs` (or the ttl of the call), shared by every caller: concurrent identical loads are sent once, so
 * the number of viewers never multiplies the load on Prometheus or Alertmanager. Failures are not cached.
 */
export class SharedResultCache {
  private readonly entries = new Map<
    string,
    { expires: number; value: Promise<unknown> }
  >();

  constructor(private readonly ttlMs: number) {}

  get<T>(
    cluster: string,
    key: string,
    load: () => Promise<T>,
    ttlMs = this.ttlMs,
  ): Promise<T> {
    const cacheKey = `${cluster}\n${key}`;
    const now = Date.now();
    const hit = this.entries.get(cacheKey);
    if (hit && hit.expires > now) return hit.value as Promise<T>;
    const value = load();
    this.entries.set(cacheKey, { expires: now + ttlMs, value });
    value.catch(() => {
      if (this.entries.get(cacheKey)?.value === value)
        this.entries.delete(cacheKey);
    });
    if (this.entries.size > 5000) {
      for (const [k, entry] of this.entries)
        if (entry.expires <= now) this.entries.delete(k);
    }
    return value;
  }
}
