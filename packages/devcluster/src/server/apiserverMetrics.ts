import type { ResourceDefinition } from '../resources/types';

/** One long-running request the API server is serving: a watch or a followed log. */
export interface LongRunningRequest {
  verb: 'WATCH' | 'GET';
  definition: Pick<ResourceDefinition, 'group' | 'version' | 'resource'>;
  subresource?: string;
  /** The namespace the request is scoped to, if any. */
  namespace?: string;
}

/**
 * The part of the API server's `/metrics` (Prometheus text format 0.0.4) the embedded cluster can state truthfully:
 * `apiserver_longrunning_requests`, the gauge of open watches and followed logs, with the API server's labels. Its
 * other series (request latencies, etcd, admission) are not simulated and are not served.
 */
export function apiserverMetricsText(requests: LongRunningRequest[]): string {
  const counts = new Map<string, number>();
  for (const request of requests) {
    const { group, version, resource } = request.definition;
    const scope = scopeOf(request);
    const labels = {
      component: 'apiserver',
      group,
      resource,
      scope,
      subresource: request.subresource ?? '',
      verb: request.verb,
      version,
    };
    const key = Object.entries(labels)
      .map(([name, value]) => `${name}="${value}"`)
      .join(',');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const lines = [
    '# HELP apiserver_longrunning_requests [STABLE] Gauge of all active long-running apiserver requests broken out by verb, group, version, resource, scope and component. Not all requests are tracked this way.',
    '# TYPE apiserver_longrunning_requests gauge',
    ...[...counts.entries()].sort().map(([labels, count]) => `apiserver_longrunning_requests{${labels}} ${count}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** As the API server scopes a request: one named object, a namespace's collection, or the whole cluster. */
function scopeOf(request: LongRunningRequest): 'resource' | 'namespace' | 'cluster' {
  if (request.subresource) return 'resource';
  return request.namespace ? 'namespace' : 'cluster';
}
