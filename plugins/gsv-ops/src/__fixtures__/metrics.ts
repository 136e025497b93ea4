import type {
  AlertView,
  EntityMetricsView,
  Level,
  MetricId,
  MetricThresholds,
  MetricUnit,
  MetricView,
  PlatformMetricsView,
  PlatformServiceMetrics,
  RecommendationView,
} from '@gsv/plugin-gsv-ops-common';
import { FIXTURE_NOW, minutesAgo, secondsAgo } from './time';

/**
 * Metrics as the backend answers them for agent-registry (GET /entities/…/metrics), shaped like the seeded dev
 * cluster: disk of the near-full volume critical, everything else healthy, PersistentVolumeFillingUp firing.
 */

const AGENT_REGISTRY = 'component:default/agent-registry';

interface Definition {
  title: string;
  unit: MetricUnit;
  thresholds: MetricThresholds;
  query: string;
}

export const METRIC_DEFINITIONS: Record<MetricId, Definition> = {
  p99Latency: {
    title: 'API response time (P99)',
    unit: 'seconds',
    thresholds: { healthy: 0.5, warning: 1, critical: 3 },
    query:
      'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="agent-registry"}[5m])))',
  },
  errorRate: {
    title: 'Error rate',
    unit: 'ratio',
    thresholds: { healthy: 0.001, warning: 0.01, critical: 0.05 },
    query:
      'sum(rate(http_requests_total{job="agent-registry",status=~"5.."}[5m])) / sum(rate(http_requests_total{job="agent-registry"}[5m]))',
  },
  dbConnections: {
    title: 'Database connections',
    unit: 'ratio',
    thresholds: { healthy: 0.7, warning: 0.8, critical: 0.95 },
    query:
      'max(sum by (pod) (cnpg_backends_total{namespace="cmp",pod=~"cmp-postgres-[0-9]+"}) / max by (pod) (cnpg_pg_settings_setting{name="max_connections",namespace="cmp",pod=~"cmp-postgres-[0-9]+"}))',
  },
  memory: {
    title: 'Memory usage',
    unit: 'ratio',
    thresholds: { healthy: 0.7, warning: 0.8, critical: 0.9 },
    query:
      'sum(container_memory_working_set_bytes{namespace="cmp",pod=~"(agent-registry)-[a-z0-9]{5,10}-[a-z0-9]{5}",container!="",container!="POD"}) / sum(kube_pod_container_resource_limits{namespace="cmp",pod=~"(agent-registry)-[a-z0-9]{5,10}-[a-z0-9]{5}",resource="memory"})',
  },
  cpu: {
    title: 'CPU usage',
    unit: 'ratio',
    thresholds: { healthy: 0.6, warning: 0.75, critical: 0.9 },
    query:
      'sum(rate(container_cpu_usage_seconds_total{namespace="cmp",pod=~"(agent-registry)-[a-z0-9]{5,10}-[a-z0-9]{5}",container!="",container!="POD"}[5m])) / sum(kube_pod_container_resource_limits{namespace="cmp",pod=~"(agent-registry)-[a-z0-9]{5,10}-[a-z0-9]{5}",resource="cpu"})',
  },
  disk: {
    title: 'Disk usage',
    unit: 'ratio',
    thresholds: { healthy: 0.7, warning: 0.8, critical: 0.9 },
    query:
      'max(kubelet_volume_stats_used_bytes{namespace=~"cmp",persistentvolumeclaim=~"agent-registry-media|cmp-postgres-1"} / kubelet_volume_stats_capacity_bytes{namespace=~"cmp",persistentvolumeclaim=~"agent-registry-media|cmp-postgres-1"})',
  },
  queueDepth: {
    title: 'Queue depth (Celery)',
    unit: 'count',
    thresholds: { healthy: 100, warning: 500, critical: 1000 },
    query: 'sum(celery_queue_length{queue_name="celery"})',
  },
};

