/** One series of an instant vector: its labels and value. */
export interface PromSample {
  metric: Record<string, string>;
  value: number;
}

/** One series of a range query. */
export interface PromSeries {
  metric: Record<string, string>;
  values: [number, number][];
}

/** An alerting rule of `GET /api/v1/rules` (Prometheus 2.x/3.x shape). */
export interface PromAlertingRule {
  type: 'alerting';
  name: string;
  query: string;
  /** `for`, in seconds. */
  duration: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  state: 'inactive' | 'pending' | 'firing';
  alerts?: Array<{ labels: Record<string, string>; state: string }>;
  health: 'ok' | 'err' | 'unknown';
  lastError?: string;
  evaluationTime?: number;
  lastEvaluation?: string;
}

/** A rule group of `GET /api/v1/rules`. */
export interface PromRuleGroup {
  name: string;
  file: string;
  rules: PromAlertingRule[];
}

/** A failure of the Prometheus HTTP API, with its `errorType` (`bad_data`, `execution`, `timeout`, …). */
export class PrometheusQueryError extends Error {
  constructor(
    message: string,
    readonly errorType: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PrometheusQueryError';
  }
}

export interface PrometheusClientOptions {
  baseUrl: string;
  token?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * A small client of the Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`, `/api/v1/rules`). Queries are
 * sent as POST form bodies, so long PromQL fits; values are parsed from their string encoding; NaN and ±Inf come back as such.
 */
export class PrometheusClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: PrometheusClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
  }

  /** An instant query. A scalar result comes back as one sample without labels. */
  async query(query: string, time?: Date): Promise<PromSample[]> {
    const params = new URLSearchParams({ query });
    if (time) params.set('time', String(time.getTime() / 1000));
    const data = await this.post('/api/v1/query', params);
    if (data.resultType === 'scalar') {
      return [{ metric: {}, value: parseValue(data.result[1]) }];
    }
    if (data.resultType !== 'vector') {
      throw new PrometheusQueryError(
        `expected a vector result, got ${data.resultType}`,
        'bad_response',
      );
    }
    return (
      data.result as {
        metric: Record<string, string>;
        value: [number, string];
      }[]
    ).map(item => ({
      metric: item.metric,
      value: parseValue(item.value[1]),
    }));
  }

  async queryRange(
    query: string,
    start: Date,
    end: Date,
    stepSeconds: number,
  ): Promise<PromSeries[]> {
    const params = new URLSearchParams({
      query,
      start: String(start.getTime() / 1000),
      end: String(end.getTime() / 1000),
      step: String(stepSeconds),
    });
    const data = await this.post('/api/v1/query_range', params);
    if (data.resultType !== 'matrix') {
      throw new PrometheusQueryError(
        `expected a matrix result, got ${data.resultType}`,
        'bad_response',
      );
    }
    return (
      data.result as {
        metric: Record<string, string>;
        values: [number, string][];
      }[]
    ).map(item => ({
      metric: item.metric,
      values: item.values.map(
        ([t, v]) => [t, parseValue(v)] as [number, number],
      ),
    }));
  }

  /** The alerting rules Prometheus evaluates (`GET /api/v1/rules?type=alert`), with their state and alerts. */
  async alertingRules(): Promise<PromRuleGroup[]> {
    const data = await this.request('/api/v1/rules?type=alert', {
      method: 'GET',
    });
    if (!Array.isArray(data?.groups)) {
      throw new PrometheusQueryError(
        'Prometheus answered /api/v1/rules without rule groups',
        'bad_response',
      );
    }
    return data.groups as PromRuleGroup[];
  }

  private post(
    path: string,
    params: URLSearchParams,
  ): Promise<{ resultType: string; result: any }> {
    return this.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: params.toString(),
    });
  }

  private async request(
    path: string,
    init: { method: string; headers?: Record<string, string>; body?: string },
  ): Promise<any> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.options.token)
      headers.Authorization = `Bearer ${this.options.token}`;
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        ...init,
        headers,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const timedOut =
        (error as Error).name === 'TimeoutError' ||
        (error as Error).name === 'AbortError';
      throw new PrometheusQueryError(
        timedOut
          ? `Prometheus did not answer within ${this.timeoutMs} ms`
          : `Prometheus is unreachable: ${(error as Error).message}`,
        timedOut ? 'timeout' : 'unreachable',
      );
    }
    let body: any;
    try {
      body = await response.json();
    } catch {
      throw new PrometheusQueryError(
        `Prometheus answered ${response.status} ${response.statusText} without a JSON body`,
        'bad_response',
        response.status,
      );
    }
    if (body?.status !== 'success') {
      throw new PrometheusQueryError(
        `Prometheus refused the query (${
          body?.errorType ?? response.status
        }): ${body?.error ?? response.statusText}`,
        body?.errorType ?? 'bad_response',
        response.status,
      );
    }
    return body.data;
  }
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}
