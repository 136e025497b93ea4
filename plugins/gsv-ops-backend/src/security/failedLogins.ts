import type { FailedLoginsView } from '@gsv/plugin-gsv-ops-common';
import { promString, regexLiteral } from '../metrics/metricDefinitions';
import type { PrometheusClient } from '../metrics/PrometheusClient';
import type { Workload } from './workloads';

/** The Keycloak metrics SPI's counter of failed logins (labels realm, provider, error, client_id). */
export const KEYCLOAK_FAILED_LOGINS = 'keycloak_failed_login_attempts';

const HOUR_MS = 3_600_000;

export interface FailedLoginsOptions {
  prometheusOf(cluster: string): PrometheusClient | undefined;
  metric: string;
  now?: () => number;
}

function emptyView(
  metric: string,
  status: FailedLoginsView['status'],
  message?: string,
): FailedLoginsView {
  return {
    status,
    metric,
    ...(message ? { message } : {}),
    hourly: [],
    total: 0,
    topErrors: [],
  };
}

/** `metric{namespace=~"…",pod=~"…"}` for the pods of these workloads. */
function selectorOf(metric: string, workloads: Workload[]): string {
  const namespaces = [
    ...new Set(workloads.map(w => regexLiteral(w.namespace))),
  ].join('|');
  const pods = workloads.map(w => `(${w.podPattern})`).join('|');
  return `${metric}{namespace=~${promString(namespaces)},pod=~${promString(
    pods,
  )}}`;
}

/**
 * Failed logins per hour over the last day and the most frequent reasons, from Prometheus, for the pods of some
 * workloads. A service that does not export the metric gets `no-metric`, not an error.
 */
export class FailedLogins {
  private readonly now: () => number;

  constructor(private readonly options: FailedLoginsOptions) {
    this.now = options.now ?? Date.now;
  }

  async forWorkloads(
    cluster: string,
    workloads: Workload[],
  ): Promise<FailedLoginsView> {
    const { metric } = this.options;
    const prometheus = this.options.prometheusOf(cluster);
    if (!prometheus)
      return emptyView(
        metric,
        'no-prometheus',
        `No Prometheus is configured for cluster ${cluster}`,
      );
    if (workloads.length === 0) return emptyView(metric, 'no-metric');
    const selector = selectorOf(metric, workloads);
    const end = Math.floor(this.now() / 60_000) * 60_000;
    try {
      const [series, reasons] = await Promise.all([
        prometheus.queryRange(
          `sum(increase(${selector}[1h]))`,
          new Date(end - 23 * HOUR_MS),
          new Date(end),
          3600,
        ),
        prometheus.query(
          `sum by (error) (increase(${selector}[24h]))`,
          new Date(end),
        ),
      ]);
      if (series.length === 0 && reasons.length === 0)
        return emptyView(metric, 'no-metric');
      const byTime = new Map(
        (series[0]?.values ?? []).map(([t, v]) => [t * 1000, v]),
      );
      const hourly = Array.from({ length: 24 }, (_, i) => {
        const t = end - (23 - i) * HOUR_MS;
        const value = byTime.get(t);
        return {
          start: new Date(t - HOUR_MS).toISOString(),
          ...(value !== undefined && Number.isFinite(value)
            ? { count: Math.round(value) }
            : {}),
        };
      });
      const topErrors = reasons
        .map(r => ({
          error: r.metric.error ?? '(none)',
          count: Math.round(r.value),
        }))
        .filter(r => Number.isFinite(r.count) && r.count > 0)
        .sort((a, b) => b.count - a.count);
      return {
        status: 'ok',
        metric,
        hourly,
        total: topErrors.reduce((sum, r) => sum + r.count, 0),
        topErrors: topErrors.slice(0, 5),
      };
    } catch (error) {
      return emptyView(metric, 'error', (error as Error).message);
    }
  }

  /**
   * Failed logins over the last day per pod, for the platform page (one query per cluster); undefined when the cluster
   * has no Prometheus.
   */
  async perPod(
    cluster: string,
  ): Promise<
    Array<{ namespace: string; pod: string; count: number }> | undefined
  > {
    const prometheus = this.options.prometheusOf(cluster);
    if (!prometheus) return undefined;
    const samples = await prometheus.query(
      `sum by (namespace, pod) (increase(${this.options.metric}[24h]))`,
      new Date(this.now()),
    );
    return samples
      .filter(s => Number.isFinite(s.value))
      .map(s => ({
        namespace: s.metric.namespace ?? '',
        pod: s.metric.pod ?? '',
        count: Math.round(s.value),
      }));
  }
}

/** The failed logins of these workloads' pods, from {@link FailedLogins.perPod}. */
export function failedLoginsOf(
  workloads: Workload[],
  perPod: Array<{ namespace: string; pod: string; count: number }>,
): number | undefined {
  const matching = perPod.filter(p =>
    workloads.some(
      w =>
        w.namespace === p.namespace &&
        new RegExp(`^(?:${w.podPattern})$`).test(p.pod),
    ),
  );
  return matching.length
    ? matching.reduce((sum, p) => sum + p.count, 0)
    : undefined;
}
