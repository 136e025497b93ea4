import type {
  AlertRuleMatch,
  AlertRuleView,
  EntityAlertingView,
  PlatformAlertingView,
} from '@gsv/plugin-gsv-ops-common';
import { secondsAgo } from './time';

/**
 * Alert rules and dashboards as the backend answers them for agent-registry (GET /entities/…/alerting), shaped like
 * the seeded dev cluster: PersistentVolumeFillingUp firing, CeleryQueueBacklog pending, the rest inactive.
 */

const PROMETHEUS = 'http://127.0.0.1:9090';

export function rule(
  overrides: Partial<AlertRuleView> & {
    name: string;
    matchedBy?: AlertRuleMatch[];
  },
): AlertRuleView & { matchedBy: AlertRuleMatch[] } {
  const expr = overrides.expr ?? `up{job="agent-registry"} == 0`;
  const severity = overrides.severity ?? 'critical';
  return {
    cluster: 'gsv-dev',
    source: { namespace: 'observability', name: 'gsv-platform-alerts' },
    group: 'gsv.availability',
    expr,
    for: '5m',
    severity,
    summary: `${overrides.name} summary`,
    labels: { severity, service: 'agent-registry' },
    state: 'inactive',
    activeAlerts: 0,
    loaded: true,
    health: 'ok',
    lastEvaluation: secondsAgo(10),
    evaluationSeconds: 0.0004,
    routes: [
      severity === 'critical'
        ? {
            receiver: 'pagerduty-critical',
            groupBy: ['alertname', 'severity'],
            matchers: ['severity="critical"'],
          }
        : {
            receiver: 'slack-warnings',
            groupBy: ['alertname', 'severity'],
            matchers: ['severity="warning"'],
          },
    ],
    prometheusUrl: `${PROMETHEUS}/graph?g0.expr=${encodeURIComponent(
      expr,
    )}&g0.tab=1`,
    matchedBy: ['job', 'label'],
    ...overrides,
  };
}

export function seededAlertingView(
  overrides: Partial<EntityAlertingView> = {},
): EntityAlertingView {
  return {
    entityRef: 'component:default/agent-registry',
    cluster: 'gsv-dev',
    environment: 'dev',
    namespace: 'cmp',
    job: 'agent-registry',
    dashboards: [
      {
        title: 'Platform Overview',
        url: 'https://grafana.dev.gsv.example/d/gsv-overview',
        source: 'config',
      },
      {
        title: 'Agent Metrics',
        url: 'https://grafana.dev.gsv.example/d/gsv-agents?var-namespace=cmp&var-job=agent-registry',
        source: 'config',
      },
    ],
    rules: [
      rule({
        name: 'PersistentVolumeFillingUp',
        group: 'gsv.database',
        state: 'firing',
        activeAlerts: 1,
        summary: 'Volume more than 90% full',
        matchedBy: ['namespace'],
      }),
      rule({
        name: 'CeleryQueueBacklog',
        group: 'gsv.workers',
        severity: 'warning',
        for: '5m',
        state: 'pending',
        activeAlerts: 1,
        summary: 'Celery queue backlog above 500 tasks',
        matchedBy: ['label'],
      }),
      rule({
        name: 'AgentRegistryDown',
        summary: 'Agent Registry is down',
      }),
      rule({
        name: 'HighLatency',
        group: 'gsv.performance',
        severity: 'warning',
        for: '10m',
        summary: 'P99 latency above 3s',
        health: 'err',
        lastError: 'vector cannot contain metrics with the same labelset',
      }),
    ],
    prometheusConfigured: true,
    alertmanagerConfigured: true,
    errors: [],
    ...overrides,
  };
}

export function platformAlertingView(
  overrides: Partial<PlatformAlertingView> = {},
): PlatformAlertingView {
  const [volume, backlog, down] = seededAlertingView().rules;
  return {
    generatedAt: new Date().toISOString(),
    rules: [
      { ...volume, services: ['component:default/agent-registry'] },
      { ...backlog, services: ['component:default/agent-registry'] },
      { ...down, services: ['component:default/agent-registry'] },
      {
        ...rule({
          name: 'KeycloakDown',
          source: { namespace: 'sso', name: 'keycloak-alerts' },
          group: 'keycloak.availability',
          summary: 'Keycloak is down',
        }),
        services: ['component:default/keycloak'],
      },
      {
        ...rule({ name: 'NodeDiskPressure', group: 'infra' }),
        services: [],
      },
    ],
    errors: [],
    ...overrides,
  };
}
