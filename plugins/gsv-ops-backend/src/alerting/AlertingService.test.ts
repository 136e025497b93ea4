import { AlertmanagerClient } from '../metrics/AlertmanagerClient';
import { PrometheusClient } from '../metrics/PrometheusClient';
import type { WatchCache } from '../services/WatchCache/WatchCache';
import { AlertingService } from './AlertingService';

const object = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PrometheusRule',
  metadata: { namespace: 'cmp', name: 'team-rules', uid: 'u1' },
  spec: {
    groups: [
      {
        name: 'team',
        labels: { team: 'cmp' },
        rules: [
          { record: 'job:up:sum', expr: 'sum by (job) (up)' },
          {
            alert: 'RegistryDown',
            expr: 'up{job="agent-registry"} == 0',
            for: '5m',
            labels: { severity: 'critical' },
            annotations: { summary: 'Down' },
          },
          {
            alert: 'RegistrySlow',
            expr: 'x{job="agent-registry"} > 1',
            labels: { severity: 'warning' },
          },
        ],
      },
    ],
  },
};

const ALERTMANAGER_CONFIG = `route:
  receiver: default
  routes:
  - matchers: ['team="cmp"', 'severity="critical"']
    receiver: cmp-pager
    continue: true
  - match_re: {severity: critical|warning}
    receiver: slack
`;

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function service(options: {
  rules?: unknown;
  absent?: boolean;
  prometheus?: boolean;
}) {
  const watchCache = {
    cluster: () => ({
      list: () => (options.absent ? [] : [object]),
      status: () => ({
        absentKinds: options.absent ? ['prometheusrules'] : [],
        degradedKinds: [],
      }),
    }),
  } as unknown as WatchCache;
  const prometheus = new PrometheusClient({
    baseUrl: 'http://prometheus:9090',
    fetch: async () =>
      json({ status: 'success', data: { groups: options.rules ?? [] } }),
  });
  const alertmanager = new AlertmanagerClient({
    baseUrl: 'http://alertmanager:9093',
    fetch: async () => json({ config: { original: ALERTMANAGER_CONFIG } }),
  });
  return new AlertingService({
    clusters: new Map([
      [
        'gsv-dev',
        {
          prometheus: options.prometheus === false ? undefined : prometheus,
          alertmanager,
          serviceLabel: 'service',
          prometheusPublicUrl: 'https://prometheus.example/',
        },
      ],
    ]),
    watchCache,
    cacheTtlMs: 0,
  });
}

describe('AlertingService', () => {
  it("matches each alerting rule to Prometheus' by rule file, group and name, and routes it with the group's labels", async () => {
    const { rules, errors } = await service({
      rules: [
        {
          name: 'team',
          file: '/etc/prometheus/rules/prometheus-k8s-rulefiles-0/other-team-rules-u9.yaml',
          rules: [{ name: 'RegistryDown', state: 'firing', health: 'ok' }],
        },
        {
          name: 'team',
          file: '/etc/prometheus/rules/prometheus-k8s-rulefiles-0/cmp-team-rules-u1.yaml',
          rules: [
            {
              type: 'alerting',
              name: 'RegistryDown',
              query: 'up{job="agent-registry"} == 0',
              state: 'pending',
              alerts: [{ labels: {}, state: 'pending' }],
              health: 'ok',
              lastEvaluation: '2026-12-07T03:00:00Z',
              evaluationTime: 0.001,
            },
          ],
        },
      ],
    }).clusterRules('gsv-dev');
    expect(errors).toEqual([]);
    // the recording rule is not listed; loaded ones before the one Prometheus does not evaluate
    expect(rules.map(r => [r.name, r.state, r.loaded])).toEqual([
      ['RegistryDown', 'pending', true],
      ['RegistrySlow', 'unknown', false],
    ]);
    expect(rules[0]).toMatchObject({
      source: { namespace: 'cmp', name: 'team-rules' },
      for: '5m',
      activeAlerts: 1,
      labels: { team: 'cmp', severity: 'critical' },
      lastEvaluation: '2026-12-07T03:00:00Z',
      routes: [{ receiver: 'cmp-pager' }, { receiver: 'slack' }],
      prometheusUrl: `https://prometheus.example/graph?g0.expr=${encodeURIComponent(
        'up{job="agent-registry"} == 0',
      )}&g0.tab=1`,
    });
    expect(rules[1].routes).toEqual([
      {
        receiver: 'slack',
        groupBy: [],
        matchers: ['severity=~"critical|warning"'],
      },
    ]);
  });

  it('says why there are no rules or no states', async () => {
    expect(
      (await service({ absent: true }).clusterRules('gsv-dev')).errors,
    ).toEqual([
      {
        source: 'kubernetes',
        message: expect.stringContaining(
          "prometheus-operator's CRDs are not installed",
        ),
      },
    ]);
    const withoutPrometheus = await service({ prometheus: false }).clusterRules(
      'gsv-dev',
    );
    expect(withoutPrometheus.errors).toEqual([]);
    expect(withoutPrometheus.rules.map(r => r.state)).toEqual([
      'unknown',
      'unknown',
    ]);
    expect(withoutPrometheus.rules[0].prometheusUrl).toBeDefined();
  });
});
