import {
  routeAlert,
  type AlertmanagerRouteConfig,
} from '@gsv/plugin-gsv-ops-common';
import { parse } from 'yaml';

/**
 * The embedded Alertmanager's configuration: the ops guide's §2.2 (critical → PagerDuty, warning → Slack, the rest
 * to `default`), written with `matchers` as Alertmanager ≥ 0.22 prefers, secrets shown as Alertmanager shows them.
 * `GET /api/v2/status` serves it as `config.original`, and the simulation routes its alerts through it, so what the
 * status says and where alerts go agree.
 */
export const GSV_ALERTMANAGER_CONFIG = `global:
  resolve_timeout: 5m
route:
  receiver: default
  group_by:
  - alertname
  - severity
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 4h
  routes:
  - receiver: pagerduty-critical
    matchers:
    - severity="critical"
  - receiver: slack-warnings
    matchers:
    - severity="warning"
receivers:
- name: default
- name: pagerduty-critical
  pagerduty_configs:
  - service_key: <secret>
- name: slack-warnings
  slack_configs:
  - api_url: <secret>
    channel: '#gsv-alerts'
templates: []
`;

/** An Alertmanager configuration, read once: its receivers and the route each alert takes. */
export class AlertmanagerConfig {
  private readonly route: AlertmanagerRouteConfig;
  readonly receivers: string[];

  constructor(readonly original: string) {
    const parsed = parse(original) as {
      route?: AlertmanagerRouteConfig;
      receivers?: Array<{ name: string }>;
    };
    if (!parsed?.route?.receiver)
      throw new Error(
        'the Alertmanager configuration needs a root route with a receiver',
      );
    this.route = parsed.route;
    this.receivers = (parsed.receivers ?? []).map(r => r.name);
  }

  /** The receivers an alert with these labels is sent to, in routing order, each once. */
  receiversFor(labels: Record<string, string>): string[] {
    return [...new Set(routeAlert(this.route, labels).map(r => r.receiver))];
  }
}
