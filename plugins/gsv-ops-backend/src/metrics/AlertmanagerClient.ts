/** An alert as Alertmanager's v2 API returns it (`gettableAlert`). */
export interface GettableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  generatorURL?: string;
  fingerprint: string;
  receivers: { name: string }[];
  status: {
    state: 'unprocessed' | 'active' | 'suppressed';
    silencedBy: string[];
    inhibitedBy: string[];
    mutedBy?: string[];
  };
}

export class AlertmanagerError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'AlertmanagerError';
  }
}

/** A client of Alertmanager's v2 API: the active, unsilenced, uninhibited alerts that match label filters. */
export class AlertmanagerClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(
    private readonly options: {
      baseUrl: string;
      token?: string;
      timeoutMs?: number;
      fetch?: typeof fetch;
    },
  ) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
  }

  async activeAlerts(
    filters: Record<string, string>,
  ): Promise<GettableAlert[]> {
    const params = new URLSearchParams({
      active: 'true',
      silenced: 'false',
      inhibited: 'false',
      unprocessed: 'false',
    });
    for (const [name, value] of Object.entries(filters)) {
      params.append('filter', `${name}=${JSON.stringify(value)}`);
    }
    const body = await this.get(`/api/v2/alerts?${params}`);
    if (!Array.isArray(body))
      throw new AlertmanagerError(
        'Alertmanager answered with something other than a list of alerts',
      );
    return body as GettableAlert[];
  }

  /** The configuration Alertmanager runs with (`config.original` of `GET /api/v2/status`), as YAML text. */
  async configuration(): Promise<string> {
    const body = await this.get('/api/v2/status');
    const original = body?.config?.original;
    if (typeof original !== 'string')
      throw new AlertmanagerError(
        'Alertmanager answered /api/v2/status without config.original',
      );
    return original;
  }

  private async get(path: string): Promise<any> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.options.token)
      headers.Authorization = `Bearer ${this.options.token}`;
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        headers,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const timedOut =
        (error as Error).name === 'TimeoutError' ||
        (error as Error).name === 'AbortError';
      throw new AlertmanagerError(
        timedOut
          ? `Alertmanager did not answer within ${this.timeoutMs} ms`
          : `Alertmanager is unreachable: ${(error as Error).message}`,
      );
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw new AlertmanagerError(
        `Alertmanager answered ${response.status}: ${text.slice(0, 200)}`,
        response.status,
      );
    }
    return response.json();
  }
}
