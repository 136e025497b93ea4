/**
 * A CloudNativePG Pooler (PgBouncer in front of a database) as the Ops tab shows it.
 *
 * @public
 */
export interface PoolerView {
  namespace: string;
  name: string;
  /** The CloudNativePG cluster it serves. */
  cluster: string;
  /** The cluster service it forwards to: rw (primary), ro (replicas) or r (any instance). */
  type: 'rw' | 'ro' | 'r';
  instances: number;
  readyInstances: number;
  poolMode: 'session' | 'transaction';
  /** PgBouncer's default_pool_size and max_client_conn (PgBouncer's defaults when not set: 20 and 100). */
  defaultPoolSize: number;
  maxClientConn: number;
  paused: boolean;
  /** default_pool_size × instances: the server connections it may open per user/database pair. */
  serverConnections: number;
}
