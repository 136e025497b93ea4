import type { Environment, Level, ObjectRef } from './types';
import type { RunbookId } from './runbooks';

/** The key metrics of the ops guide's §1.2 table. @public */
export type MetricId =
  | 'p99Latency'
  | 'errorRate'
  | 'dbConnections'
  | 'memory'
  | 'cpu'
  | 'disk'
  | 'queueDepth';

/** @public */
export type MetricUnit = 'seconds' | 'ratio' | 'count';

/**
 * Thresholds of a metric where higher is worse: at or below `healthy` is healthy, above `warning` is a warning,
 * above `critical` is critical (ops guide §1.2). Values between `healthy` and `warning` are ok but noted.
 *
 * @public
 */
export interface MetricThresholds {
  healthy: number;
  warning: number;
  critical: number;
}

/** @public */
export interface MetricView {
  id: MetricId;
  title: string;
  unit: MetricUnit;
  /** The current value; absent when Prometheus has no data (shown as "no data", never as 0). */
  value?: number;
  level: Level;
  /** Why this level, in words, e.g. "P99 latency 2.4 s is above the warning threshold of 1 s". */
  reason: string;
  thresholds: MetricThresholds;
  /** The PromQL the value comes from, for people who want to look further in Grafana. */
  query: string;
  /** The last hour, one point per step: [unix seconds, value]; gaps are missing points. */
  series: [number, number][];
}

/** An alert firing in Alertmanager for the service. @public */
export interface AlertView {
  name: string;
  severity: string;
  summary: string;
  description?: string;
  startsAt: string;
  state: string;
  generatorURL?: string;
  fingerprint: string;
  labels: Record<string, string>;
}

/** A row of the §3.4 decision matrix that applies now, with the runbook that acts on it, prefilled. @public */
export interface RecommendationView {
  id:
    | 'scale-horizontally'
    | 'raise-memory'
    | 'raise-cpu-limits'
    | 'scale-workers'
    | 'database-capacity';
  title: string;
  /** The symptom and the metric behind it, e.g. "Queue backlog: 812 tasks waiting (\> 500)". */
  reason: string;
  metric: MetricId | 'cpuThrottling';
  runbook: RunbookId;
  target: ObjectRef;
  /** The runbook's parameters to prefill in the template form. */
  parameters: Record<string, unknown>;
}

/** @public */
export interface MetricsSourceError {
  /** `configuration`: e.g. an invalid `gsv.io/metric-thresholds` annotation. */
  source: 'prometheus' | 'alertmanager' | 'configuration';
  message: string;
}

/** `GET /entities/:kind/:namespace/:name/metrics`. @public */
export interface EntityMetricsView {
  entityRef: string;
  generatedAt: string;
  cluster: string;
  environment: Environment;
  /** False when no Prometheus is configured for the cluster. */
  configured: boolean;
  metrics: MetricView[];
  alerts: AlertView[];
  recommendations: RecommendationView[];
  errors: MetricsSourceError[];
}

/** One service's key metrics on the platform page (no sparklines). @public */
export interface PlatformServiceMetrics {
  entityRef: string;
  title?: string;
  cluster: string;
  environment: Environment;
  level: Level;
  metrics: Omit<MetricView, 'series' | 'query'>[];
  firingAlerts: number;
  recommendations: RecommendationView['id'][];
}

/** `GET /platform/metrics`: the key metrics of every service with a Prometheus job, per cluster. @public */
export interface PlatformMetricsView {
  generatedAt: string;
  services: PlatformServiceMetrics[];
  errors: (MetricsSourceError & { cluster: string })[];
}
