import {
  evaluate,
  parsePromQL,
  PromQLExecutionError,
  PromQLSyntaxError,
  type Value,
} from './promql';
import type { RuleGroupStatus } from './AlertRules';
import { rulesData } from './rulesApi';
import type { Tsdb } from './Tsdb';

/** A response of the Prometheus HTTP API: the status code and the JSON envelope. */
export interface ApiResponse {
  status: number;
  body: unknown;
}

const MAX_POINTS = 11_000;

/** A request the API rejects with 400 `bad_data`. */
class BadData extends Error {}

/**
 * The query part of the Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`, `/api/v1/labels`,
 * `/api/v1/label/<name>/values`, `/api/v1/status/buildinfo`) and the rules API (`/api/v1/rules`), with the real
 * envelope, value encoding (timestamps in seconds, values as strings) and error types.
 */
export class PrometheusApi {
  constructor(
    private readonly options: {
      tsdb: Tsdb;
      now: () => number;
      ruleGroups?: () => RuleGroupStatus[];
    },
  ) {}

  handle(path: string, params: URLSearchParams): ApiResponse {
    try {
      if (path === '/api/v1/query') return this.query(params);
      if (path === '/api/v1/query_range') return this.queryRange(params);
      if (path === '/api/v1/rules') return this.rules(params);
      if (path === '/api/v1/labels')
        return success(labelNames(this.options.tsdb));
      const labelValues = /^\/api\/v1\/label\/([^/]+)\/values$/.exec(path);
      if (labelValues)
        return success(
          this.options.tsdb.labelValues(decodeURIComponent(labelValues[1])),
        );
      if (path === '/api/v1/status/buildinfo') {
        return success({
          version: '3.0.0-gsv-devcluster',
          revision: 'embedded',
          branch: 'main',
        });
      }
      return {
        status: 404,
        body: {
          status: 'error',
          errorType: 'not_found',
          error: `unknown API path ${path}`,
        },
      };
    } catch (error) {
      if (error instanceof BadData)
        return failure(400, 'bad_data', error.message);
      if (error instanceof PromQLSyntaxError)
        return failure(
          400,
          'bad_data',
          `invalid parameter "query": ${error.message}`,
        );
      if (error instanceof PromQLExecutionError)
        return failure(422, 'execution', error.message);
      throw error;
    }
  }

  private query(params: URLSearchParams): ApiResponse {
    const expr = parsePromQL(required(params, 'query'));
    const time = params.has('time')
      ? parseTime(params.get('time')!, 'time')
      : this.options.now();
    return success(
      encodeInstant(evaluate(expr, { source: this.options.tsdb, time }), time),
    );
  }

  private rules(params: URLSearchParams): ApiResponse {
    try {
      return success(rulesData(this.options.ruleGroups?.() ?? [], params));
    } catch (error) {
      if (error instanceof RangeError) throw new BadData(error.message);
      throw error;
    }
  }

  private queryRange(params: URLSearchParams): ApiResponse {
    const expr = parsePromQL(required(params, 'query'));
    const start = parseTime(required(params, 'start'), 'start');
    const end = parseTime(required(params, 'end'), 'end');
    const step = parseStep(required(params, 'step'));
    if (end < start)
      throw new BadData(
        'invalid parameter "end": end timestamp must not be before start time',
      );
    if ((end - start) / step > MAX_POINTS) {
      throw new BadData(
        'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
      );
    }
    const series = new Map<
      string,
      { metric: Record<string, string>; values: [number, string][] }
    >();
    for (let t = start; t <= end; t += step) {
      const value = evaluate(expr, { source: this.options.tsdb, time: t });
      if (value.type === 'scalar') {
        const entry = series.get('{}') ?? { metric: {}, values: [] };
        entry.values.push([t / 1000, formatValue(value.v)]);
        series.set('{}', entry);
      } else if (value.type === 'vector') {
        for (const sample of value.samples) {
          const key = JSON.stringify(Object.entries(sample.labels).sort());
          const entry = series.get(key) ?? {
            metric: { ...sample.labels },
            values: [],
          };
          entry.values.push([t / 1000, formatValue(sample.v)]);
          series.set(key, entry);
        }
      } else {
        throw new BadData(
          `invalid expression type "${
            value.type === 'matrix' ? 'range vector' : value.type
          }" for range query, must be Scalar or instant Vector`,
        );
      }
    }
    return success({ resultType: 'matrix', result: [...series.values()] });
  }
}

function labelNames(tsdb: Tsdb): string[] {
  // Label names are not indexed separately; the embedded world has few series, so derive them.
  const names = new Set<string>(['__name__']);
  for (const name of tsdb.labelValues('__name__')) {
    for (const series of tsdb.select(
      [{ name: '__name__', op: '=', value: name }],
      -Infinity,
      Infinity,
    )) {
      Object.keys(series.labels).forEach(label => names.add(label));
    }
  }
  return [...names].sort();
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === '')
    throw new BadData(`invalid parameter "${name}": parameter is required`);
  return value;
}

function parseTime(text: string, name: string): number {
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return Math.round(seconds * 1000);
  const ms = Date.parse(text);
  if (Number.isFinite(ms)) return ms;
  throw new BadData(
    `invalid parameter "${name}": cannot parse "${text}" to a valid timestamp`,
  );
}

function parseStep(text: string): number {
  const seconds = Number(text);
  if (Number.isFinite(seconds) && seconds > 0)
    return Math.round(seconds * 1000);
  const match = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (match)
    return (
      Number(match[1]) *
      { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[
        match[2] as 'ms' | 's' | 'm' | 'h'
      ]
    );
  throw new BadData(
    `invalid parameter "step": cannot parse "${text}" to a valid duration`,
  );
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function encodeInstant(value: Value, time: number) {
  const t = time / 1000;
  switch (value.type) {
    case 'scalar':
      return { resultType: 'scalar', result: [t, formatValue(value.v)] };
    case 'string':
      return { resultType: 'string', result: [t, value.v] };
    case 'vector':
      return {
        resultType: 'vector',
        result: value.samples.map(s => ({
          metric: { ...s.labels },
          value: [t, formatValue(s.v)],
        })),
      };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: value.series.map(s => ({
          metric: { ...s.labels },
          values: s.samples.map(x => [x.t / 1000, formatValue(x.v)]),
        })),
      };
    default:
      return { resultType: 'vector', result: [] };
  }
}

function success(data: unknown): ApiResponse {
  return { status: 200, body: { status: 'success', data } };
}

function failure(
  status: number,
  errorType: string,
  error: string,
): ApiResponse {
  return { status, body: { status: 'error', errorType, error } };
}