/** The level the backend gives a value (higher is worse; no value is unknown). */
function levelOf(value: number | undefined, t: MetricThresholds): Level {
  if (value === undefined) return 'unknown';
  if (value > t.critical) return 'critical';
  if (value > t.warning) return 'warning';
  return 'ok';
}

/** A deterministic wobble, so fixtures look alive and stay the same between runs. */
function wobble(i: number, seed: number): number {
  const x = Math.sin(i * 12.9898 + seed * 78.233) * 43758.5453;
  return x - Math.floor(x) - 0.5;
}

/**
 * The last hour at 60 s steps, ending at `end` (unix seconds), from a shape f(0..1) plus a little noise. Points
 * listed in `gaps` (indexes) are left out, as Prometheus leaves out steps without samples.
 */
export function hourSeries(
  shape: (x: number) => number,
  options: {
    noise?: number;
    seed?: number;
    gaps?: number[];
    end?: number;
  } = {},
): [number, number][] {
  const end = options.end ?? Math.floor(FIXTURE_NOW / 1000);
  const points: [number, number][] = [];
  for (let i = 0; i <= 60; i++) {
    if (options.gaps?.includes(i)) continue;
    const base = shape(i / 60);
    const value = Math.max(
      0,
      base * (1 + (options.noise ?? 0.08) * wobble(i, options.seed ?? 1)),
    );
    points.push([end - (60 - i) * 60, value]);
  }
  return points;
}

/** One metric as the backend computes it; `value: undefined` is "no data". */
export function metric(
  id: MetricId,
  value: number | undefined,
  series?: [number, number][],
): MetricView {
  const d = METRIC_DEFINITIONS[id];
  const level = levelOf(value, d.thresholds);
  return {
    id,
    title: d.title,
    unit: d.unit,
    ...(value !== undefined ? { value } : {}),
    level,
    reason:
      value === undefined
        ? `${d.title}: no data (Prometheus has no recent samples for this query)`
        : `${d.title} is ${level === 'ok' ? 'in range' : `at ${level} level`}`,
    thresholds: d.thresholds,
    query: d.query,
    series:
      series ??
      (value === undefined
        ? []
        : hourSeries(() => value, { seed: value * 1000 })),
  };
}

export function alert(
  name: string,
  overrides: Partial<AlertView> = {},
): AlertView {
  return {
    name,
    severity: 'warning',
    summary: `${name} is firing`,
    startsAt: minutesAgo(25),
    state: 'active',
    generatorURL: `http://127.0.0.1:9090/graph?g0.expr=${encodeURIComponent(
      name,
    )}&g0.tab=1`,
    fingerprint: `fp-${name}`,
    labels: { alertname: name, namespace: 'cmp' },
    ...overrides,
  };
}

const diskAlert = () =>
  alert('PersistentVolumeFillingUp', {
    severity: 'warning',
    summary: 'Volume cmp/agent-registry-media is 92% full',
    description:
      'The PVC agent-registry-media in cmp has less than 10% space left. Expand it or clean up (ops guide §9.1).',
    startsAt: minutesAgo(47),
    labels: {
      alertname: 'PersistentVolumeFillingUp',
      namespace: 'cmp',
      persistentvolumeclaim: 'agent-registry-media',
      severity: 'warning',
    },
  });

