import type { PoolerView } from '@gsv/plugin-gsv-ops-common';
import type { KubeObject } from '../services/ClusterRegistry/types';

/** PgBouncer's own defaults, which apply when a Pooler does not set the parameter (pgbouncer.org/config.html). */
export const PGBOUNCER_DEFAULT_POOL_SIZE = 20;
export const PGBOUNCER_DEFAULT_MAX_CLIENT_CONN = 100;

export interface PoolerSettings {
  instances: number;
  poolMode: 'session' | 'transaction';
  defaultPoolSize: number;
  maxClientConn: number;
}

/** A whole number PgBouncer parameter as the Pooler writes it (a string), or the default when unset or unreadable. */
function countParameter(value: unknown, fallback: number): number {
  const n = Number(value);
  return typeof value === 'string' && Number.isInteger(n) && n > 0 ? n : fallback;
}

/** What a Pooler asks of PgBouncer, with CloudNativePG's and PgBouncer's defaults filled in. */
export function poolerSettings(pooler: KubeObject): PoolerSettings {
  const pgbouncer = pooler.spec?.pgbouncer ?? {};
  return {
    instances: pooler.spec?.instances ?? 1,
    poolMode: pgbouncer.poolMode === 'transaction' ? 'transaction' : 'session',
    defaultPoolSize: countParameter(pgbouncer.parameters?.default_pool_size, PGBOUNCER_DEFAULT_POOL_SIZE),
    maxClientConn: countParameter(pgbouncer.parameters?.max_client_conn, PGBOUNCER_DEFAULT_MAX_CLIENT_CONN),
  };
}

/** The Ops tab's view of a Pooler; its Deployment (same name) gives the ready PgBouncer pods. */
export function poolerView(pooler: KubeObject, deployment: KubeObject | undefined): PoolerView {
  const settings = poolerSettings(pooler);
  const type = pooler.spec?.type;
  return {
    namespace: pooler.metadata.namespace ?? '',
    name: pooler.metadata.name,
    cluster: pooler.spec?.cluster?.name ?? '',
    type: type === 'ro' || type === 'r' ? type : 'rw',
    ...settings,
    readyInstances: deployment?.status?.readyReplicas ?? 0,
    paused: pooler.spec?.pgbouncer?.paused === true,
    serverConnections: settings.defaultPoolSize * settings.instances,
  };
}
