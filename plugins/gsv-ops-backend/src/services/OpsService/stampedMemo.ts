/**
 * Values kept per name until their stamp changes (e.g. one cluster's part of a view, kept until that cluster's cache
 * or the time bucket moves on), at most `capacity` names, the least recently used dropped first.
 */
export class StampedMemo<T> {
  private readonly entries = new Map<string, { stamp: string; value: T }>();

  constructor(private readonly capacity: number) {}

  get(name: string, stamp: string, build: () => T): T {
    const kept = this.entries.get(name);
    if (kept) this.entries.delete(name);
    const entry = kept?.stamp === stamp ? kept : { stamp, value: build() };
    this.entries.set(name, entry);
    if (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return entry.value;
  }

  /** Forgets the names `keep` refuses (e.g. clusters no longer configured). */
  retain(keep: (name: string) => boolean) {
    for (const name of [...this.entries.keys()]) if (!keep(name)) this.entries.delete(name);
  }
}
