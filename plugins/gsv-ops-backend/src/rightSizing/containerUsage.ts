import type { PromSample } from '../metrics/PrometheusClient';
import type { RightSizingConfig } from './readRightSizingConfig';

/** p95 usage and observed history of one container of one pod. */
export interface PodContainerUsage {
  pod: string;
  container: string;
  cpu?: number;
  memory?: number;
  historySeconds: number;
}

export type Query = (promql: string) => Promise<PromSample[]>;

/** cAdvisor series of real containers (not the pause container, not the pod's cgroup). */
function selector(metric: string, namespace: string): string {
  return `${metric}{namespace=${JSON.stringify(
    namespace,
  )},container!="",container!="POD"}`;
}

/**
 * The PromQL behind right-sizing, per namespace: the 95th percentile over the window of each container's CPU rate
 * and memory working set, sampled at the resolution (subqueries), and how many of those samples exist (the history
 * the percentile stands on).
 */
export function usageQueries(
  namespace: string,
  settings: Pick<RightSizingConfig, 'window' | 'resolution'>,
) {
  const range = `[${settings.window}:${settings.resolution}]`;
  const cpu = `sum by (pod, container) (rate(${selector(
    'container_cpu_usage_seconds_total',
    namespace,
  )}[5m]))`;
  const memory = `max by (pod, container) (${selector(
    'container_memory_working_set_bytes',
    namespace,
  )})`;
  return {
    cpu: `quantile_over_time(0.95, ${cpu}${range})`,
    memory: `quantile_over_time(0.95, ${memory}${range})`,
    samples: `count_over_time(${memory}${range})`,
  };
}

/** The p95 usage of every container of a namespace's pods over the window (one query per figure, all cached). */
export async function namespaceUsage(
  namespace: string,
  settings: Pick<
    RightSizingConfig,
    'window' | 'resolution' | 'resolutionSeconds'
  >,
  query: Query,
): Promise<PodContainerUsage[]> {
  const queries = usageQueries(namespace, settings);
  const [cpu, memory, samples] = await Promise.all([
    query(queries.cpu),
    query(queries.memory),
    query(queries.samples),
  ]);
  const usage = new Map<string, PodContainerUsage>();
  const entry = (sample: PromSample) => {
    const { pod, container } = sample.metric;
    const key = `${pod}/${container}`;
    const found = usage.get(key) ?? { pod, container, historySeconds: 0 };
    usage.set(key, found);
    return found;
  };
  for (const sample of cpu) entry(sample).cpu = finite(sample.value);
  for (const sample of memory) entry(sample).memory = finite(sample.value);
  for (const sample of samples)
    entry(sample).historySeconds = sample.value * settings.resolutionSeconds;
  return [...usage.values()].filter(u => u.pod && u.container);
}

function finite(value: number): number | undefined {
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Whether a pod name is one of a workload's pods, past or present, by the names the controllers give them:
 * `<deployment>-<pod-template-hash>-<5>`, `<statefulset>-<ordinal>`, `<daemonset>-<5>`.
 */
export function podBelongsTo(
  pod: string,
  workload: { kind: string; name: string },
): boolean {
  if (!pod.startsWith(`${workload.name}-`)) return false;
  const rest = pod.slice(workload.name.length + 1);
  switch (workload.kind) {
    case 'Deployment':
      return /^[a-z0-9]{1,10}-[a-z0-9]{5}$/.test(rest);
    case 'StatefulSet':
      return /^\d+$/.test(rest);
    case 'DaemonSet':
      return /^[a-z0-9]{5}$/.test(rest);
    default:
      return false;
  }
}
