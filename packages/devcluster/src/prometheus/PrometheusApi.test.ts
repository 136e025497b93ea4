import { gsvPlatformAlerts } from '../seed/gsv/alertRules';
import { AlertmanagerApi } from './AlertmanagerApi';
import {
  AlertmanagerConfig,
  GSV_ALERTMANAGER_CONFIG,
} from './alertmanagerConfig';
import { AlertRuleEvaluator } from './AlertRules';
import { PrometheusApi } from './PrometheusApi';
import { ruleGroupLoader } from './ruleGroups';
import { Tsdb } from './Tsdb';

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

function backlog(depths: number[]) {
  const tsdb = new Tsdb();
  depths.forEach((depth, i) => {
    tsdb.append(
      { __name__: 'celery_queue_length', queue_name: 'celery' },
      T0 + i * 60_000,
      depth,
    );
    tsdb.append(
      { __name__: 'up', job: 'agent-registry', namespace: 'cmp', pod: 'agent-registry-1' },
      T0 + i * 60_000,
      1,
    );
  });
  return tsdb;
}

/** The seed's gsv-platform-alerts, as the API server stores it (with a uid and resourceVersion). */
function seededPlatformAlerts() {
  const object = gsvPlatformAlerts({
    namespace: 'cmp',
    job: 'agent-registry',
    database: 'cmp-postgres',
    queue: 'celery',
  });
  object.metadata.uid = '0b6e1c2a';
  object.metadata.resourceVersion = '1';
  return object;
}

describe('PrometheusApi', () => {
  const tsdb = backlog([100, 200, 300, 400]);
  const api = new PrometheusApi({ tsdb, now: () => T0 + 3 * 60_000 });

  it('answers instant queries in the Prometheus envelope, values as strings', () => {
    expect(
      api.handle(
        '/api/v1/query',
        new URLSearchParams({ query: 'sum(celery_queue_length)' }),
      ),
    ).toEqual({
      status: 200,
      body: {
        status: 'success',
        data: {
          resultType: 'vector',
          result: [{ metric: {}, value: [(T0 + 180_000) / 1000, '400'] }],
        },
      },
    });
  });

  it('answers range queries with one point per step', () => {
    const response = api.handle(
      '/api/v1/query_range',
      new URLSearchParams({
        query: 'celery_queue_length',
        start: String(T0 / 1000),
        end: String((T0 + 180_000) / 1000),
        step: '60',
      }),
    );
    expect(response.body).toMatchObject({
      data: {
        resultType: 'matrix',
        result: [
          {
            values: [
              [T0 / 1000, '100'],
              [T0 / 1000 + 60, '200'],
              [T0 / 1000 + 120, '300'],
              [T0 / 1000 + 180, '400'],
            ],
          },
        ],
      },
    });
  });

  it('returns an empty result, not 0, for a metric that does not exist', () => {
    expect(
      api.handle('/api/v1/query', new URLSearchParams({ query: 'nope' })).body,
    ).toEqual({
      status: 'success',
      data: { resultType: 'vector', result: [] },
    });
  });

  it('reports bad queries as bad_data and execution errors as 422', () => {
    expect(
      api.handle('/api/v1/query', new URLSearchParams({ query: 'sum(' })),
    ).toMatchObject({
      status: 400,
      body: {
        status: 'error',
        errorType: 'bad_data',
        error: expect.stringMatching(
          /^invalid parameter "query": 1:5: parse error/,
        ),
      },
    });
    expect(
      api.handle(
        '/api/v1/query',
        new URLSearchParams({ query: 'nosuchfn(up)' }),
      ),
    ).toMatchObject({
      status: 422,
      body: { errorType: 'execution' },
    });
    expect(
      api.handle('/api/v1/query_range', new URLSearchParams({ query: 'up' })),
    ).toMatchObject({ status: 400 });
  });
});

describe('alerting', () => {
  const platformAlerts = seededPlatformAlerts();
  const rules = ruleGroupLoader(() => [platformAlerts], 15_000);

  it('keeps an alert pending until its condition held for "for", then fires it', () => {
    const tsdb = backlog([600, 700, 800, 900, 1000, 1100, 1200]);
    const evaluator = new AlertRuleEvaluator(tsdb, rules);
    evaluator.evaluate(T0);
    expect(evaluator.alerts()).toMatchObject([
      { labels: { alertname: 'CeleryQueueBacklog' }, state: 'pending' },
    ]);
    evaluator.evaluate(T0 + 5 * 60_000);
    expect(evaluator.alerts()).toMatchObject([
      {
        labels: {
          alertname: 'CeleryQueueBacklog',
          severity: 'warning',
          service: 'agent-registry',
          namespace: 'cmp',
        },
        annotations: { description: '1100 tasks are waiting.' },
        state: 'firing',
      },
    ]);

    const alertmanager = new AlertmanagerApi({
      alerts: () => evaluator.alerts(),
      generatorUrl: () => 'http://prometheus/graph',
      config: new AlertmanagerConfig(GSV_ALERTMANAGER_CONFIG),
      startedAt: T0,
    });
    const filtered = alertmanager.handle(
      '/api/v2/alerts',
      new URLSearchParams([
        ['filter', 'service="agent-registry"'],
        ['filter', 'namespace="cmp"'],
        ['active', 'true'],
      ]),
    );
    expect(filtered.body).toMatchObject([
      {
        labels: { alertname: 'CeleryQueueBacklog' },
        receivers: [{ name: 'slack-warnings' }],
        status: { state: 'active' },
      },
    ]);
    expect(
      alertmanager.handle(
        '/api/v2/alerts',
        new URLSearchParams([['filter', 'service="keycloak"']]),
      ).body,
    ).toEqual([]);
    expect(
      alertmanager.handle(
        '/api/v2/alerts',
        new URLSearchParams([['filter', 'service=keycloak']]),
      ).status,
    ).toBe(400);
  });

  it('drops an alert as soon as its condition stops holding', () => {
    const tsdb = backlog([600, 700, 800, 900, 1000, 1100, 10]);
    const evaluator = new AlertRuleEvaluator(tsdb, rules);
    evaluator.evaluate(T0 + 5 * 60_000);
    expect(evaluator.alerts()).toHaveLength(1);
    evaluator.evaluate(T0 + 6 * 60_000);
    expect(evaluator.alerts()).toEqual([]);
  });

  it('fires "down" when the targets are gone, not only when up == 0', () => {
    const evaluator = new AlertRuleEvaluator(new Tsdb(), rules);
    evaluator.evaluate(T0);
    expect(evaluator.alerts().map(a => a.labels.alertname)).toEqual([
      'AgentRegistryDown',
    ]);
  });
});

