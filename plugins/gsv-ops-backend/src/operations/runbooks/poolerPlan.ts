import { InputError } from '@backstage/errors';
import type { RunbookParameters } from '@gsv/plugin-gsv-ops-common';
import type { OperationLimits } from '@gsv/plugin-gsv-ops-node';
import { poolerSettings, type PoolerSettings } from '../../domain/poolers';
import type { KubeObject } from '../../services/ClusterRegistry/types';
import { RESOURCES } from '../kube/resources';
import type { KubeReader } from './types';

type Params = RunbookParameters<'pooler-configure'>;

const CAP_KEY = 'gsvOps.operations.policy.limits';
/** PostgreSQL's defaults (postgresql.conf): max_connections, and the slots kept for superusers and pg_use_reserved_connections. */
const PG_DEFAULT_MAX_CONNECTIONS = 100;
const PG_DEFAULT_SUPERUSER_RESERVED = 3;

export interface PoolerPlan {
  pooler: KubeObject;
  current: PoolerSettings;
  next: PoolerSettings;
  budget: ConnectionBudget;
}

/** The server connections a database accepts from poolers, and what the other poolers of the same service take. */
export interface ConnectionBudget {
  cluster: string;
  maxConnections: number;
  reserved: number;
  /** Server connections of the other poolers in front of the same service (rw: the primary). */
  others: Array<{ name: string; connections: number }>;
}

/** The caps of the environment (`gsvOps.operations.policy.limits.maxPooler*`), checked before anything is read. */
export function checkPoolerCaps(settings: Partial<PoolerSettings>, limits: OperationLimits): void {
  const caps: Array<[number | undefined, number, string, string]> = [
    [settings.instances, limits.maxPoolerInstances, 'maxPoolerInstances', 'PgBouncer instances'],
    [settings.defaultPoolSize, limits.maxPoolerDefaultPoolSize, 'maxPoolerDefaultPoolSize', 'default_pool_size'],
    [settings.maxClientConn, limits.maxPoolerClientConnections, 'maxPoolerClientConnections', 'max_client_conn'],
  ];
  for (const [value, cap, key, what] of caps) {
    if (value !== undefined && value > cap) {
      throw new InputError(`${what} ${value} exceeds the cap of ${cap} for this environment (${CAP_KEY}.${key}); ask the platform team to raise it`);
    }
  }
}

export function requestedSettings(params: Params, current: PoolerSettings): PoolerSettings {
  return {
    instances: params.instances ?? current.instances,
    poolMode: params.poolMode ?? current.poolMode,
    defaultPoolSize: params.defaultPoolSize ?? current.defaultPoolSize,
    maxClientConn: params.maxClientConn ?? current.maxClientConn,
  };
}

function numberParameter(parameters: Record<string, string>, name: string, fallback: number): number {
  const n = Number(parameters[name]);
  return parameters[name] !== undefined && Number.isInteger(n) && n >= 0 ? n : fallback;
}

async function connectionBudget(kube: KubeReader, pooler: KubeObject): Promise<ConnectionBudget> {
  const namespace = pooler.metadata.namespace ?? '';
  const clusterName: string = pooler.spec?.cluster?.name ?? '';
  const cluster = await kube.tryGet(RESOURCES.cnpgCluster, namespace, clusterName);
  if (!cluster) throw new InputError(`Pooler ${namespace}/${pooler.metadata.name} serves cluster ${clusterName}, which does not exist`);
  const parameters: Record<string, string> = cluster.spec?.postgresql?.parameters ?? {};
  const type = pooler.spec?.type ?? 'rw';
  const others = (await kube.list(RESOURCES.pooler, namespace))
    .filter(p => p.metadata.name !== pooler.metadata.name && p.spec?.cluster?.name === clusterName && (p.spec?.type ?? 'rw') === type)
    .map(p => {
      const s = poolerSettings(p);
      return { name: p.metadata.name, connections: s.defaultPoolSize * s.instances };
    });
  return {
    cluster: clusterName,
    maxConnections: numberParameter(parameters, 'max_connections', PG_DEFAULT_MAX_CONNECTIONS),
    reserved:
      numberParameter(parameters, 'superuser_reserved_connections', PG_DEFAULT_SUPERUSER_RESERVED) +
      numberParameter(parameters, 'reserved_connections', 0),
    others,
  };
}

/**
 * PgBouncer opens up to default_pool_size server connections per user/database pair in each instance; together with
 * the other poolers of the same service they must fit in what PostgreSQL lets ordinary roles open.
 */
export function checkConnectionBudget(next: PoolerSettings, budget: ConnectionBudget, pooler: string): void {
  const wanted = next.defaultPoolSize * next.instances;
  const othersTotal = budget.others.reduce((n, o) => n + o.connections, 0);
  const available = budget.maxConnections - budget.reserved;
  if (wanted + othersTotal <= available) return;
  const others = budget.others.length ? ` plus ${othersTotal} of ${budget.others.map(o => o.name).join(', ')}` : '';
  throw new InputError(
    `default_pool_size ${next.defaultPoolSize} × ${next.instances} instances = ${wanted} server connections per user/database pair for pooler ${pooler}${others}, ` +
      `more than cluster ${budget.cluster} accepts: max_connections ${budget.maxConnections} − ${budget.reserved} reserved (superuser_reserved_connections + reserved_connections) = ${available}. ` +
      `Lower default_pool_size or the instances, or raise max_connections first`,
  );
}

export async function planPooler(kube: KubeReader, params: Params, limits: OperationLimits): Promise<PoolerPlan> {
  const pooler = await kube.get(RESOURCES.pooler, params.namespace, params.pooler);
  const current = poolerSettings(pooler);
  const next = requestedSettings(params, current);
  checkPoolerCaps(next, limits);
  const budget = await connectionBudget(kube, pooler);
  checkConnectionBudget(next, budget, `${params.namespace}/${params.pooler}`);
  return { pooler, current, next, budget };
}

export function describeSettings(s: PoolerSettings): string {
  return `${s.instances} instance${s.instances === 1 ? '' : 's'}, ${s.poolMode} mode, default_pool_size ${s.defaultPoolSize}, max_client_conn ${s.maxClientConn}`;
}

/** The merge patch of the Pooler's spec: only what changes (parameters are strings in the Pooler API). */
export function poolerSpecPatch(current: PoolerSettings, next: PoolerSettings): Record<string, unknown> | undefined {
  const parameters: Record<string, string> = {};
  if (next.defaultPoolSize !== current.defaultPoolSize) parameters.default_pool_size = String(next.defaultPoolSize);
  if (next.maxClientConn !== current.maxClientConn) parameters.max_client_conn = String(next.maxClientConn);
  const pgbouncer = {
    ...(next.poolMode !== current.poolMode ? { poolMode: next.poolMode } : {}),
    ...(Object.keys(parameters).length ? { parameters } : {}),
  };
  const spec = {
    ...(next.instances !== current.instances ? { instances: next.instances } : {}),
    ...(Object.keys(pgbouncer).length ? { pgbouncer } : {}),
  };
  return Object.keys(spec).length ? spec : undefined;
}
