import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  EntityAlertingView,
  PlatformAlertingView,
} from '@gsv/plugin-gsv-ops-common';
import { startDevCluster, type DevCluster } from '@gsv/devcluster';
import request from 'supertest';
import { agentRegistryEntity, keycloakEntity } from '../__fixtures__/platform';
import { startDevClusterBackend } from '../__testUtils__/devClusterBackend';

jest.setTimeout(60_000);

const ALERTING =
  '/api/gsv-ops/entities/component/default/agent-registry/alerting';
const PLATFORM = '/api/gsv-ops/platform/alerting';
const user = mockCredentials.user.header();

const withJob = (entity: typeof agentRegistryEntity, job: string) => ({
  ...entity,
  metadata: {
    ...entity.metadata,
    annotations: {
      ...entity.metadata.annotations,
      'gsv.io/prometheus-job': job,
    },
  },
});

/** Polls until `check` passes (the watch cache and the scraper move on their own). */
async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
): Promise<T> {
  let value = await read();
  for (let i = 0; i < 100 && !check(value); i++) {
    await new Promise(r => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

describe('the alerting routes', () => {
  let cluster: DevCluster;

  beforeAll(async () => {
    cluster = await startDevCluster({ port: 0 });
  });
  afterAll(() => cluster.stop());

  async function backend(
    result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
    monitoring: { prometheus?: boolean; alertmanager?: boolean } = {
      prometheus: true,
      alertmanager: true,
    },
  ) {
    return startDevClusterBackend({
      cluster,
      entities: [
        withJob(agentRegistryEntity, 'agent-registry'),
        withJob(keycloakEntity, 'keycloak'),
      ],
      result,
      gsvOps: {
        metrics: { cacheSeconds: 0 },
        dashboards: [
          {
            title: 'Agent Metrics',
            url: 'https://grafana.dev.gsv.example/d/gsv-agents?var-job={service}&var-namespace={namespace}',
          },
          {
            title: 'Database',
            url: 'https://grafana.gsv.example/d/cnpg-postgres',
            environment: 'prod',
          },
        ],
      },
      clusterSettings: {
        ...(monitoring.prometheus
          ? {
              prometheus: {
                baseUrl: cluster.monitoring!.prometheusUrl,
                publicUrl: 'https://prometheus.dev.gsv.example',
              },
            }
          : {}),
        ...(monitoring.alertmanager
          ? { alertmanager: { baseUrl: cluster.monitoring!.alertmanagerUrl } }
          : {}),
      },
    });
  }

  it('refuses callers without credentials, and without permission', async () => {
    const allowed = await backend(AuthorizeResult.ALLOW);
    expect((await request(allowed).get(ALERTING)).status).toBe(401);
    expect((await request(allowed).get(PLATFORM)).status).toBe(401);
    const denied = await backend(AuthorizeResult.DENY);
    for (const path of [ALERTING, PLATFORM]) {
      const response = await request(denied)
        .get(path)
        .set('Authorization', user);
      expect(response.status).toBe(403);
      expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts|\/work\//);
    }
    const bad = await request(allowed)
      .get(`${ALERTING}?cluster=`)
      .set('Authorization', user);
    expect(bad.status).toBe(400);
  });

  it("lists the rules that watch a service, with their state, route and link, and the service's dashboards", async () => {
    const server = await backend(AuthorizeResult.ALLOW);
    const response = await request(server)
      .get(ALERTING)
      .set('Authorization', user);
    expect(response.status).toBe(200);
    const view = response.body as EntityAlertingView;
    expect(view).toMatchObject({
      cluster: 'gsv-dev',
      namespace: 'cmp',
      job: 'agent-registry',
      prometheusConfigured: true,
      alertmanagerConfigured: true,
      errors: [],
      dashboards: [
        {
          title: 'Agent Metrics',
          url: 'https://grafana.dev.gsv.example/d/gsv-agents?var-job=agent-registry&var-namespace=cmp',
          source: 'config',
        },
      ],
    });
    expect(
      view.rules.map(r => [r.name, r.state, r.matchedBy.join('+')]),
    ).toEqual([
      ['PersistentVolumeFillingUp', 'firing', 'namespace'],
      ['AgentRegistryDown', 'inactive', 'job+namespace+label'],
      ['DatabaseConnectionPoolExhausted', 'inactive', 'namespace+label'],
      ['HighErrorRate', 'inactive', 'job+namespace+label'],
      ['CeleryQueueBacklog', 'inactive', 'label'],
      ['HighLatency', 'inactive', 'job+namespace+label'],
    ]);
    const [volume] = view.rules;
    expect(volume).toMatchObject({
      source: { namespace: 'observability', name: 'gsv-platform-alerts' },
      group: 'gsv.database',
      for: '5m',
      severity: 'critical',
      summary: 'Volume more than 90% full',
      loaded: true,
      health: 'ok',
      routes: [
        { receiver: 'pagerduty-critical', matchers: ['severity="critical"'] },
      ],
    });
    expect(volume.activeAlerts).toBeGreaterThan(0);
    expect(volume.lastEvaluation).toMatch(/^\d{4}-/);
    expect(volume.prometheusUrl).toBe(
      `https://prometheus.dev.gsv.example/graph?g0.expr=${encodeURIComponent(
        volume.expr,
      )}&g0.tab=1`,
    );
    expect(view.rules.find(r => r.name === 'HighLatency')?.routes).toEqual([
      {
        receiver: 'slack-warnings',
        groupBy: ['alertname', 'severity'],
        matchers: ['severity="warning"'],
      },
    ]);
  });

  it('lists every rule of the platform with the services it watches, firing first', async () => {
    const server = await backend(AuthorizeResult.ALLOW);
    const response = await request(server)
      .get(PLATFORM)
      .set('Authorization', user);
    expect(response.status).toBe(200);
    const view = response.body as PlatformAlertingView;
    expect(view.rules[0]).toMatchObject({
      name: 'PersistentVolumeFillingUp',
      state: 'firing',
    });
    expect(view.rules.find(r => r.name === 'KeycloakDown')).toMatchObject({
      services: ['component:default/keycloak'],
      routes: [{ receiver: 'pagerduty-critical' }],
    });
    expect(view.rules.find(r => r.name === 'HighLatency')?.services).toEqual([
      'component:default/agent-registry',
    ]);
    expect(view.rules).toHaveLength(8);
  });

  it('still lists the rules when Prometheus is down or Alertmanager is not configured, and says why', async () => {
    const server = await backend(AuthorizeResult.ALLOW, { prometheus: true });
    await cluster.monitoring!.setFault('prometheus', { down: true });
    try {
      const response = await request(server)
        .get(ALERTING)
        .set('Authorization', user);
      expect(response.status).toBe(200);
      const view = response.body as EntityAlertingView;
      expect(view.alertmanagerConfigured).toBe(false);
      expect(view.rules).toHaveLength(6);
      expect(
        view.rules.every(r => r.state === 'unknown' && !r.loaded && !r.routes),
      ).toBe(true);
      expect(view.errors).toEqual([
        {
          source: 'prometheus',
          message: expect.stringContaining(
            'Rule states are unknown: Prometheus is unreachable',
          ),
        },
      ]);
    } finally {
      await cluster.monitoring!.setFault('prometheus', undefined);
    }
  });

  it('follows a PrometheusRule changed in the cluster', async () => {
    const server = await backend(AuthorizeResult.ALLOW);
    cluster.store.patch(
      'prometheusrules.monitoring.coreos.com',
      'observability',
      'gsv-platform-alerts',
      {
        spec: {
          groups: [
            {
              name: 'gsv.availability',
              rules: [
                {
                  alert: 'AgentRegistryDown',
                  expr: 'sum(up{job="agent-registry"}) > 0',
                  labels: { severity: 'critical', service: 'agent-registry' },
                  annotations: { summary: 'Always firing, for this test' },
                },
              ],
            },
          ],
        },
      },
    );
    cluster.monitoring!.scrapeNow();
    const response = await eventually(
      () => request(server).get(ALERTING).set('Authorization', user),
      r =>
        r.body.rules?.some(
          (rule: { summary?: string; state: string }) =>
            rule.summary === 'Always firing, for this test' &&
            rule.state === 'firing',
        ),
    );
    const rules = (response.body as EntityAlertingView).rules;
    expect(
      rules
        .filter(r => r.source.name === 'gsv-platform-alerts')
        .map(r => [r.name, r.state, r.for]),
    ).toEqual([['AgentRegistryDown', 'firing', undefined]]);
  });
});
