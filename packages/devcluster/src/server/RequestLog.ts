/**
 * Every request the server answered, for tests ("no write reached the cluster") and load figures. Entries are kept
 * in a bounded ring; counters are kept for all requests since the last `clear()`.
 */

/** @public */
export interface RequestLogEntry {
  /** Real wall-clock time of the request (ISO 8601). */
  time: string;
  /** Simulated cluster time of the request (ISO 8601). */
  clusterTime: string;
  method: string;
  path: string;
  /** RBAC verb for resource requests (`get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, ...), else the HTTP method. */
  verb: string;
  resource?: string;
  group?: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** The authenticated user name (`system:serviceaccount:backstage:gsv-backstage`), `system:anonymous` if none. */
  user: string;
  dryRun: boolean;
  watch: boolean;
  status: number;
  durationMs: number;
}

/** @public */
export type RequestLogFilter = Partial<Omit<RequestLogEntry, 'time' | 'clusterTime' | 'durationMs'>> | ((entry: RequestLogEntry) => boolean);

/** @public */
export interface RequestCounters {
  total: number;
  byVerb: Record<string, number>;
  byResource: Record<string, number>;
  byUser: Record<string, number>;
  byStatus: Record<string, number>;
  dryRun: number;
  writes: number;
}

const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

/** @public */
export class RequestLog {
  private ring: RequestLogEntry[] = [];
  private counters: RequestCounters = emptyCounters();

  constructor(private readonly capacity = 50_000) {}

  record(entry: RequestLogEntry): void {
    this.ring.push(entry);
    if (this.ring.length > this.capacity) this.ring.splice(0, this.ring.length - this.capacity);
    const counters = this.counters;
    counters.total++;
    increment(counters.byVerb, entry.verb);
    if (entry.resource) increment(counters.byResource, entry.group ? `${entry.resource}.${entry.group}` : entry.resource);
    increment(counters.byUser, entry.user);
    increment(counters.byStatus, String(entry.status));
    if (entry.dryRun) counters.dryRun++;
    else if (WRITE_VERBS.has(entry.verb) && entry.status < 400) counters.writes++;
  }

  /** The retained entries (newest last), optionally filtered. */
  entries(filter?: RequestLogFilter): RequestLogEntry[] {
    return filter ? this.ring.filter(toPredicate(filter)) : [...this.ring];
  }

  /** How many retained entries match (fields compared with ===, or a predicate). */
  count(filter?: RequestLogFilter): number {
    return filter ? this.ring.filter(toPredicate(filter)).length : this.ring.length;
  }

  /** Successful, non-dry-run writes (create/update/patch/delete) among the retained entries. */
  writes(filter?: RequestLogFilter): RequestLogEntry[] {
    const predicate = filter ? toPredicate(filter) : () => true;
    return this.ring.filter(entry => WRITE_VERBS.has(entry.verb) && !entry.dryRun && entry.status < 400 && predicate(entry));
  }

  /** Totals since the last clear (not bounded by the ring). */
  stats(): RequestCounters {
    return structuredClone(this.counters);
  }

  clear(): void {
    this.ring = [];
    this.counters = emptyCounters();
  }

  get length(): number {
    return this.ring.length;
  }
}

function emptyCounters(): RequestCounters {
  return { total: 0, byVerb: {}, byResource: {}, byUser: {}, byStatus: {}, dryRun: 0, writes: 0 };
}

function increment(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

function toPredicate(filter: RequestLogFilter): (entry: RequestLogEntry) => boolean {
  if (typeof filter === 'function') return filter;
  const pairs = Object.entries(filter);
  return entry => pairs.every(([key, value]) => (entry as unknown as Record<string, unknown>)[key] === value);
}
