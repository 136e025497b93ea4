import type { KubeObject } from '../api/types';
import type { ObjectStore } from '../store/ObjectStore';
import type { HttpReach } from './httpCommands';
import type { SimulatedPostgres } from './postgresCommands';
import type { SimulationState } from './SimulationState';

/**
 * How a simulated container sees the cluster around it: its environment (env and envFrom, with Secret and ConfigMap
 * references resolved as the kubelet does) and the Services its host names resolve to, as cluster DNS does.
 */

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
  };
}

interface EnvFrom {
  prefix?: string;
  secretRef?: { name: string };
  configMapRef?: { name: string };
}

function dataOf(
  store: ObjectStore,
  namespace: string,
  ref: { secret?: string; configMap?: string },
): Record<string, string> {
  if (ref.secret) {
    const data = (store.get('/secrets', namespace, ref.secret)?.data ??
      {}) as Record<string, string>;
    return Object.fromEntries(
      Object.entries(data).map(([key, value]) => [
        key,
        Buffer.from(value, 'base64').toString(),
      ]),
    );
  }
  return (store.get('/configmaps', namespace, ref.configMap ?? '')?.data ??
    {}) as Record<string, string>;
}

/** The environment of a container: envFrom first, env over it (Kubernetes' precedence). */
export function containerEnv(
  store: ObjectStore,
  namespace: string,
  container: KubeObject,
): Map<string, string> {
  const env = new Map<string, string>();
  for (const source of (container.envFrom ?? []) as EnvFrom[]) {
    const data = dataOf(store, namespace, {
      secret: source.secretRef?.name,
      configMap: source.configMapRef?.name,
    });
    for (const [key, value] of Object.entries(data))
      env.set(`${source.prefix ?? ''}${key}`, value);
  }
  for (const variable of (container.env ?? []) as EnvVar[]) {
    const secret = variable.valueFrom?.secretKeyRef;
    const configMap = variable.valueFrom?.configMapKeyRef;
    let value = variable.value;
    if (secret)
      value = dataOf(store, namespace, { secret: secret.name })[secret.key];
    else if (configMap)
      value = dataOf(store, namespace, { configMap: configMap.name })[
        configMap.key
      ];
    if (value !== undefined) env.set(variable.name, value);
  }
  return env;
}

/** The Service a host name leads to from `namespace`: `name`, `name.ns`, `name.ns.svc`, `name.ns.svc.cluster.local`. */
function serviceOf(
  store: ObjectStore,
  namespace: string,
  host: string,
): KubeObject | undefined {
  const parts = host.replace(/\.$/, '').split('.');
  const suffix = parts.slice(2).join('.');
  if (parts.length > 2 && suffix !== 'svc' && suffix !== 'svc.cluster.local')
    return undefined;
  return store.get('/services', parts[1] ?? namespace, parts[0]);
}

/** An HTTP URL answers iff its host is a Service with ready endpoints. */
export function httpReach(
  store: ObjectStore,
  namespace: string,
  url: URL,
): HttpReach {
  const service = serviceOf(store, namespace, url.hostname);
  if (!service) return { reachable: false, reason: 'unresolved' };
  const endpoints = store.get(
    '/endpoints',
    service.metadata.namespace ?? '',
    service.metadata.name ?? '',
  );
  const ready = (
    (endpoints?.subsets ?? []) as Array<{ addresses?: unknown[] }>
  ).some(subset => (subset.addresses ?? []).length > 0);
  return ready
    ? { reachable: true }
    : {
        reachable: false,
        reason: 'refused',
        address: String(service.spec?.clusterIP ?? ''),
      };
}

/** The CloudNativePG cluster behind a host (`<cluster>-rw`, `-ro`, `-r`): accepting connections iff it is Ready. */
export function postgresAt(
  store: ObjectStore,
  simulation: SimulationState,
  namespace: string,
  host: string,
): SimulatedPostgres | undefined {
  const service = serviceOf(store, namespace, host);
  const clusterName = /^(.*)-(rw|ro|r)$/.exec(
    service?.metadata.name ?? '',
  )?.[1];
  if (!service || !clusterName) return undefined;
  const key = `${service.metadata.namespace}/${clusterName}`;
  const cluster = store.get(
    'postgresql.cnpg.io/clusters',
    service.metadata.namespace ?? '',
    clusterName,
  );
  const conditions: Array<{ type: string; status: string }> =
    cluster?.status?.conditions ?? [];
  return {
    ready: conditions.some(c => c.type === 'Ready' && c.status === 'True'),
    address: String(service.spec?.clusterIP ?? ''),
    tables: () => simulation.databaseTables.get(key) ?? [],
    save: tables => simulation.databaseTables.set(key, tables),
  };
}
