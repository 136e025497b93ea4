import type {
  AlertView,
  Environment,
  EntityMetricsView,
  MetricId,
  MetricThresholds,
  MetricView,
  MetricsSourceError,
} from '@gsv/plugin-gsv-ops-common';
import type { AlertmanagerClient, GettableAlert } from './AlertmanagerClient';
import {
  cpuThrottlingQuery,
  METRICS,
  type MetricsTarget,
} from './metricDefinitions';
import type {
  PrometheusClient,
  PromSample,
  PromSeries,
} from './PrometheusClient';
import {
  recommend,
  type DecisionMatrixTriggers,
  type RecommendationInput,
} from './recommendations';
import { SharedResultCache } from './SharedResultCache';
import { levelOfValue } from './thresholds';

/** The Prometheus and Alertmanager of one cluster. */
export interface ClusterMonitoring {
  prometheus?: PrometheusClient;
  alertmanager?: AlertmanagerClient;
  /** The alert label that names the service (default `service`); its value is the service's Prometheus job. */
  serviceLabel: string;
  /** Where people open this Prometheus in a browser (links to rules); default its `baseUrl`. */
  prometheusPublicUrl?: string;
}

/** What the metrics of one entity in one cluster are computed from. */
export interface EntityMetricsRequest {
  entityRef: string;
  cluster: string;
  environment: Environment;
  target: MetricsTarget;
  /** Threshold overrides of this entity (annotation `gsv.io/metric-thresholds`), already validated. */
  thresholds?: Partial<Record<MetricId, Partial<MetricThresholds>>>;
  /** Facts for the decision matrix: the service's deployment, its workers, its database. */
  facts: Omit<RecommendationInput, 'values' | 'caps' | 'triggers'>;
}

export interface MetricsServiceOptions {
  clusters: Map<string, ClusterMonitoring>;
  /** How long a query result is shared by every viewer. */
  cacheTtlMs: number;
  thresholds: Partial<Record<MetricId, Partial<MetricThresholds>>>;
  triggers: DecisionMatrixTriggers;
  /** The blast-radius caps of the operations engine in an environment: recommendations stay within them. */
  caps: (environment: Environment) => RecommendationInput['caps'];
  now?: () => Date;
}

const SPARKLINE_WINDOW_MS = 3_600_000;
const SPARKLINE_STEP_SECONDS = 60;

/**
 * The key metrics, firing alerts and recommendations of a service, computed on the server: every query result is
 * cached for a short while and shared by all viewers (concurrent identical queries are sent once), so the number of
 * viewers never multiplies the load on Prometheus. The browser never talks to Prometheus.
 */
export class MetricsService {
  private readonly cache: SharedResultCache;
  private readonly now: () => Date;

  constructor(private readonly options: MetricsServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.cache = new SharedResultCache(options.cacheTtlMs);
  }

  isConfigured(cluster: string): boolean {
    return Boolean(this.options.clusters.get(cluster)?.prometheus);
  }

  /**
   * An instant query of a cluster's Prometheus, shared by every caller for `ttlMs` (default: the metrics cache
   * time). Rejects with a {@link PrometheusQueryError} when Prometheus fails; throws when none is configured.
   */
  query(cluster: string, query: string, ttlMs?: number): Promise<PromSample[]> {
    const prometheus = this.options.clusters.get(cluster)?.prometheus;
    if (!prometheus) {
      return Promise.reject(
        new Error(`No Prometheus is configured for cluster ${cluster}`),
      );
    }
    return this.cached(
      cluster,
      `query:${query}`,
      () => prometheus.query(query),
      ttlMs,
    );
  }

