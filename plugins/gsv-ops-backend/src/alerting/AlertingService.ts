import {
  routeAlert,
  type AlertingSourceError,
  type AlertmanagerRouteConfig,
  type AlertRuleState,
  type AlertRuleView,
  type AlertRouteView,
} from '@gsv/plugin-gsv-ops-common';
import { parse } from 'yaml';
import type { ClusterMonitoring } from '../metrics/MetricsService';
import type {
  PromAlertingRule,
  PromRuleGroup,
} from '../metrics/PrometheusClient';
import { SharedResultCache } from '../metrics/SharedResultCache';
import type { KubeObject } from '../services/ClusterRegistry/types';
import type { ClusterCacheStatus } from '../services/WatchCache/ClusterCache';
import type { WatchCache } from '../services/WatchCache/WatchCache';

/** The alerting rules of one cluster, and what could not be read. */
export interface ClusterRules {
  rules: AlertRuleView[];
  errors: AlertingSourceError[];
}

const NEVER = '0001-01-01T00:00:00Z';
const STATE_ORDER: Record<AlertRuleState, number> = {
  firing: 0,
  pending: 1,
  inactive: 2,
  unknown: 3,
};
const SEVERITY_ORDER: Record<string, number> = {
  critical: 0,
  warning: 1,
  info: 2,
};

/**
 * The alerting rules of a cluster: the PrometheusRule objects of the watch cache, each rule with its state from
 * Prometheus' rules API and the route an alert with its labels takes through Alertmanager's route tree
 * (`config.original` of `/api/v2/status`). Prometheus and Alertmanager answers are cached briefly and shared by
 * every viewer. When either is not configured or does not answer, the rules are still listed, with the reason.
 */
export class AlertingService {
  private readonly cache: SharedResultCache;

  constructor(
    private readonly options: {
      clusters: Map<string, ClusterMonitoring>;
      watchCache: WatchCache;
      cacheTtlMs: number;
    },
  ) {
    this.cache = new SharedResultCache(options.cacheTtlMs);
  }

  monitoring(cluster: string): ClusterMonitoring | undefined {
    return this.options.clusters.get(cluster);
  }

  async clusterRules(cluster: string): Promise<ClusterRules> {
    const cache = this.options.watchCache.cluster(cluster);
    const objects = cache?.list('prometheusrules') ?? [];
    const monitoring = this.options.clusters.get(cluster);
    const errors = ruleObjectProblems(cluster, cache?.status());
    const [groups, route] = await Promise.all([
      this.prometheusGroups(cluster, monitoring, errors),
      this.alertmanagerRoute(cluster, monitoring, errors),
    ]);
    const rules = objects.flatMap(object =>
      rulesOf(object).map(rule => {
        const loaded = groups && findLoaded(groups, object, rule);
        return viewOf({
          cluster,
          object,
          rule,
          loaded,
          prometheusKnown: groups !== undefined,
          route,
          prometheusUrl: monitoring?.prometheusPublicUrl,
        });
      }),
    );
    return { rules: rules.sort(compareRules), errors };
  }

  private async prometheusGroups(
    cluster: string,
    monitoring: ClusterMonitoring | undefined,
    errors: AlertingSourceError[],
  ): Promise<PromRuleGroup[] | undefined> {
    const prometheus = monitoring?.prometheus;
    if (!prometheus) return undefined;
    try {
      return await this.cache.get(cluster, 'rules', () =>
        prometheus.alertingRules(),
      );
    } catch (error) {
      errors.push({
        source: 'prometheus',
        message: `Rule states are unknown: ${(error as Error).message}`,
      });
      return undefined;
    }
  }

  private async alertmanagerRoute(
    cluster: string,
    monitoring: ClusterMonitoring | undefined,
    errors: AlertingSourceError[],
  ): Promise<AlertmanagerRouteConfig | undefined> {
    const alertmanager = monitoring?.alertmanager;
    if (!alertmanager) return undefined;
    try {
      const original = await this.cache.get(cluster, 'am-config', () =>
        alertmanager.configuration(),
      );
      const route = (parse(original) as { route?: AlertmanagerRouteConfig })
        ?.route;
      if (!route) throw new Error('its configuration has no route');
      return route;
    } catch (error) {
      errors.push({
        source: 'alertmanager',
        message: `Alert routes are unknown: ${(error as Error).message}`,
      });
      return undefined;
    }
  }
}