describe('the rules API and the Alertmanager status', () => {
  const platformAlerts = seededPlatformAlerts();
  let objects = [platformAlerts];
  const evaluator = new AlertRuleEvaluator(
    backlog([600, 700, 800, 900, 1000, 1100, 1200]),
    ruleGroupLoader(() => objects, 15_000),
  );
  const api = new PrometheusApi({
    tsdb: new Tsdb(),
    now: () => T0,
    ruleGroups: () => evaluator.ruleGroups(),
  });
  const rulesOf = (params: Record<string, string> | string[][] = {}) =>
    api.handle('/api/v1/rules', new URLSearchParams(params)).body as {
      data: { groups: Array<{ name: string; file: string; rules: any[] }> };
    };

  it('lists the groups of the PrometheusRule objects with each rule state, health and alerts', () => {
    evaluator.evaluate(T0);
    evaluator.evaluate(T0 + 5 * 60_000);
    const { groups } = rulesOf().data;
    expect(groups.map(g => g.name)).toEqual([
      'gsv.availability',
      'gsv.performance',
      'gsv.database',
      'gsv.workers',
      'gsv.recording',
    ]);
    expect(groups[0].file).toBe(
      '/etc/prometheus/rules/prometheus-k8s-rulefiles-0/observability-gsv-platform-alerts-0b6e1c2a.yaml',
    );
    const backlogRule = groups[3].rules[0];
    expect(backlogRule).toMatchObject({
      name: 'CeleryQueueBacklog',
      type: 'alerting',
      state: 'firing',
      duration: 300,
      health: 'ok',
      labels: { severity: 'warning', service: 'agent-registry' },
      lastEvaluation: new Date(T0 + 5 * 60_000).toISOString(),
      alerts: [
        {
          state: 'firing',
          value: '1.1e+03',
          activeAt: new Date(T0).toISOString(),
        },
      ],
    });
    expect(groups[1].rules[0]).toMatchObject({
      name: 'HighLatency',
      state: 'inactive',
      alerts: [],
    });
    expect(groups[4].rules[0]).toMatchObject({
      name: 'job:http_requests:rate5m',
      type: 'recording',
      health: 'ok',
    });
    expect(groups[4].rules[0].state).toBeUndefined();
  });

  it('filters by type, rule name and group, and refuses an unknown type', () => {
    evaluator.evaluate(T0);
    expect(rulesOf({ type: 'record' }).data.groups.map(g => g.name)).toEqual([
      'gsv.recording',
    ]);
    expect(
      rulesOf([['rule_name[]', 'HighErrorRate']]).data.groups.flatMap(g =>
        g.rules.map(r => r.name),
      ),
    ).toEqual(['HighErrorRate']);
    expect(
      rulesOf([['rule_group[]', 'gsv.workers']]).data.groups.map(g => g.name),
    ).toEqual(['gsv.workers']);
    expect(
      api.handle('/api/v1/rules', new URLSearchParams({ type: 'x' })),
    ).toMatchObject({ status: 400, body: { errorType: 'bad_data' } });
  });

  it('picks up a changed PrometheusRule at the next evaluation', () => {
    const changed = structuredClone(platformAlerts);
    changed.metadata.resourceVersion = '2';
    changed.spec.groups = [changed.spec.groups[3]];
    changed.spec.groups[0].rules[0].expr =
      'sum(celery_queue_length{queue_name="celery"}) > 5000';
    objects = [changed];
    evaluator.evaluate(T0 + 6 * 60_000);
    expect(rulesOf().data.groups).toMatchObject([
      { name: 'gsv.workers', rules: [{ state: 'inactive', alerts: [] }] },
    ]);
    objects = [platformAlerts];
  });

  it('serves the configuration as config.original and routes alerts through it', () => {
    const config = new AlertmanagerConfig(GSV_ALERTMANAGER_CONFIG);
    const alertmanager = new AlertmanagerApi({
      alerts: () => [],
      generatorUrl: () => '',
      config,
      startedAt: T0,
    });
    expect(
      alertmanager.handle('/api/v2/status', new URLSearchParams()).body,
    ).toMatchObject({
      config: { original: GSV_ALERTMANAGER_CONFIG },
      uptime: new Date(T0).toISOString(),
    });
    expect(
      alertmanager.handle('/api/v2/receivers', new URLSearchParams()).body,
    ).toEqual([
      { name: 'default' },
      { name: 'pagerduty-critical' },
      { name: 'slack-warnings' },
    ]);
    expect(config.receiversFor({ severity: 'critical' })).toEqual([
      'pagerduty-critical',
    ]);
    expect(config.receiversFor({ severity: 'info' })).toEqual(['default']);
  });
});
