import { AlertmanagerApi } from './AlertmanagerApi';
import { AlertRuleEvaluator, gsvAlertRules } from './AlertRules';
import { PrometheusApi } from './PrometheusApi';
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
      { __name__: 'up', job: 'agent-registry', pod: 'agent-registry-1' },
      T0 + i * 60_000,
      1,
    );
  });
  return tsdb;
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
  const rules = gsvAlertRules({
    namespace: 'cmp',
    job: 'agent-registry',
    database: 'cmp-postgres',
    queue: 'celery',
  });

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
      receiverFor: alert =>
        alert.labels.severity === 'critical'
          ? 'pagerduty-critical'
          : 'slack-warnings',
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
