import {
  matchesLabels,
  type AlertmanagerMatcher,
} from '@gsv/plugin-gsv-ops-common';
import type { ApiResponse } from './PrometheusApi';
import type { ActiveAlert } from './AlertRules';
import type { AlertmanagerConfig } from './alertmanagerConfig';

/**
 * The read part of the Alertmanager v2 API: `GET /api/v2/alerts` (with `active`, `silenced`, `inhibited`,
 * `unprocessed`, repeated `filter` matchers and `receiver`), `GET /api/v2/status` (with the configuration as
 * `config.original`), `GET /api/v2/receivers`. Alerts carry the gettableAlert shape of the OpenAPI spec and the
 * receivers the configuration's route tree sends them to.
 */
export class AlertmanagerApi {
  constructor(
    private readonly options: {
      alerts: () => ActiveAlert[];
      generatorUrl: (alert: ActiveAlert) => string;
      config: AlertmanagerConfig;
      startedAt: number;
    },
  ) {}

  handle(path: string, params: URLSearchParams): ApiResponse {
    if (path === '/api/v2/status') {
      return {
        status: 200,
        body: {
          cluster: { status: 'disabled', peers: [] },
          config: { original: this.options.config.original },
          versionInfo: { version: '0.28.0-gsv-devcluster' },
          uptime: new Date(this.options.startedAt).toISOString(),
        },
      };
    }
    if (path === '/api/v2/receivers') {
      return {
        status: 200,
        body: this.options.config.receivers.map(name => ({ name })),
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
    let matchers: AlertmanagerMatcher[];
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
      .filter(alert => matchers.every(m => matchesLabels(m, alert.labels)))
      .filter(
        alert =>
          !receiverRegex ||
          this.options.config
            .receiversFor(alert.labels)
            .some(name => receiverRegex.test(name)),
      )
      .map(alert => ({
        labels: alert.labels,
        annotations: alert.annotations,
        startsAt: new Date(alert.firingSince ?? alert.activeAt).toISOString(),
        endsAt: new Date(alert.updatedAt + 4 * 60_000).toISOString(),
        updatedAt: new Date(alert.updatedAt).toISOString(),
        generatorURL: this.options.generatorUrl(alert),
        fingerprint: alert.fingerprint,
        receivers: this.options.config
          .receiversFor(alert.labels)
          .map(name => ({ name })),
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

/** A `filter` matcher of the API: the value must be quoted (`name="value"`), unlike in the configuration. */
function parseMatcher(text: string): AlertmanagerMatcher {
  const match =
    /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(
      text,
    );
  if (!match) throw new Error(`bad matcher format: ${text}`);
  const [, name, type, raw] = match;
  const value = raw.replace(/\\(.)/g, '$1');
  const matcher = { name, type: type as AlertmanagerMatcher['type'], value };
  matchesLabels(matcher, {}); // compiles the regex: a bad one is a 400, as in Alertmanager
  return matcher;
}
