import type { MetricsSourceError } from './metrics';
import type { Environment } from './types';

/** A dashboard of a service, from `gsvOps.dashboards` or the entity's `gsv.io/dashboards` annotation. @public */
export interface DashboardLink {
  title: string;
  url: string;
  source: 'config' | 'annotation';
}

/**
 * The state of an alerting rule in Prometheus: `inactive` (no series satisfies it), `pending` (satisfied for less
 * than `for`), `firing`; `unknown` when Prometheus could not be asked or does not evaluate the rule.
 *
 * @public
 */
export type AlertRuleState = 'inactive' | 'pending' | 'firing' | 'unknown';

/**
 * Why a rule is shown for a service: its expression selects the service's Prometheus `job` or its `namespace`, or
 * the rule's own labels name the service (the Alertmanager service label).
 *
 * @public
 */
export type AlertRuleMatch = 'job' | 'namespace' | 'label';

/** A route of the Alertmanager route tree an alert of the rule would take. @public */
export interface AlertRouteView {
  receiver: string;
  /** The labels Alertmanager groups by; `['...']` is all labels. */
  groupBy: string[];
  /** The matchers of the route that took it; empty for the default (root) route. */
  matchers: string[];
}

/** An alerting rule of a PrometheusRule object, with its state in Prometheus and its route in Alertmanager. @public */
export interface AlertRuleView {
  cluster: string;
  /** The PrometheusRule object that declares it. */
  source: { namespace: string; name: string };
  group: string;
  name: string;
  expr: string;
  /** As written in the rule (`5m`); absent when the rule fires at once. */
  for?: string;
  severity?: string;
  summary?: string;
  description?: string;
  labels: Record<string, string>;
  state: AlertRuleState;
  /** Alerts of the rule now pending or firing in Prometheus. */
  activeAlerts: number;
  /** Prometheus evaluates the rule (false: not loaded yet, or Prometheus unknown). */
  loaded: boolean;
  health?: 'ok' | 'err' | 'unknown';
  lastError?: string;
  lastEvaluation?: string;
  evaluationSeconds?: number;
  /** The Alertmanager routes of an alert with the rule's labels; absent when Alertmanager's config is unknown. */
  routes?: AlertRouteView[];
  /** The rule's expression in Prometheus' UI. */
  prometheusUrl?: string;
}

/** A problem reading alerting data; the rest of the view is still shown. @public */
export interface AlertingSourceError {
  source: MetricsSourceError['source'] | 'kubernetes';
  message: string;
}

/** `GET /entities/:kind/:namespace/:name/alerting`. @public */
export interface EntityAlertingView {
  entityRef: string;
  cluster: string;
  environment: Environment;
  namespace: string;
  /** The service's Prometheus job (annotation `gsv.io/prometheus-job`). */
  job?: string;
  dashboards: DashboardLink[];
  /** The rules that watch the service, firing first. */
  rules: Array<AlertRuleView & { matchedBy: AlertRuleMatch[] }>;
  prometheusConfigured: boolean;
  alertmanagerConfigured: boolean;
  errors: AlertingSourceError[];
}

/** A rule on the platform page, with the services it watches. @public */
export interface PlatformAlertRuleView extends AlertRuleView {
  /** Entity refs of the services whose job or namespace the rule selects. */
  services: string[];
}

/** `GET /platform/alerting`: every rule of every cluster, firing first. @public */
export interface PlatformAlertingView {
  generatedAt: string;
  rules: PlatformAlertRuleView[];
  errors: Array<AlertingSourceError & { cluster: string }>;
}
