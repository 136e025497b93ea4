import {
  GSV_OPS_ANNOTATIONS,
  type EntityMetricsView,
  type Level,
  type MetricId,
  type MetricThresholds,
  type MetricUnit,
  type MetricView,
  type RecommendationView,
  type RunbookId,
} from '@gsv/plugin-gsv-ops-common';
import type { RunbookTarget } from './runbookLinks';

/** The seven metrics of the ops guide's §1.2 table, in its order, with what a service needs to have each. */
export const KEY_METRICS: ReadonlyArray<{
  id: MetricId;
  title: string;
  /** For narrow columns (the platform table). */
  short: string;
  /** What makes the metric measurable for a service, when it is not. */
  needs: string;
}> = [
  {
    id: 'p99Latency',
    title: 'API response time (P99)',
    short: 'P99',
    needs: `the ${GSV_OPS_ANNOTATIONS.prometheusJob} annotation`,
  },
  {
    id: 'errorRate',
    title: 'Error rate',
    short: 'Errors',
    needs: `the ${GSV_OPS_ANNOTATIONS.prometheusJob} annotation`,
  },
  {
    id: 'dbConnections',
    title: 'Database connections',
    short: 'DB conn.',
    needs: `a CloudNativePG cluster (${GSV_OPS_ANNOTATIONS.cnpgCluster})`,
  },
  {
    id: 'memory',
    title: 'Memory usage',
    short: 'Memory',
    needs: 'a deployment in this cluster',
  },
  {
    id: 'cpu',
    title: 'CPU usage',
    short: 'CPU',
    needs: 'a deployment in this cluster',
  },
  {
    id: 'disk',
    title: 'Disk usage',
    short: 'Disk',
    needs: 'a persistent volume claim',
  },
  {
    id: 'queueDepth',
    title: 'Queue depth (Celery)',
    short: 'Queue',
    needs: `workers (${GSV_OPS_ANNOTATIONS.workerDeployment})`,
  },
];

/** Short names of the §3.4 recommendations, for table cells. */
export const RECOMMENDATION_LABELS: Record<RecommendationView['id'], string> = {
  'scale-horizontally': 'Scale out',
  'raise-memory': 'Raise memory',
  'raise-cpu-limits': 'Raise CPU limits',
  'scale-workers': 'Scale workers',
  'database-capacity': 'Database capacity',
};

/**
 * A metric's value as the ops guide writes it: "212 ms", "1.4 s", "0.04 %", "92 %", "812". Undefined (no data) stays
 * undefined: never shown as 0.
 */
export function formatMetricValue(
  value: number | undefined,
  unit: MetricUnit,
): string | undefined {
  if (value === undefined || !Number.isFinite(value)) return undefined;
  switch (unit) {
    case 'seconds':
      if (value < 1) return `${Math.round(value * 1000)} ms`;
      return `${Number(value.toFixed(value < 10 ? 2 : 1))} s`;
    case 'ratio': {
      const percent = value * 100;
      if (percent > 0 && percent < 1) return `${Number(percent.toFixed(2))} %`;
      if (percent < 10) return `${Number(percent.toFixed(1))} %`;
      return `${Math.round(percent)} %`;
    }
    default:
      return Math.round(value).toLocaleString('en-US');
  }
}

/** A threshold for a tile's one-line caption: "80%", "1 s", "1,000". */
export function compactMetricValue(value: number, unit: MetricUnit): string {
  return (formatMetricValue(value, unit) ?? '').replace(' %', '%');
}

/** The words next to a metric's level icon; `failed` when Prometheus did not answer for it. */
export function metricLevelText(metric: MetricView, failed: boolean): string {
  if (failed) return 'Unavailable';
  if (metric.value === undefined) return 'No data';
  switch (metric.level) {
    case 'critical':
      return 'Critical';
    case 'warning':
      return 'Warning';
    case 'ok':
      return metric.value > metric.thresholds.healthy ? 'Elevated' : 'Healthy';
    default:
      return 'Unknown';
  }
}

/** "Healthy ≤ 500 ms · warning > 1 s · critical > 3 s" (ops guide §1.2; higher is worse). */
export function thresholdsText(
  thresholds: MetricThresholds,
  unit: MetricUnit,
): string {
  return `Healthy ≤ ${formatMetricValue(
    thresholds.healthy,
    unit,
  )} · warning > ${formatMetricValue(
    thresholds.warning,
    unit,
  )} · critical > ${formatMetricValue(thresholds.critical, unit)}`;
}

/** The Prometheus error about one metric (the backend prefixes them with the metric's title), if any. */
export function metricError(
  view: Pick<EntityMetricsView, 'errors'>,
  metric: Pick<MetricView, 'title'>,
): string | undefined {
  const prefix = `${metric.title}: `;
  const error = view.errors.find(
    e => e.source === 'prometheus' && e.message.startsWith(prefix),
  );
  return error?.message.slice(prefix.length);
}

/** Alertmanager severities as levels: critical/page → critical, warning → warning, anything else is informational. */
export function alertLevel(severity: string | undefined): Level {
  const s = (severity ?? '').toLocaleLowerCase('en-US');
  if (s === 'critical' || s === 'page' || s === 'error') return 'critical';
  if (s === 'warning' || s === 'warn') return 'warning';
  return 'unknown';
}

/**
 * The runbook parameter that names the target, per runbook (the templates' `targetParameter`): the target picker
 * holds it, so it is not prefilled again among the form's `parameters`.
 */
const TARGET_PARAMETER: Record<RunbookId, string> = {
  'deployment-restart': 'deployment',
  'deployment-scale': 'deployment',
  'deployment-rollback': 'deployment',
  'deployment-set-resources': 'deployment',
  'database-backup': 'cluster',
  'database-switchover': 'cluster',
  'database-scale': 'cluster',
  'database-restore': 'sourceCluster',
  'certificate-renew': 'certificate',
  'secret-rotate': 'externalSecret',
  'application-sync': 'application',
  'workload-cleanup': 'namespace',
  'autoscaler-scale': 'autoscaler',
  'database-migrate': 'deployment',
  'image-promote': 'application',
  'database-maintenance': 'cluster',
  'service-diagnostics': 'deployment',
  'pooler-configure': 'pooler',
  'deployment-rollout-strategy': 'deployment',
};

/**
 * Where a recommendation's runbook acts, as the template form is prefilled: the target in the metrics' cluster, and
 * the runbook's own parameters (e.g. `replicas`) without the ones the target already carries (`namespace` and the
 * target's name).
 */
export function recommendationTarget(
  view: Pick<EntityMetricsView, 'cluster' | 'environment'>,
  recommendation: Pick<RecommendationView, 'runbook' | 'target' | 'parameters'>,
): RunbookTarget {
  const parameters = { ...recommendation.parameters };
  delete parameters.namespace;
  delete parameters[TARGET_PARAMETER[recommendation.runbook]];
  return {
    cluster: view.cluster,
    environment: view.environment,
    ...(recommendation.target.namespace
      ? { namespace: recommendation.target.namespace }
      : {}),
    name: recommendation.target.name,
    parameters,
  };
}

/** The lowest and highest value of a series, or undefined when it is empty. */
export function seriesRange(
  series: [number, number][],
): { min: number; max: number } | undefined {
  const values = series.map(([, v]) => v).filter(v => Number.isFinite(v));
  if (values.length === 0) return undefined;
  return { min: Math.min(...values), max: Math.max(...values) };
}
