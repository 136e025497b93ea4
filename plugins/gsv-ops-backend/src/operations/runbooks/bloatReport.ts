import { HIGH_DEAD_PERCENT, type TableBloat } from '@gsv/plugin-gsv-ops-common';

/**
 * The bloat report of ops guide §7.3 from pg_stat_user_tables: dead tuples, their share, the last (auto)vacuum and
 * the bytes the dead share of the table's size amounts to. No single quotes: it travels inside `sh -c '…'`.
 */
export const BLOAT_QUERY = [
  'SELECT schemaname, relname, n_live_tup, n_dead_tup,',
  'coalesce(round(100.0 * n_dead_tup / nullif(n_live_tup + n_dead_tup, 0), 1), 0) AS dead_pct,',
  'last_vacuum, last_autovacuum,',
  'coalesce(round(pg_relation_size(relid)::numeric * n_dead_tup / nullif(n_live_tup + n_dead_tup, 0)), 0) AS est_bloat_bytes',
  'FROM pg_stat_user_tables ORDER BY n_dead_tup DESC LIMIT 100',
].join(' ');

/** A CSV line as psql --csv writes it (RFC 4180: quoted fields, doubled quotes). */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  const pattern = /(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g;
  for (const match of line.matchAll(pattern))
    fields.push(
      match[1] !== undefined ? match[1].replace(/""/g, '"') : match[2],
    );
  return fields;
}

/** `2026-01-02 03:04:05.123456+00` (psql's timestamptz) → ISO 8601; empty → undefined. */
function isoOf(value: string): string | undefined {
  if (!value) return undefined;
  const normalised = value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
  const time = new Date(normalised);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

/** The rows under the report's CSV header in a Job's log (lines before it, e.g. `VACUUM`, are skipped). */
export function parseBloatReport(log: string[]): TableBloat[] | undefined {
  const header = log.findIndex(line => line.startsWith('schemaname,relname,'));
  if (header < 0) return undefined;
  const columns = csvFields(log[header]);
  const tables: TableBloat[] = [];
  for (const line of log.slice(header + 1)) {
    const fields = csvFields(line);
    if (fields.length !== columns.length) break;
    const row = Object.fromEntries(
      columns.map((column, index) => [column, fields[index]]),
    );
    tables.push({
      schema: row.schemaname,
      table: row.relname,
      liveTuples: Number(row.n_live_tup),
      deadTuples: Number(row.n_dead_tup),
      deadPercent: Number(row.dead_pct),
      lastVacuum: isoOf(row.last_vacuum),
      lastAutovacuum: isoOf(row.last_autovacuum),
      estimatedBloatBytes: Number(row.est_bloat_bytes),
    });
  }
  return tables;
}

function mebibytes(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)} MiB`;
}

/** One sentence: the tables over HIGH_DEAD_PERCENT with their dead share, bloat and last autovacuum, or that none is. */
const count = (n: number) => n.toLocaleString('en-US');

export function describeBloat(tables: TableBloat[]): string {
  const high = tables.filter(t => t.deadPercent >= HIGH_DEAD_PERCENT);
  if (tables.length === 0) return 'no user tables';
  if (high.length === 0) {
    const worst = tables[0];
    return `no table over ${HIGH_DEAD_PERCENT}% dead tuples (most: ${worst.schema}.${worst.table} ${worst.deadPercent}%)`;
  }
  const named = high.map(
    t =>
      `${t.schema}.${t.table} ${t.deadPercent}% dead (${count(
        t.deadTuples,
      )} of ${count(t.liveTuples + t.deadTuples)} tuples, ~${mebibytes(
        t.estimatedBloatBytes,
      )}, last autovacuum ${t.lastAutovacuum?.slice(0, 10) ?? 'never'})`,
  );
  return `${high.length} of ${
    tables.length
  } tables over ${HIGH_DEAD_PERCENT}% dead tuples: ${named.join('; ')}`;
}