/** The seeded dev cluster: all seven metrics with values, disk critical, one alert firing, nothing to scale. */
export function seededMetricsView(
  overrides: Partial<EntityMetricsView> = {},
): EntityMetricsView {
  return {
    entityRef: AGENT_REGISTRY,
    generatedAt: secondsAgo(3),
    cluster: 'gsv-dev',
    environment: 'dev',
    configured: true,
    metrics: [
      metric(
        'p99Latency',
        0.212,
        hourSeries(x => 0.19 + 0.05 * Math.sin(x * 9), { seed: 2 }),
      ),
      metric(
        'errorRate',
        0.0004,
        hourSeries(() => 0.0004, { seed: 3 }),
      ),
      metric(
        'dbConnections',
        0.34,
        hourSeries(x => 0.3 + 0.06 * x, { seed: 4 }),
      ),
      metric(
        'memory',
        0.56,
        hourSeries(() => 0.55, { seed: 5, noise: 0.04 }),
      ),
      metric(
        'cpu',
        0.31,
        hourSeries(x => 0.25 + 0.1 * Math.sin(x * 6), { seed: 6 }),
      ),
      metric(
        'disk',
        0.92,
        hourSeries(x => 0.905 + 0.015 * x, { seed: 7, noise: 0.002 }),
      ),
      metric(
        'queueDepth',
        42,
        hourSeries(() => 42, { seed: 8, noise: 0.3 }),
      ),
    ],
    alerts: [diskAlert()],
    recommendations: [],
    errors: [],
    ...overrides,
  };
}

export const scaleWorkersRecommendation = (
  overrides: Partial<RecommendationView> = {},
): RecommendationView => ({
  id: 'scale-workers',
  title: 'Scale the workers (agent-registry-worker)',
  reason: 'Queue backlog: 812 tasks waiting (> 500) with 1 worker. Scale to 2.',
  metric: 'queueDepth',
  runbook: 'deployment-scale',
  target: {
    kind: 'Deployment',
    namespace: 'cmp',
    name: 'agent-registry-worker',
  },
  parameters: {
    namespace: 'cmp',
    deployment: 'agent-registry-worker',
    replicas: 2,
  },
  ...overrides,
});

/** The workers scaled down to one: the Celery backlog grows, queue depth warns and "scale workers" applies. */
export function backlogMetricsView(
  overrides: Partial<EntityMetricsView> = {},
): EntityMetricsView {
  const seeded = seededMetricsView();
  return {
    ...seeded,
    metrics: seeded.metrics.map(m =>
      m.id === 'queueDepth'
        ? metric(
            'queueDepth',
            812,
            hourSeries(x => (x < 0.85 ? 42 : 42 + (x - 0.85) * 5100), {
              seed: 9,
              noise: 0.05,
            }),
          )
        : m,
    ),
    alerts: [
      ...seeded.alerts,
      alert('CeleryQueueBacklog', {
        severity: 'warning',
        summary: 'Celery queue celery has 812 tasks waiting',
        description:
          'More than 500 tasks have been waiting for 5 minutes: scale the workers (ops guide §3.4).',
        startsAt: minutesAgo(2),
        labels: {
          alertname: 'CeleryQueueBacklog',
          namespace: 'cmp',
          deployment: 'agent-registry-worker',
          severity: 'warning',
        },
      }),
    ],
    recommendations: [scaleWorkersRecommendation()],
    ...overrides,
  };
}

/** No traffic for the last minutes: latency and errors have no data (not 0), the rest is measured. */
export function noDataMetricsView(): EntityMetricsView {
  const seeded = seededMetricsView();
  return {
    ...seeded,
    metrics: seeded.metrics.map(m => {
      if (m.id === 'p99Latency') return metric('p99Latency', undefined);
      if (m.id === 'errorRate')
        // samples until 20 minutes ago, none since
        return metric(
          'errorRate',
          undefined,
          hourSeries(() => 0.0004, {
            seed: 3,
            gaps: Array.from({ length: 21 }, (_, i) => 40 + i),
          }),
        );
      return m;
    }),
  };
}

