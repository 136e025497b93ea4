import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useClusters } from '../__testUtils__/cluster';
import { call } from '../__testUtils__/http';
import { kubectlFor } from '../__testUtils__/kubectl';
import type { DevCluster } from '../cluster/startDevCluster';

jest.setTimeout(60_000);

/** The queries gsv-ops-backend sends (plugins/gsv-ops-backend/src/metrics/metricDefinitions.ts), for agent-registry. */
const pods = '(agent-registry)-[a-z0-9]{5,10}-[a-z0-9]{5}';
const QUERIES = {
  p99Latency:
    'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="agent-registry",namespace="cmp"}[5m])))',
  errorRate:
    'sum(rate(http_requests_total{job="agent-registry",namespace="cmp",status=~"5.."}[5m])) / sum(rate(http_requests_total{job="agent-registry",namespace="cmp"}[5m]))',
  dbConnections:
    'max(sum by (pod) (cnpg_backends_total{namespace="cmp",pod=~"cmp-postgres-[0-9]+"}) / max by (pod) (cnpg_pg_settings_setting{name="max_connections",namespace="cmp",pod=~"cmp-postgres-[0-9]+"}))',
  memory: `sum(container_memory_working_set_bytes{namespace="cmp",pod=~"${pods}",container!="",container!="POD"}) / sum(kube_pod_container_resource_limits{namespace="cmp",pod=~"${pods}",resource="memory"})`,
  cpu: `sum(rate(container_cpu_usage_seconds_total{namespace="cmp",pod=~"${pods}",container!="",container!="POD"}[5m])) / sum(kube_pod_container_resource_limits{namespace="cmp",pod=~"${pods}",resource="cpu"})`,
  disk: 'max(kubelet_volume_stats_used_bytes{namespace="cmp"} / kubelet_volume_stats_capacity_bytes{namespace="cmp"})',
  queueDepth: 'sum(celery_queue_length{queue_name="celery"})',
};

async function query(
  cluster: DevCluster,
  promql: string,
): Promise<number | undefined> {
  const response = await fetch(
    `${cluster.monitoring!.prometheusUrl}/api/v1/query`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        query: promql,
        time: String(cluster.clock.now() / 1000),
      }),
    },
  );
  const body = await response.json();
  expect(body.status).toBe('success');
  const [first] = body.data.result;
  return first ? Number(first.value[1]) : undefined;
}

/** The samples of the Celery queue depth over the last hour, `stepSeconds` apart. */
async function lastHourOfQueueDepth(
  cluster: DevCluster,
  stepSeconds: number,
): Promise<unknown[]> {
  const now = cluster.clock.now() / 1000;
  const params = new URLSearchParams({
    query: QUERIES.queueDepth,
    start: String(now - 3600),
    end: String(now),
    step: String(stepSeconds),
  });
  const response = await fetch(
    `${cluster.monitoring!.prometheusUrl}/api/v1/query_range?${params}`,
  );
  return (await response.json()).data.result[0].values;
}

async function firingAlerts(cluster: DevCluster): Promise<string[]> {
  const response = await fetch(
    `${cluster.monitoring!.alertmanagerUrl}/api/v2/alerts?${new URLSearchParams(
      [['filter', 'namespace="cmp"']],
    )}`,
  );
  return ((await response.json()) as Array<{ labels: Record<string, string> }>)
    .map(a => a.labels.alertname)
    .sort();
}

/** Moves cluster time in scrape-sized steps, so the controllers and the scraper both keep up. */
async function advance(cluster: DevCluster, ms: number) {
  for (let done = 0; done < ms; done += 15_000)
    await cluster.clock.advance(15_000);
}

