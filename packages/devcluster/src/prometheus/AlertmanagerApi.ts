import type { ApiResponse } from './PrometheusApi';
import type { ActiveAlert } from './AlertRules';

interface Matcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
  regex?: RegExp;
}

/**
 * The read part of the Alertmanager v2 API: `GET /api/v2/alerts` (with `active`, `silenced`, `inhibited`,
 * `unprocessed`, repeated `filter` matchers and `receiver`), `GET /api/v2/status`. Alerts carry the gettableAlert
 * shape of the OpenAPI spec.
 */
export class AlertmanagerApi {
  constructor(
    private readonly options: {
      alerts: () => ActiveAlert[];
      generatorUrl: (alert: ActiveAlert) => string;
      receiverFor: (alert: ActiveAlert) => string;
    },
  ) {}

  handle(path: string, params: URLSearchParams): ApiResponse {
    if (path === '/api/v2/status') {
      return {
        status: 200,
        body: {
          cluster: { status: 'disabled', peers: [] },
          versionInfo: { version: '0.28.0-gsv-devcluster' },
          uptime: new Date(0).toISOString(),
        },
      };
    }
    if (path === '/api/v1/alerts') {
      return {
        status: 410,
        body: {
          status: 'error',
          error: 'The Alertmanager v1 API was removed in 0.27.0; use /api/v2',
        },
      };
    }
    if (path !== '/api/v2/alerts') {
      return {
        status: 404,
        body: { code: 404, message: `path ${path} was not found` },
      };
    }
    let matchers: Matcher[];
    try {
      matchers = params.getAll('filter').map(parseMatcher);
    } catch (error) {
      return {
        status: 400,
        body: { code: 400, message: (error as Error).message },
      };
    }
    const active = params.get('active') !== 'false';
    const receiver = params.get('receiver');
    const receiverRegex = receiver
      ? new RegExp(`^(?:${receiver})$`)
      : undefined;
    const body = this.options
      .alerts()
      .filter(alert => alert.state === 'firing')
      .filter(() => active)
      .filter(alert =>
        matchers.every(m => matches(m, alert.labels[m.name] ?? '')),
      )
      .filter(
        alert =>
          !receiverRegex || receiverRegex.test(this.options.receiverFor(alert)),
      )
      .map(alert => ({
        labels: alert.labels,
        annotations: alert.annotations,
        startsAt: new Date(alert.firingSince ?? alert.activeAt).toISOString(),
        endsAt: new Date(alert.updatedAt + 4 * 60_000).toISOString(),
        updatedAt: new Date(alert.updatedAt).toISOString(),
        generatorURL: this.options.generatorUrl(alert),
        fingerprint: alert.fingerprint,
        receivers: [{ name: this.options.receiverFor(alert) }],
        status: {
          state: 'active',
          silencedBy: [],
          inhibitedBy: [],
          mutedBy: [],
        },
      }));
    return { status: 200, body };
  }
}

function parseMatcher(text: string): Matcher {
  const match =
    /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(
      text,
    );
  if (!match) throw new Error(`bad matcher format: ${text}`);
  const [, name, op, raw] = match;
  const value = raw.replace(/\\(.)/g, '$1');
  const matcher: Matcher = { name, op: op as Matcher['op'], value };
  if (op === '=~' || op === '!~') matcher.regex = new RegExp(`^(?:${value})$`);
  return matcher;
}

function matches(matcher: Matcher, value: string): boolean {
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return matcher.regex!.test(value);
    default:
      return !matcher.regex!.test(value);
  }
}
