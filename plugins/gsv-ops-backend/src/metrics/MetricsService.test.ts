import { startDevCluster, type DevCluster } from '@gsv/devcluster';
import { AlertmanagerClient } from './AlertmanagerClient';
import { MetricsService, type EntityMetricsRequest } from './MetricsService';
import { PrometheusClient } from './PrometheusClient';
import { DEFAULT_TRIGGERS } from './recommendations';

jest.setTimeout(60_000);

/** agent-registry as the read side describes it (deployments, PVCs, database, workers). */
const agentRegistry = (cluster: DevCluster): EntityMetricsRequest => ({
  entityRef: 'component:default/agent-registry',
  cluster: 'gsv-dev',
  environment: 'dev',
  target: {
    job: 'agent-registry',
    namespace: 'cmp',
    deployments: ['agent-registry'],
    database: { namespace: 'cmp', name: 'cmp-postgres' },
    pvcs: ['cmp-postgres-1', 'cmp-postgres-2', 'cmp-postgres-3'].map(name => ({
      namespace: 'cmp',
      name,
    })),
    queue: 'celery',
  },
  facts: {
    deployment: {
      namespace: 'cmp',
      name: 'agent-registry',
      replicas: 3,
      container: {
        name: 'agent-registry',
        limits: { cpu: '2', memory: '2Gi' },
      },
    },
    workers: {
      namespace: 'cmp',
      name: 'agent-registry-worker',
      replicas: cluster.store.get(
        'deployments.apps',
        'cmp',
        'agent-registry-worker',
      )!.status.readyReplicas,
    },
    database: { namespace: 'cmp', name: 'cmp-postgres', instances: 3 },
  },
});

describe('MetricsService against the embedded Prometheus and Alertmanager', () => {
  let cluster: DevCluster;
  let prometheusRequests = 0;

  const serviceFor = (c: DevCluster) => {
    const countingFetch: typeof fetch = (input, init) => {
      prometheusRequests++;
      return fetch(input, init);
    };
    return new MetricsService({
      clusters: new Map([
        [
          'gsv-dev',
          {
            prometheus: new PrometheusClient({
              baseUrl: c.monitoring!.prometheusUrl,
              fetch: countingFetch,
            }),
            alertmanager: new AlertmanagerClient({
              baseUrl: c.monitoring!.alertmanagerUrl,
            }),
            serviceLabel: 'service',
          },
        ],
      ]),
      cacheTtlMs: 10_000,
      thresholds: {},
      triggers: DEFAULT_TRIGGERS,
      caps: () => ({ maxReplicas: 20, maxDatabaseInstances: 5 }),
      now: () => c.clock.date(),
    });
  };

  beforeEach(async () => {
    prometheusRequests = 0;
    cluster = await startDevCluster({
      port: 0,
      clock: { manual: true, start: '2026-11-25T10:00:00Z' },
    });
  });
  afterEach(() => cluster.stop());

  it('shows all seven metrics with their levels, the firing alert and no recommendation on the seeded platform', async () => {
    const view = await serviceFor(cluster).getEntityMetrics(
      agentRegistry(cluster),
    );
    expect(view.configured).toBe(true);
    expect(view.errors).toEqual([]);
    expect(view.metrics.map(m => [m.id, m.level])).toEqual([
      ['p99Latency', 'ok'],
      ['errorRate', 'ok'],
      ['dbConnections', 'ok'],
      ['memory', 'ok'],
      ['cpu', 'ok'],
      ['disk', 'critical'],
      ['queueDepth', 'ok'],
    ]);
    expect(
      view.metrics.every(m => m.value !== undefined && m.series.length > 50),
    ).toBe(true);
    expect(view.metrics.find(m => m.id === 'disk')!.reason).toBe(
      'Disk usage 92 % is above the critical threshold of 90 %',
    );
    expect(view.alerts.map(a => [a.name, a.severity])).toEqual([
      ['PersistentVolumeFillingUp', 'critical'],
    ]);
    expect(view.recommendations).toEqual([]);
  });

  it('recommends scaling the workers once the Celery backlog passes 500', async () => {
    cluster.store.scale('deployments.apps', 'cmp', 'agent-registry-worker', 1);
    for (let i = 0; i < 16; i++) await cluster.clock.advance(15_000);
    const view = await serviceFor(cluster).getEntityMetrics(
      agentRegistry(cluster),
    );
    const queue = view.metrics.find(m => m.id === 'queueDepth')!;
    expect(queue.level).toBe('warning');
    expect(view.recommendations).toEqual([
      expect.objectContaining({
        id: 'scale-workers',
        runbook: 'deployment-scale',
        parameters: {
          namespace: 'cmp',
          deployment: 'agent-registry-worker',
          replicas: 2,
        },
      }),
    ]);
  });

  it('shares results between viewers instead of asking Prometheus again', async () => {
    const service = serviceFor(cluster);
    await Promise.all(
      Array.from({ length: 20 }, () =>
        service.getEntityMetrics(agentRegistry(cluster)),
      ),
    );
    // 7 metrics × (instant + range) + the throttling input, once for all 20 viewers.
    expect(prometheusRequests).toBe(15);
  });

  it('says why CPU has no data for a service whose pods have no CPU limit (keycloak)', async () => {
    const view = await serviceFor(cluster).getEntityMetrics({
      entityRef: 'component:default/keycloak',
      cluster: 'gsv-dev',
      environment: 'dev',
      target: { job: 'keycloak', namespace: 'sso', deployments: ['keycloak'], pvcs: [] },
      facts: {},
    });
    const cpu = view.metrics.find(m => m.id === 'cpu')!;
    expect(cpu).toMatchObject({ level: 'unknown' });
    expect(cpu.reason).toBe(
      'CPU usage: no data (Prometheus has no recent samples for this query; it is measured against the CPU limit, and pods without one (a common choice) have nothing to measure against)',
    );
    expect(view.metrics.find(m => m.id === 'memory')).toMatchObject({ level: 'ok' }); // it has a memory limit
  });

  it('shows no data as unknown, and says which source failed, when Prometheus is down', async () => {
    await cluster.monitoring!.setFault('prometheus', { down: true });
    await cluster.monitoring!.setFault('alertmanager', { errorStatus: 500 });
    const view = await serviceFor(cluster).getEntityMetrics(
      agentRegistry(cluster),
    );
    expect(
      view.metrics.every(m => m.level === 'unknown' && m.value === undefined),
    ).toBe(true);
    expect(view.errors.map(e => e.source)).toEqual(
      expect.arrayContaining(['prometheus', 'alertmanager']),
    );
    expect(view.errors.find(e => e.source === 'prometheus')!.message).toMatch(
      /unreachable/,
    );
    expect(view.recommendations).toEqual([]);
  });

  it('says when a cluster has no Prometheus', async () => {
    const service = new MetricsService({
      clusters: new Map(),
      cacheTtlMs: 1000,
      thresholds: {},
      triggers: DEFAULT_TRIGGERS,
      caps: () => ({ maxReplicas: 20, maxDatabaseInstances: 5 }),
    });
    await expect(
      service.getEntityMetrics(agentRegistry(cluster)),
    ).resolves.toMatchObject({ configured: false, metrics: [] });
  });
});
