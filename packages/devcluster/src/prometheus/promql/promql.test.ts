import { Tsdb } from '../Tsdb';
import { evaluate } from './evaluator';
import { parsePromQL } from './parser';
import type { InstantSample, Value } from './types';

const T0 = Date.UTC(2026, 10, 25, 10, 0, 0);
const STEP = 15_000;

/** Scrapes every 15 s for 10 minutes: counters grow at the given per-second rates. */
function world() {
  const db = new Tsdb();
  for (let i = 0; i <= 40; i++) {
    const t = T0 + i * STEP;
    const seconds = (i * STEP) / 1000;
    // agent-registry: 10 req/s, 1 % of them 5xx; worker pods must never be matched by the API's pod regex.
    db.append(
      { __name__: 'http_requests_total', job: 'agent-registry', status: '200' },
      t,
      9.9 * seconds,
    );
    db.append(
      { __name__: 'http_requests_total', job: 'agent-registry', status: '503' },
      t,
      0.1 * seconds,
    );
    // latency histogram: of 10 req/s, 6 ≤ 0.1 s, 3 more ≤ 0.5 s, 0.9 more ≤ 1 s, 0.1 more ≤ +Inf
    for (const [le, rate] of [
      ['0.1', 6],
      ['0.5', 9],
      ['1', 9.9],
      ['+Inf', 10],
    ] as const) {
      for (const pod of ['a', 'b']) {
        db.append(
          {
            __name__: 'http_request_duration_seconds_bucket',
            job: 'agent-registry',
            pod,
            le,
          },
          t,
          (rate / 2) * seconds,
        );
      }
    }
    db.append(
      {
        __name__: 'kubelet_volume_stats_used_bytes',
        namespace: 'cmp',
        persistentvolumeclaim: 'data',
      },
      t,
      92,
    );
    db.append(
      {
        __name__: 'kubelet_volume_stats_capacity_bytes',
        namespace: 'cmp',
        persistentvolumeclaim: 'data',
      },
      t,
      100,
    );
    db.append(
      { __name__: 'celery_queue_length', queue_name: 'celery' },
      t,
      i * 20,
    );
  }
  return db;
}

const db = world();
const at = T0 + 40 * STEP;
const run = (query: string, time = at): Value =>
  evaluate(parsePromQL(query), { source: db, time });
const vector = (query: string): InstantSample[] => {
  const value = run(query);
  if (value.type !== 'vector')
    throw new Error(`expected a vector, got ${value.type}`);
  return value.samples;
};