/** Prometheus failed for two metrics, Alertmanager not at all answering: what still worked is shown. */
export function failingSourcesMetricsView(): EntityMetricsView {
  const seeded = seededMetricsView();
  const failed = new Set<MetricId>(['p99Latency', 'errorRate']);
  return {
    ...seeded,
    metrics: seeded.metrics.map(m =>
      failed.has(m.id)
        ? {
            ...m,
            value: undefined,
            level: 'unknown',
            reason: `${m.title}: Prometheus did not answer`,
            series: [],
          }
        : m,
    ),
    alerts: [],
    errors: [
      {
        source: 'prometheus',
        message:
          'API response time (P99): Prometheus at http://prometheus.gsv-dev:9090 answered 503 Service Unavailable',
      },
      {
        source: 'prometheus',
        message:
          'Error rate: Prometheus at http://prometheus.gsv-dev:9090 answered 503 Service Unavailable',
      },
      {
        source: 'alertmanager',
        message:
          'Alertmanager at http://alertmanager.gsv-dev:9093 did not answer within 5 s',
      },
    ],
  };
}

/** A cluster without Prometheus in the backend's config. */
export function notConfiguredMetricsView(
  cluster = 'gsv-prod',
  environment = 'prod',
): EntityMetricsView {
  return {
    entityRef: AGENT_REGISTRY,
    generatedAt: secondsAgo(2),
    cluster,
    environment,
    configured: false,
    metrics: [],
    alerts: [],
    recommendations: [],
    errors: [],
  };
}

/** Production under load: P99 above 2 s, so "scale horizontally" applies (production needs the extra permission). */
export function prodLatencyMetricsView(): EntityMetricsView {
  const seeded = seededMetricsView({
    cluster: 'gsv-prod',
    environment: 'prod',
    alerts: [
      alert('HighLatency', {
        severity: 'critical',
        summary: 'P99 latency of agent-registry is 2.4 s',
        startsAt: minutesAgo(9),
      }),
    ],
  });
  return {
    ...seeded,
    metrics: seeded.metrics.map(m =>
      m.id === 'p99Latency'
        ? metric(
            'p99Latency',
            2.4,
            hourSeries(x => 0.3 + 2.1 * x * x, { seed: 11 }),
          )
        : m,
    ),
    recommendations: [
      {
        id: 'scale-horizontally',
        title: 'Scale agent-registry horizontally',
        reason:
          'High latency: P99 is 2.4 s (> 2 s). Scale from 3 to 5 replicas.',
        metric: 'p99Latency',
        runbook: 'deployment-scale',
        target: {
          kind: 'Deployment',
          namespace: 'cmp',
          name: 'agent-registry',
        },
        parameters: {
          namespace: 'cmp',
          deployment: 'agent-registry',
          replicas: 5,
        },
      },
    ],
  };
}

const platformRow = (
  view: EntityMetricsView,
  overrides: Partial<PlatformServiceMetrics> = {},
): PlatformServiceMetrics => {
  const order: Level[] = ['critical', 'warning', 'unknown', 'ok'];
  return {
    entityRef: view.entityRef,
    cluster: view.cluster,
    environment: view.environment,
    level:
      order.find(level => view.metrics.some(m => m.level === level)) ?? 'ok',
    metrics: view.metrics.map(
      ({ series: _series, query: _query, ...rest }) => rest,
    ),
    firingAlerts: view.alerts.length,
    recommendations: view.recommendations.map(r => r.id),
    ...overrides,
  };
};

/** GET /platform/metrics: agent-registry in dev (backlog) and prod, keycloak in dev with no traffic. */
export function platformMetricsView(
  overrides: Partial<PlatformMetricsView> = {},
): PlatformMetricsView {
  const keycloak = noDataMetricsView();
  return {
    generatedAt: secondsAgo(4),
    services: [
      platformRow(backlogMetricsView(), { title: 'Agent Registry' }),
      platformRow(prodLatencyMetricsView(), { title: 'Agent Registry' }),
      platformRow(
        {
          ...keycloak,
          entityRef: 'component:default/keycloak',
          metrics: keycloak.metrics.filter(
            m => m.id !== 'queueDepth' && m.id !== 'dbConnections',
          ),
          alerts: [],
        },
        { title: 'Keycloak' },
      ),
    ],
    errors: [],
    ...overrides,
  };
}