/** Why the PrometheusRule objects of a cluster are missing: the CRD is not installed, or they cannot be read. */
function ruleObjectProblems(
  cluster: string,
  status: ClusterCacheStatus | undefined,
): AlertingSourceError[] {
  const problems: AlertingSourceError[] = [];
  if (status?.absentKinds.includes('prometheusrules')) {
    problems.push({
      source: 'kubernetes',
      message: `${cluster} serves no PrometheusRule objects (monitoring.coreos.com/v1): prometheus-operator's CRDs are not installed there`,
    });
  }
  const degraded = status?.degradedKinds.find(
    k => k.kind === 'prometheusrules',
  );
  if (degraded) {
    problems.push({
      source: 'kubernetes',
      message: `The PrometheusRule objects of ${cluster} cannot be read (${degraded.reason}): ${degraded.message}`,
    });
  }
  return problems;
}

/** An alerting rule of a PrometheusRule object, with its group. */
interface DeclaredRule {
  group: string;
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

function rulesOf(object: KubeObject): DeclaredRule[] {
  const groups: any[] = Array.isArray(object.spec?.groups)
    ? object.spec.groups
    : [];
  return groups.flatMap(group =>
    (Array.isArray(group?.rules) ? group.rules : [])
      .filter((rule: any) => typeof rule?.alert === 'string')
      .map((rule: any) => ({
        group: String(group.name),
        alert: rule.alert,
        expr: String(rule.expr ?? ''),
        ...(rule.for ? { for: String(rule.for) } : {}),
        labels: { ...group.labels, ...rule.labels },
        annotations: { ...rule.annotations },
      })),
  );
}

/**
 * The rule as Prometheus loaded it: in the group of the same name of the object's rule file (prometheus-operator
 * names it `<namespace>-<name>-<uid>.yaml`), the rule of the same name and expression (or name alone).
 */
function findLoaded(
  groups: PromRuleGroup[],
  object: KubeObject,
  rule: DeclaredRule,
): PromAlertingRule | undefined {
  const file = `${object.metadata.namespace}-${object.metadata.name}-`;
  const candidates = groups.filter(
    g => g.name === rule.group && g.file.split('/').pop()?.startsWith(file),
  );
  const rules = candidates.flatMap(g => g.rules ?? []);
  return (
    rules.find(r => r.name === rule.alert && r.query === rule.expr) ??
    rules.find(r => r.name === rule.alert)
  );
}

function viewOf(input: {
  cluster: string;
  object: KubeObject;
  rule: DeclaredRule;
  loaded?: PromAlertingRule;
  prometheusKnown: boolean;
  route?: AlertmanagerRouteConfig;
  prometheusUrl?: string;
}): AlertRuleView {
  const { rule, loaded, route, prometheusUrl } = input;
  const routes: AlertRouteView[] | undefined =
    route &&
    routeAlert(route, { alertname: rule.alert, ...rule.labels }).map(r => ({
      receiver: r.receiver,
      groupBy: r.groupBy,
      matchers: r.matchers,
    }));
  return {
    cluster: input.cluster,
    source: {
      namespace: input.object.metadata.namespace ?? '',
      name: input.object.metadata.name ?? '',
    },
    group: rule.group,
    name: rule.alert,
    expr: rule.expr,
    ...(rule.for ? { for: rule.for } : {}),
    ...(rule.labels.severity ? { severity: rule.labels.severity } : {}),
    ...(rule.annotations.summary ? { summary: rule.annotations.summary } : {}),
    ...(rule.annotations.description
      ? { description: rule.annotations.description }
      : {}),
    labels: rule.labels,
    state: loaded?.state ?? 'unknown',
    activeAlerts: loaded?.alerts?.length ?? 0,
    loaded: Boolean(loaded),
    ...(loaded
      ? {
          health: loaded.health,
          ...(loaded.lastError ? { lastError: loaded.lastError } : {}),
          ...(loaded.lastEvaluation && loaded.lastEvaluation !== NEVER
            ? { lastEvaluation: loaded.lastEvaluation }
            : {}),
          ...(loaded.evaluationTime !== undefined
            ? { evaluationSeconds: loaded.evaluationTime }
            : {}),
        }
      : {}),
    ...(routes ? { routes } : {}),
    ...(prometheusUrl
      ? {
          prometheusUrl: `${prometheusUrl.replace(
            /\/+$/,
            '',
          )}/graph?g0.expr=${encodeURIComponent(rule.expr)}&g0.tab=1`,
        }
      : {}),
  };
}

/** Firing first, then pending, inactive, unknown; then by severity and name. */
export function compareRules(a: AlertRuleView, b: AlertRuleView): number {
  return (
    STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
    (SEVERITY_ORDER[a.severity ?? ''] ?? 3) -
      (SEVERITY_ORDER[b.severity ?? ''] ?? 3) ||
    a.name.localeCompare(b.name) ||
    a.cluster.localeCompare(b.cluster)
  );
}