describe('the embedded Prometheus and Alertmanager', () => {
  const start = useClusters();

  it('serves the seven key metrics of agent-registry from the seeded world, with an hour of history', async () => {
    const cluster = await start({ monitoring: {} });
    const values = Object.fromEntries(
      await Promise.all(
        Object.entries(QUERIES).map(async ([id, promql]) => [
          id,
          await query(cluster, promql),
        ]),
      ),
    );
    expect(values.p99Latency).toBeGreaterThan(0.1);
    expect(values.p99Latency).toBeLessThan(0.5);
    expect(values.errorRate).toBeLessThan(0.001);
    expect(values.dbConnections).toBeGreaterThan(0.2);
    expect(values.dbConnections).toBeLessThan(0.7);
    expect(values.memory).toBeGreaterThan(0.1);
    expect(values.memory).toBeLessThan(0.7);
    expect(values.cpu).toBeGreaterThan(0.05);
    expect(values.cpu).toBeLessThan(0.6);
    expect(values.disk).toBeCloseTo(0.92, 2); // the near-full cmp-postgres-1 volume
    expect(values.queueDepth).toBeLessThan(100);

    const history = await lastHourOfQueueDepth(cluster, 60);
    expect(history).toHaveLength(61);
    // The volume has been over 90% for the whole backfilled hour: its alert already fires.
    expect(await firingAlerts(cluster)).toEqual(['PersistentVolumeFillingUp']);
  });

  it('starts a scale-mode cluster with a shorter history instead of scraping every pod 241 times', async () => {
    const started = Date.now();
    const cluster = await start({ monitoring: {}, scale: { pods: 2_400 } });
    expect(Date.now() - started).toBeLessThan(20_000); // the full hour took about 50 s for 2,400 pods
    const history = await lastHourOfQueueDepth(cluster, 15);
    // 24,100 pod-scrapes for about 2,430 pods: 9 scrapes, two minutes of history
    expect(history).toHaveLength(9);
  });

  it('grows the Celery backlog while the workers cannot keep up, until the backlog alert fires', async () => {
    const cluster = await start({ monitoring: {} });
    cluster.store.scale('deployments.apps', 'cmp', 'agent-registry-worker', 1);
    await advance(cluster, 4 * 60_000);
    const after4Minutes = await query(cluster, QUERIES.queueDepth);
    expect(after4Minutes).toBeGreaterThan(700); // 600 tasks/min in, 400 out: +200/min
    await advance(cluster, 5 * 60_000);
    expect(await firingAlerts(cluster)).toContain('CeleryQueueBacklog');

    cluster.store.scale('deployments.apps', 'cmp', 'agent-registry-worker', 4);
    await advance(cluster, 6 * 60_000);
    expect(await query(cluster, QUERIES.queueDepth)).toBeLessThan(100);
    expect(await firingAlerts(cluster)).not.toContain('CeleryQueueBacklog');
  });

  it('loses the service metrics and fires AgentRegistryDown when no pod of agent-registry is ready', async () => {
    const cluster = await start({ monitoring: {} });
    cluster.faults.crashLoop('cmp', 'agent-registry');
    await advance(cluster, 6 * 60_000);
    // Every pod of the deployment crash-loops: no ready pod, no scrape target. The service's own metrics are gone
    // (no data, not zero) and "down" fires once the targets have been missing for 5 minutes.
    expect(
      cluster.store.get('deployments.apps', 'cmp', 'agent-registry')!.status
        .readyReplicas ?? 0,
    ).toBe(0);
    expect(await query(cluster, QUERIES.p99Latency)).toBeUndefined();
    expect(await query(cluster, QUERIES.errorRate)).toBeUndefined();
    await advance(cluster, 5 * 60_000);
    expect(await firingAlerts(cluster)).toContain('AgentRegistryDown');
  });

  it('raises latency and errors when the load outgrows the ready pods, until the HPA adds pods', async () => {
    const cluster = await start({ monitoring: {} });
    const healthy = {
      p99: (await query(cluster, QUERIES.p99Latency))!,
      errors: (await query(cluster, QUERIES.errorRate))!,
    };
    cluster.simulation.state.setLoad('cmp/agent-registry', 6);
    await advance(cluster, 2 * 60_000);
    const loaded = {
      p99: (await query(cluster, QUERIES.p99Latency))!,
      errors: (await query(cluster, QUERIES.errorRate))!,
    };
    expect(loaded.p99).toBeGreaterThan(healthy.p99 * 3);
    expect(loaded.errors).toBeGreaterThan(0.01);
    // The HPA has scaled out by now; once the new pods serve, the 5-minute windows recover.
    expect(
      cluster.store.get('deployments.apps', 'cmp', 'agent-registry')!.spec
        .replicas,
    ).toBeGreaterThan(3);
    await advance(cluster, 8 * 60_000);
    expect((await query(cluster, QUERIES.p99Latency))!).toBeLessThan(1);
    expect((await query(cluster, QUERIES.errorRate))!).toBeLessThan(0.001);
  });

  it("exports the primary's WAL archiver times: following the clock while archiving works, frozen once it fails", async () => {
    const cluster = await start({ monitoring: {} });
    const archived = 'cnpg_pg_stat_archiver_last_archived_time{namespace="cmp",pod="cmp-postgres-1"}';
    const failed = 'cnpg_pg_stat_archiver_last_failed_time{namespace="cmp",pod="cmp-postgres-1"}';
    const now = () => cluster.clock.now() / 1000;
    const working = (await query(cluster, archived))!;
    expect(now() - working).toBeGreaterThanOrEqual(0);
    expect(now() - working).toBeLessThan(60);
    expect(await query(cluster, 'cnpg_pg_stat_archiver_last_archived_time{namespace="cmp",pod="cmp-postgres-2"}')).toBe(-1);
    expect(await query(cluster, failed)).toBe(-1);

    cluster.faults.breakObjectStore('cmp', 'cmp-postgres-store');
    await advance(cluster, 10 * 60_000);
    const frozen = (await query(cluster, archived))!;
    expect(now() - frozen).toBeGreaterThan(9 * 60);
    expect(now() - (await query(cluster, failed))!).toBeLessThan(30);

    cluster.faults.fixObjectStore('cmp', 'cmp-postgres-store');
    await advance(cluster, 60_000);
    expect(now() - (await query(cluster, archived))!).toBeLessThan(60);
  });

  it('can be taken down, slowed and made to fail', async () => {
    const cluster = await start({ monitoring: {} });
    const monitoring = cluster.monitoring!;
    await monitoring.setFault('prometheus', { down: true });
    await expect(
      fetch(`${monitoring.prometheusUrl}/api/v1/query?query=up`),
    ).rejects.toThrow();
    await monitoring.setFault('prometheus', { errorStatus: 503 });
    const failing = await fetch(
      `${monitoring.prometheusUrl}/api/v1/query?query=up`,
    );
    expect(failing.status).toBe(503);
    expect(await failing.json()).toMatchObject({
      status: 'error',
      error: 'injected fault: HTTP 503',
    });
    await monitoring.setFault('prometheus', { latencyMs: 300 });
    const started = Date.now();
    expect(
      (await fetch(`${monitoring.prometheusUrl}/api/v1/query?query=up`)).status,
    ).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await monitoring.setFault('prometheus', undefined);

    // The same through the admin API, as a browser test would do it.
    const admin = await call(cluster, 'POST', '/devcluster/monitoring/faults', {
      body: { target: 'alertmanager', errorStatus: 500 },
    });
    expect(admin.status).toBe(200);
    const denied = await call(
      cluster,
      'POST',
      '/devcluster/monitoring/faults',
      {
        token: cluster.tokens.viewer,
        body: { target: 'alertmanager', clear: true },
      },
    );
    expect(denied.status).toBe(403);
    expect(
      (await fetch(`${monitoring.alertmanagerUrl}/api/v2/alerts`)).status,
    ).toBe(500);
  });

  it('evaluates the PrometheusRule objects kubectl manages, and routes their alerts as its config.original says', async () => {
    const cluster = await start({ monitoring: {} });
    const monitoring = cluster.monitoring!;
    const directory = mkdtempSync(join(tmpdir(), 'devcluster-promrules-'));
    try {
      const kubectl = kubectlFor(cluster, directory);
      const listed = await kubectl(['get', 'promrule', '-A', '-o', 'name']);
      expect(listed.stdout.trim().split('\n')).toEqual([
        'prometheusrule.monitoring.coreos.com/gsv-platform-alerts',
        'prometheusrule.monitoring.coreos.com/keycloak-alerts',
      ]);
      const explained = await kubectl(['explain', 'prometheusrule.spec.groups.rules.for']);
      expect(explained.stdout).toContain('Alerts are considered firing once they have been returned for this long.');
      const rulesOf = async () =>
        (
          await (
            await fetch(`${monitoring.prometheusUrl}/api/v1/rules?type=alert`)
          ).json()
        ).data.groups.flatMap(
          (g: { rules: Array<{ name: string; state: string }> }) =>
            g.rules.map(r => `${r.name}:${r.state}`),
        );
      expect(await rulesOf()).toContain('PersistentVolumeFillingUp:firing');
      expect(await rulesOf()).toContain('KeycloakDown:inactive');

      // A team adds its own rule with kubectl: it is evaluated at the next scrape and routed by severity.
      const manifest = join(directory, 'rule.yaml');
      writeFileSync(
        manifest,
        [
          'apiVersion: monitoring.coreos.com/v1',
          'kind: PrometheusRule',
          'metadata: {name: cmp-extra, namespace: cmp}',
          'spec:',
          '  groups:',
          '  - name: cmp.extra',
          '    rules:',
          '    - alert: AgentRegistryPodsUp',
          '      expr: sum(up{job="agent-registry"}) > 0',
          '      labels: {severity: info, namespace: cmp}',
        ].join('\n'),
      );
      expect((await kubectl(['apply', '-f', manifest])).stdout.trim()).toBe(
        'prometheusrule.monitoring.coreos.com/cmp-extra created',
      );
      const invalid = await kubectl([
        'patch',
        'promrule',
        'cmp-extra',
        '-n',
        'cmp',
        '--type=json',
        '-p',
        '[{"op":"add","path":"/spec/groups/0/rules/0/for","value":"5 minutes"}]',
      ]);
      expect(invalid.stderr).toContain('spec.groups[0].rules[0].for');
      await call(cluster, 'POST', '/devcluster/monitoring/scrape');
      expect(await rulesOf()).toContain('AgentRegistryPodsUp:firing');
      const alerts = await (
        await fetch(
          `${monitoring.alertmanagerUrl}/api/v2/alerts?filter=alertname%3D%22AgentRegistryPodsUp%22`,
        )
      ).json();
      expect(alerts).toMatchObject([{ receivers: [{ name: 'default' }] }]);
      const status = await (
        await fetch(`${monitoring.alertmanagerUrl}/api/v2/status`)
      ).json();
      expect(status.config.original).toContain('receiver: pagerduty-critical');

      expect(
        (await kubectl(['delete', 'promrule', 'cmp-extra', '-n', 'cmp'])).code,
      ).toBe(0);
      await call(cluster, 'POST', '/devcluster/monitoring/scrape');
      expect(await rulesOf()).not.toContain('AgentRegistryPodsUp:firing');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
