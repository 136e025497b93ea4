import type {
  DatabaseMaintenanceResult,
  TableBloat,
} from './databaseMaintenance';

/**
 * The latest bloat report of one database: the result of its last successful database-maintenance run (a bloat
 * report, or the report a VACUUM (ANALYZE) takes after it).
 *
 * @public
 */
export interface DatabaseBloatReport {
  /** The Kubernetes cluster, by its configured name. */
  cluster: string;
  namespace: string;
  /** The CloudNativePG cluster. */
  database: string;
  operationId: string;
  operation: DatabaseMaintenanceResult['operation'];
  /** vacuum-analyze only: the table vacuumed; absent: every table. */
  vacuumed?: string;
  /** ISO 8601: when the report was taken (the operation finished). */
  finishedAt: string;
  initiatedBy: string;
  /** Most dead tuples first. */
  tables: TableBloat[];
}

/**
 * `GET /entities/:kind/:namespace/:name/bloat-reports?cluster=`: the latest report of each database of the entity
 * that has one.
 *
 * @public
 */
export interface EntityBloatReports {
  entityRef: string;
  generatedAt: string;
  reports: DatabaseBloatReport[];
}
