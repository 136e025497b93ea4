import type { KubeObject } from '../../api/types';
import { DAY, type Seeder } from '../Seeder';
import { PART_OF } from './labels';

/**
 * The platform's alerting rules as PrometheusRule objects (prometheus-operator), which the embedded Prometheus
 * evaluates: the ops guide's §2.3 `gsv-platform-alerts`, corrected (the latency quantile over rates summed by `le`,
 * the connection ratio from CloudNativePG's exporter, "down" also when the targets are gone), with the §1.2
 * critical thresholds and a recording rule; and Keycloak's own rule in `sso`.
 */

interface AlertRuleSpec {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

function alert(name: string, expr: string, forDuration: string, labels: Record<string, string>, summary: string, description: string): AlertRuleSpec {
  return { alert: name, expr, for: forDuration, labels, annotations: { summary, description } };
}

export function gsvPlatformAlerts(options: { namespace: string; job: string; database: string; queue: string }): KubeObject {
  const { namespace, job, database, queue } = options;
  const critical = { severity: 'critical', namespace, service: job };
  const warning = { severity: 'warning', namespace, service: job };
  const pods = `namespace="${namespace}",pod=~"${database}-[0-9]+"`;
  // the service's own series: by job and namespace (the qa stage runs the same job in cmp-qa)
  const service = `job="${job}",namespace="${namespace}"`;
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'gsv-platform-alerts', namespace: 'observability', labels: { ...PART_OF, release: 'prometheus-stack' } },
    spec: {
      groups: [
        {
          name: 'gsv.availability',
          rules: [
            alert('AgentRegistryDown', `sum(up{${service}}) == 0 or absent(up{${service}})`, '5m', critical, 'Agent Registry is down', 'No target of the agent registry is up.'),
          ],
        },
        {
          name: 'gsv.performance',
          rules: [
            alert('HighLatency', `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{${service}}[5m]))) > 3`, '10m', warning, 'P99 latency above 3s', 'P99 latency is {{ $value }}s.'),
            alert('HighErrorRate', `sum(rate(http_requests_total{${service},status=~"5.."}[5m])) / sum(rate(http_requests_total{${service}}[5m])) > 0.05`, '5m', critical, 'More than 5% of requests fail', '{{ $value | humanizePercentage }} of requests fail.'),
          ],
        },
        {
          name: 'gsv.database',
          rules: [
            alert('DatabaseConnectionPoolExhausted', `max(sum by (pod) (cnpg_backends_total{${pods}}) / max by (pod) (cnpg_pg_settings_setting{name="max_connections",${pods}})) > 0.9`, '5m', critical, 'Database connections above 90%', 'Connection usage is {{ $value | humanizePercentage }}.'),
            alert('PersistentVolumeFillingUp', `max by (persistentvolumeclaim) (kubelet_volume_stats_used_bytes{namespace="${namespace}"} / kubelet_volume_stats_capacity_bytes{namespace="${namespace}"}) > 0.9`, '5m', { severity: 'critical', namespace }, 'Volume more than 90% full', 'Usage is {{ $value | humanizePercentage }}.'),
          ],
        },
        {
          name: 'gsv.workers',
          rules: [
            alert('CeleryQueueBacklog', `sum(celery_queue_length{queue_name="${queue}"}) > 500`, '5m', warning, 'Celery queue backlog above 500 tasks', '{{ $value }} tasks are waiting.'),
          ],
        },
        {
          name: 'gsv.recording',
          interval: '1m',
          rules: [{ record: 'job:http_requests:rate5m', expr: 'sum by (job, namespace) (rate(http_requests_total[5m]))' }],
        },
      ],
    },
  };
}

export function keycloakAlerts(): KubeObject {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'keycloak-alerts', namespace: 'sso', labels: { ...PART_OF, release: 'prometheus-stack' } },
    spec: {
      groups: [
        {
          name: 'keycloak.availability',
          rules: [
            alert('KeycloakDown', 'sum(up{job="keycloak"}) == 0 or absent(up{job="keycloak"})', '5m', { severity: 'critical', namespace: 'sso', service: 'keycloak' }, 'Keycloak is down', 'No Keycloak target is up: nobody can sign in.'),
            alert('KeycloakHighLatency', 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="keycloak"}[5m]))) > 1', '10m', { severity: 'warning', namespace: 'sso', service: 'keycloak' }, 'Keycloak P99 latency above 1s', 'P99 latency is {{ $value }}s.'),
          ],
        },
      ],
    },
  };
}

export function seedAlertRules(seeder: Seeder): void {
  seeder.create(gsvPlatformAlerts({ namespace: 'cmp', job: 'agent-registry', database: 'cmp-postgres', queue: 'celery' }), 30 * DAY);
  seeder.create(keycloakAlerts(), 30 * DAY);
}