  async getEntityMetrics(
    request: EntityMetricsRequest,
  ): Promise<EntityMetricsView> {
    const monitoring = this.options.clusters.get(request.cluster);
    const generatedAt = this.now().toISOString();
    const base = {
      entityRef: request.entityRef,
      generatedAt,
      cluster: request.cluster,
      environment: request.environment,
    };
    if (!monitoring?.prometheus) {
      return {
        ...base,
        configured: false,
        metrics: [],
        alerts: [],
        recommendations: [],
        errors: [],
      };
    }
    const errors: MetricsSourceError[] = [];
    const prometheus = monitoring.prometheus;

    const definitions = METRICS.map(definition => ({
      definition,
      query: definition.query(request.target),
    })).filter(
      (
        entry,
      ): entry is { definition: (typeof METRICS)[number]; query: string } =>
        entry.query !== undefined,
    );
    const throttlingQuery = cpuThrottlingQuery(request.target);
    const end = this.now();
    const start = new Date(end.getTime() - SPARKLINE_WINDOW_MS);

    const [metrics, throttling, alerts] = await Promise.all([
      Promise.all(
        definitions.map(async ({ definition, query }): Promise<MetricView> => {
          const thresholds = {
            ...definition.thresholds,
            ...this.options.thresholds[definition.id],
            ...request.thresholds?.[definition.id],
          };
          const [instant, range] = await Promise.allSettled([
            this.cached(request.cluster, `query:${query}`, () =>
              prometheus.query(query),
            ),
            this.cached(request.cluster, `range:${query}`, () =>
              prometheus.queryRange(query, start, end, SPARKLINE_STEP_SECONDS),
            ),
          ]);
          if (instant.status === 'rejected') {
            errors.push({
              source: 'prometheus',
              message: `${definition.title}: ${
                (instant.reason as Error).message
              }`,
            });
          }
          const value =
            instant.status === 'fulfilled'
              ? firstValue(instant.value as PromSample[])
              : undefined;
          const { level, reason } =
            instant.status === 'rejected'
              ? {
                  level: 'unknown' as const,
                  reason: `${definition.title}: Prometheus did not answer`,
                }
              : levelOfValue(
                  definition.title,
                  value,
                  thresholds,
                  definition.unit,
                  definition.noDataHint,
                );
          return {
            id: definition.id,
            title: definition.title,
            unit: definition.unit,
            ...(value !== undefined && !Number.isNaN(value) ? { value } : {}),
            level,
            reason,
            thresholds,
            query,
            series:
              range.status === 'fulfilled'
                ? sparkline(range.value as PromSeries[])
                : [],
          };
        }),
      ),
      throttlingQuery
        ? this.cached(request.cluster, `query:${throttlingQuery}`, () =>
            prometheus.query(throttlingQuery),
          ).then(
            samples => firstValue(samples as PromSample[]),
            () => undefined,
          )
        : Promise.resolve(undefined),
      this.alerts(request, monitoring).catch(error => {
        errors.push({
          source: 'alertmanager',
          message: (error as Error).message,
        });
        return [] as AlertView[];
      }),
    ]);

    const values: RecommendationInput['values'] = { cpuThrottling: throttling };
    for (const metric of metrics) values[metric.id] = metric.value;
    const recommendations = recommend({
      ...request.facts,
      values,
      caps: this.options.caps(request.environment),
      triggers: this.options.triggers,
    });
    return {
      ...base,
      configured: true,
      metrics,
      alerts,
      recommendations,
      errors,
    };
  }

  private async alerts(
    request: EntityMetricsRequest,
    monitoring: ClusterMonitoring,
  ): Promise<AlertView[]> {
    if (!monitoring.alertmanager) return [];
    const alertmanager = monitoring.alertmanager;
    const namespaces = [
      ...new Set([
        request.target.namespace,
        ...request.target.pvcs.map(p => p.namespace),
      ]),
    ];
    const lists = await Promise.all(
      namespaces.map(namespace =>
        this.cached(request.cluster, `alerts:${namespace}`, () =>
          alertmanager.activeAlerts({ namespace }),
        ),
      ),
    );
    const pvcs = new Set(
      request.target.pvcs.map(p => `${p.namespace}/${p.name}`),
    );
    const deployments = new Set(request.target.deployments);
    const belongs = (alert: GettableAlert) => {
      const labels = alert.labels;
      if (
        request.target.job &&
        labels[monitoring.serviceLabel] === request.target.job
      )
        return true;
      if (
        labels.persistentvolumeclaim &&
        pvcs.has(`${labels.namespace}/${labels.persistentvolumeclaim}`)
      )
        return true;
      if (labels.deployment && deployments.has(labels.deployment)) return true;
      return false;
    };
    const seen = new Set<string>();
    return (lists.flat() as GettableAlert[])
      .filter(
        alert =>
          belongs(alert) &&
          !seen.has(alert.fingerprint) &&
          seen.add(alert.fingerprint),
      )
      .map(alert => ({
        name: alert.labels.alertname ?? 'unnamed alert',
        severity: alert.labels.severity ?? 'none',
        summary: alert.annotations.summary ?? alert.labels.alertname ?? '',
        ...(alert.annotations.description
          ? { description: alert.annotations.description }
          : {}),
        startsAt: alert.startsAt,
        state: alert.status.state,
        ...(alert.generatorURL ? { generatorURL: alert.generatorURL } : {}),
        fingerprint: alert.fingerprint,
        labels: alert.labels,
      }))
      .sort(
        (a, b) =>
          severityRank(a.severity) - severityRank(b.severity) ||
          a.startsAt.localeCompare(b.startsAt),
      );
  }

  private cached<T>(
    cluster: string,
    key: string,
    load: () => Promise<T>,
    ttlMs = this.options.cacheTtlMs,
  ): Promise<T> {
    return this.cache.get(cluster, key, load, ttlMs);
  }
}

function firstValue(samples: PromSample[]): number | undefined {
  return samples.length > 0 ? samples[0].value : undefined;
}

function sparkline(series: PromSeries[]): [number, number][] {
  const [first] = series;
  return first ? first.values.filter(([, v]) => Number.isFinite(v)) : [];
}

function severityRank(severity: string): number {
  return (
    ({ critical: 0, warning: 1, info: 2 } as Record<string, number>)[
      severity
    ] ?? 3
  );
}
