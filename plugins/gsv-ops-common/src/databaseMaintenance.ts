/**
 * One table of a database-maintenance bloat report (pg_stat_user_tables), as the operation's result carries it.
 *
 * @public
 */
export interface TableBloat {
  schema: string;
  table: string;
  liveTuples: number;
  deadTuples: number;
  /** Dead tuples as a percentage of all tuples, one decimal. */
  deadPercent: number;
  /** ISO 8601; absent when never vacuumed. */
  lastVacuum?: string;
  lastAutovacuum?: string;
  /** The table's size times its dead share: what VACUUM (FULL) could give back. */
  estimatedBloatBytes: number;
}

/**
 * The result of a database-maintenance operation.
 *
 * @public
 */
export interface DatabaseMaintenanceResult {
  operation: 'bloat-report' | 'vacuum-analyze';
  /** The table vacuumed; absent: the whole database (vacuum-analyze only). */
  vacuumed?: string;
  /** Most dead tuples first; after the VACUUM for vacuum-analyze. */
  tables: TableBloat[];
}

/**
 * The dead-tuple share above which the bloat report calls a table out.
 *
 * @public
 */
export const HIGH_DEAD_PERCENT = 20;
