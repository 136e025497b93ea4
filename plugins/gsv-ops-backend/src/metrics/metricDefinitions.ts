import type {
  MetricId,
  MetricThresholds,
  MetricUnit,
} from '@gsv/plugin-gsv-ops-common';

/** What the metric queries of one service need to know about it. */
export interface MetricsTarget {
  /** The Prometheus `job` of the service's HTTP metrics (annotation `gsv.io/prometheus-job`). */
  job?: string;
  /** The namespace of the service's deployments. */
  namespace: string;
  /** The service's deployments: their pods are `<deployment>-<replicaset hash>-<suffix>`. */
  deployments: string[];
  /** The CloudNativePG cluster of the service. */
  database?: { namespace: string; name: string };
  /** The service's PVCs, incl. its database's. */
  pvcs: { namespace: string; name: string }[];
  /** The Celery queue the service's workers consume, when it has workers. */
  queue?: string;
}

export interface MetricDefinition {
  id: MetricId;
  title: string;
  unit: MetricUnit;
  /** The ops guide's §1.2 thresholds. */
  thresholds: MetricThresholds;
  /** The PromQL for the target, or undefined when the target lacks what the metric needs. */
  query(target: MetricsTarget): string | undefined;
  /** The likely cause when the query returns nothing, beyond "no recent samples". */
  noDataHint?: string;
}

/** Escapes a value for a PromQL double-quoted string. */
export function promString(value: string): string {
  return JSON.stringify(value);
}

/** Escapes a value for use inside a PromQL (RE2) regular expression. */
export function regexLiteral(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The pods of the target's deployments, and only those: `agent-registry-.*` would also match the pods of
 * `agent-registry-worker`, so the ReplicaSet hash and pod suffix are spelled out.
 */
export function deploymentPodRegex(deployments: string[]): string {
  const names = deployments.map(regexLiteral).join('|');
  return `(${names})-[a-z0-9]{5,10}-[a-z0-9]{5}`;
}

function podSelector(target: MetricsTarget): string | undefined {
  if (target.deployments.length === 0) return undefined;
  return `namespace=${promString(target.namespace)},pod=~${promString(
    deploymentPodRegex(target.deployments),
  )}`;
}

/**
 * The service's own HTTP series: its job in its namespace (another stage of the same service, e.g. qa in cmp-qa,
 * often runs in the same cluster under the same job).
 */
const serviceSeries = (job: string, namespace: string) =>
  `job=${promString(job)},namespace=${promString(namespace)}`;

export const METRICS: MetricDefinition[] = [
  {
    id: 'p99Latency',
    title: 'API response time (P99)',
    unit: 'seconds',
    thresholds: { healthy: 0.5, warning: 1, critical: 3 },
    query: ({ job, namespace }) =>
      job &&
      `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{${serviceSeries(
        job,
        namespace,
      )}}[5m])))`,
  },
  {
    id: 'errorRate',
    title: 'Error rate',
    unit: 'ratio',
    thresholds: { healthy: 0.001, warning: 0.01, critical: 0.05 },
    query: ({ job, namespace }) =>
      job &&
      `sum(rate(http_requests_total{${serviceSeries(
        job,
        namespace,
      )},status=~"5.."}[5m])) / sum(rate(http_requests_total{${serviceSeries(
        job,
        namespace,
      )}}[5m]))`,
  },
  {
    id: 'dbConnections',
    title: 'Database connections',
    unit: 'ratio',
    thresholds: { healthy: 0.7, warning: 0.8, critical: 0.95 },
    query: ({ database }) => {
      if (!database) return undefined;
      const selector = `namespace=${promString(
        database.namespace,
      )},pod=~${promString(`${regexLiteral(database.name)}-[0-9]+`)}`;
      return `max(sum by (pod) (cnpg_backends_total{${selector}}) / max by (pod) (cnpg_pg_settings_setting{name="max_connections",${selector}}))`;
    },
  },
  {
    id: 'memory',
    title: 'Memory usage',
    unit: 'ratio',
    thresholds: { healthy: 0.7, warning: 0.8, critical: 0.9 },
    query: target => {
      const pods = podSelector(target);
      return (
        pods &&
        `sum(container_memory_working_set_bytes{${pods},container!="",container!="POD"}) / sum(kube_pod_container_resource_limits{${pods},resource="memory"})`
      );
    },
    noDataHint: 'it is measured against the memory limit: do the pods have one?',
  },
  {
    id: 'cpu',
    title: 'CPU usage',
    unit: 'ratio',
    thresholds: { healthy: 0.6, warning: 0.75, critical: 0.9 },
    query: target => {
      const pods = podSelector(target);
      return (
        pods &&
        `sum(rate(container_cpu_usage_seconds_total{${pods},container!="",container!="POD"}[5m])) / sum(kube_pod_container_resource_limits{${pods},resource="cpu"})`
      );
    },
    noDataHint: 'it is measured against the CPU limit, and pods without one (a common choice) have nothing to measure against',
  },
  {
    id: 'disk',
    title: 'Disk usage',
    unit: 'ratio',
    thresholds: { healthy: 0.7, warning: 0.8, critical: 0.9 },
    query: ({ pvcs }) => {
      if (pvcs.length === 0) return undefined;
      const namespaces = [...new Set(pvcs.map(p => p.namespace))]
        .map(regexLiteral)
        .join('|');
      const names = [...new Set(pvcs.map(p => p.name))]
        .map(regexLiteral)
        .join('|');
      const selector = `namespace=~${promString(
        namespaces,
      )},persistentvolumeclaim=~${promString(names)}`;
      return `max(kubelet_volume_stats_used_bytes{${selector}} / kubelet_volume_stats_capacity_bytes{${selector}})`;
    },
  },
  {
    id: 'queueDepth',
    title: 'Queue depth (Celery)',
    unit: 'count',
    thresholds: { healthy: 100, warning: 500, critical: 1000 },
    query: ({ queue }) =>
      queue && `sum(celery_queue_length{queue_name=${promString(queue)}})`,
  },
];

/** CPU throttling (share of CFS periods throttled): an input of the decision matrix, not a §1.2 tile. */
export function cpuThrottlingQuery(target: MetricsTarget): string | undefined {
  const pods = podSelector(target);
  return (
    pods &&
    `sum(rate(container_cpu_cfs_throttled_periods_total{${pods},container!=""}[5m])) / sum(rate(container_cpu_cfs_periods_total{${pods},container!=""}[5m]))`
  );
}