describe('PromQL', () => {
  it('computes a per-second rate from counters', () => {
    const [sample] = vector(
      'sum(rate(http_requests_total{job="agent-registry"}[5m]))',
    );
    expect(sample.v).toBeCloseTo(10, 6);
  });

  it('computes the error ratio with a regex matcher', () => {
    const [sample] = vector(
      'sum(rate(http_requests_total{job="agent-registry",status=~"5.."}[5m])) / sum(rate(http_requests_total{job="agent-registry"}[5m]))',
    );
    expect(sample.v).toBeCloseTo(0.01, 6);
  });

  it('computes the P99 the right way: rate first, then sum by (le)', () => {
    const [sample] = vector(
      'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="agent-registry"}[5m])))',
    );
    // 99 % of 10 req/s = 9.9, which is exactly the count at le=1: the quantile is the bucket's upper bound.
    expect(sample.v).toBeCloseTo(1, 6);
    expect(sample.labels).toEqual({});
    const [p50] = vector(
      'histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket{job="agent-registry"}[5m])))',
    );
    // rank 5 of 10 lies in the first bucket (0..0.1 s, 6 req/s): 0.1 * 5/6
    expect(p50.v).toBeCloseTo(0.1 * (5 / 6), 6);
  });

  it('shows why the ops guide query is wrong: without rate and sum it yields one series per pod over lifetime counts', () => {
    const samples = vector(
      'histogram_quantile(0.99, http_request_duration_seconds_bucket{job="agent-registry"})',
    );
    expect(samples).toHaveLength(2);
  });

  it('divides vectors with one-to-one matching on identical labels', () => {
    const [sample] = vector(
      'max by (persistentvolumeclaim) (kubelet_volume_stats_used_bytes{namespace="cmp"} / kubelet_volume_stats_capacity_bytes{namespace="cmp"})',
    );
    expect(sample).toEqual({
      labels: { persistentvolumeclaim: 'data' },
      v: 0.92,
    });
  });

  it('filters with comparisons and keeps values, or returns 0/1 with bool', () => {
    expect(vector('celery_queue_length > 500')).toEqual([
      {
        labels: { __name__: 'celery_queue_length', queue_name: 'celery' },
        v: 800,
      },
    ]);
    expect(vector('celery_queue_length > 1000')).toEqual([]);
    expect(vector('celery_queue_length > bool 1000')).toEqual([
      { labels: { queue_name: 'celery' }, v: 0 },
    ]);
  });

  it('returns an empty vector, not 0, when nothing matches', () => {
    expect(vector('sum(rate(http_requests_total{job="nope"}[5m]))')).toEqual(
      [],
    );
  });

  it('supports offset, *_over_time, scalar and time()', () => {
    expect(vector('celery_queue_length offset 5m')[0].v).toBe(400);
    expect(vector('max_over_time(celery_queue_length[1m])')[0].v).toBe(800);
    expect(run('scalar(celery_queue_length) * 2')).toEqual({
      type: 'scalar',
      v: 1600,
    });
    expect(run('time()')).toEqual({ type: 'scalar', v: at / 1000 });
  });

  it('evaluates subqueries at multiples of the step in a left-open range', () => {
    const value = run('celery_queue_length[5m:1m]');
    expect(value.type).toBe('matrix');
    const series = value.type === 'matrix' ? value.series : [];
    expect(series).toHaveLength(1);
    expect(series[0].samples).toEqual(
      [4, 3, 2, 1, 0].map(minutesAgo => ({
        t: at - minutesAgo * 60_000,
        v: 800 - minutesAgo * 80,
      })),
    );
    expect(vector('min_over_time(celery_queue_length[5m:1m])')[0].v).toBe(480);
    expect(vector('count_over_time(celery_queue_length[5m:])')[0].v).toBe(5);
    expect(
      vector('max_over_time(celery_queue_length[2m:1m] offset 5m)')[0].v,
    ).toBe(400);
  });

  it('computes quantile_over_time over raw samples and over a subquery of rates', () => {
    // samples after at - 10m: 20, 40, …, 800; the median interpolates between the 20th and 21st
    expect(
      vector('quantile_over_time(0.5, celery_queue_length[10m])')[0].v,
    ).toBe(410);
    const [p95] = vector(
      'quantile_over_time(0.95, rate(http_requests_total{status="200"}[1m])[5m:1m])',
    );
    expect(p95.labels).toEqual({ job: 'agent-registry', status: '200' });
    expect(p95.v).toBeCloseTo(9.9, 6);
    expect(
      vector('quantile_over_time(1.5, celery_queue_length[1m])')[0].v,
    ).toBe(Infinity);
  });

  it('refuses subqueries of anything but an instant vector', () => {
    expect(() => run('time()[5m:1m]')).toThrow(
      /subquery is only allowed on instant vector, got scalar/,
    );
    expect(() => parsePromQL('sum(celery_queue_length)[5m]')).toThrow(
      /ranges only allowed for vector selectors/,
    );
    expect(() => parsePromQL('celery_queue_length[5m:1m')).toThrow(
      /unexpected end of input, expected "\]"/,
    );
    // outside brackets a colon still belongs to a (recording rule's) metric name
    expect(parsePromQL('job:http_requests:rate5m')).toMatchObject({
      type: 'vector',
      matchers: [{ name: '__name__', value: 'job:http_requests:rate5m' }],
    });
  });

  it('refuses many-to-many matches like Prometheus', () => {
    expect(() =>
      vector(
        'http_request_duration_seconds_bucket / ignoring(pod) http_request_duration_seconds_bucket',
      ),
    ).toThrow(/many-to-many matching not allowed/);
  });

  it.each([
    [
      'sum(rate(http_requests_total[5m])',
      /1:34: parse error: unexpected end of input, expected "\)" to close sum/,
    ],
    ['rate(http_requests_total[5x])', /parse error/],
    ['{job=~"["}', /invalid regular expression/],
    ['{job=""}', /at least one non-empty matcher/],
    ['foo{job>"x"}', /label matching/],
  ])('reports syntax errors the way Prometheus does: %s', (query, message) => {
    expect(() => parsePromQL(query)).toThrow(message);
  });

  it('respects operator precedence and associativity', () => {
    expect(run('1 + 2 * 3')).toEqual({ type: 'scalar', v: 7 });
    expect(run('2 ^ 3 ^ 2')).toEqual({ type: 'scalar', v: 512 });
    expect(run('(1 + 2) * 3')).toEqual({ type: 'scalar', v: 9 });
    expect(run('-2 ^ 2')).toEqual({ type: 'scalar', v: 4 });
  });
});
