import { createHash } from 'node:crypto';
import { evaluate, parsePromQL, type Expr } from './promql';
import type { Tsdb } from './Tsdb';

export interface AlertRule {
  name: string;
  expr: string;
  forMs: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ActiveAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  /** When the condition first held (ms). */
  activeAt: number;
  /** When it started firing (ms). */
  firingSince?: number;
  value: number;
  updatedAt: number;
}

/**
 * Evaluates alerting rules the way Prometheus does: a series that satisfies the rule is `pending` until it has held
 * for `for`, then `firing`; it is dropped as soon as it stops matching. Firing alerts are what Alertmanager serves.
 */
export class AlertRuleEvaluator {
  private readonly compiled: { rule: AlertRule; expr: Expr }[];
  private readonly active = new Map<string, ActiveAlert>();

  constructor(private readonly tsdb: Tsdb, rules: AlertRule[]) {
    this.compiled = rules.map(rule => ({ rule, expr: parsePromQL(rule.expr) }));
  }

  evaluate(time: number): void {
    const seen = new Set<string>();
    for (const { rule, expr } of this.compiled) {
      const value = evaluate(expr, { source: this.tsdb, time });
      const samples = value.type === 'vector' ? value.samples : [];
      for (const sample of samples) {
        const { __name__: _name, ...seriesLabels } = sample.labels;
        const labels = {
          alertname: rule.name,
          ...seriesLabels,
          ...rule.labels,
        };
        const fingerprint = createHash('sha256')
          .update(JSON.stringify(Object.entries(labels).sort()))
          .digest('hex')
          .slice(0, 16);
        seen.add(fingerprint);
        const existing = this.active.get(fingerprint);
        const activeAt = existing?.activeAt ?? time;
        const firing = time - activeAt >= rule.forMs;
        this.active.set(fingerprint, {
          fingerprint,
          labels,
          annotations: expand(rule.annotations, sample.v),
          state: firing ? 'firing' : 'pending',
          activeAt,
          firingSince: firing ? existing?.firingSince ?? time : undefined,
          value: sample.v,
          updatedAt: time,
        });
      }
    }
    for (const fingerprint of [...this.active.keys()]) {
      if (!seen.has(fingerprint)) this.active.delete(fingerprint);
    }
  }

  alerts(): ActiveAlert[] {
    return [...this.active.values()];
  }
}

/** Renders `{{ $value }}` and `{{ $value | humanizePercentage }}` as Prometheus' alert templates do. */
function expand(
  annotations: Record<string, string>,
  value: number,
): Record<string, string> {
  const plain = Number.isInteger(value) ? String(value) : value.toPrecision(3);
  const percentage = `${Number((value * 100).toPrecision(3))}%`;
  return Object.fromEntries(
    Object.entries(annotations).map(([k, v]) => [
      k,
      v
        .replace(/\{\{\s*\$value\s*\|\s*humanizePercentage\s*\}\}/g, percentage)
        .replace(/\{\{\s*\$value\s*\}\}/g, plain),
    ]),
  );
}

/**
 * The GSV platform's alerting rules: the ops guide's §2.3 rules, corrected (the latency quantile over rates summed by
 * `le`, the connection ratio from CloudNativePG's exporter, "down" also when the targets are gone), plus the §1.2
 * critical thresholds.
 */
export function gsvAlertRules(options: {
  namespace: string;
  job: string;
  database: string;
  queue: string;
}): AlertRule[] {
  const { namespace, job, database, queue } = options;
  const service = { namespace, service: job };
  return [
    {
      name: 'AgentRegistryDown',
      expr: `sum(up{job="${job}"}) == 0 or absent(up{job="${job}"})`,
      forMs: 5 * 60_000,
      labels: { severity: 'critical', ...service },
      annotations: {
        summary: 'Agent Registry is down',
        description: 'No target of the agent registry is up.',
      },
    },
    {
      name: 'HighLatency',
      expr: `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="${job}"}[5m]))) > 3`,
      forMs: 10 * 60_000,
      labels: { severity: 'warning', ...service },
      annotations: {
        summary: 'P99 latency above 3s',
        description: 'P99 latency is {{ $value }}s.',
      },
    },
    {
      name: 'HighErrorRate',
      expr: `sum(rate(http_requests_total{job="${job}",status=~"5.."}[5m])) / sum(rate(http_requests_total{job="${job}"}[5m])) > 0.05`,
      forMs: 5 * 60_000,
      labels: { severity: 'critical', ...service },
      annotations: {
        summary: 'More than 5% of requests fail',
        description: '{{ $value | humanizePercentage }} of requests fail.',
      },
    },
    {
      name: 'DatabaseConnectionPoolExhausted',
      expr: `max(sum by (pod) (cnpg_backends_total{namespace="${namespace}",pod=~"${database}-[0-9]+"}) / max by (pod) (cnpg_pg_settings_setting{name="max_connections",namespace="${namespace}",pod=~"${database}-[0-9]+"})) > 0.9`,
      forMs: 5 * 60_000,
      labels: { severity: 'critical', ...service },
      annotations: {
        summary: 'Database connections above 90%',
        description: 'Connection usage is {{ $value | humanizePercentage }}.',
      },
    },
    {
      name: 'CeleryQueueBacklog',
      expr: `sum(celery_queue_length{queue_name="${queue}"}) > 500`,
      forMs: 5 * 60_000,
      labels: { severity: 'warning', ...service },
      annotations: {
        summary: 'Celery queue backlog above 500 tasks',
        description: '{{ $value }} tasks are waiting.',
      },
    },
    {
      name: 'PersistentVolumeFillingUp',
      expr: `max by (persistentvolumeclaim) (kubelet_volume_stats_used_bytes{namespace="${namespace}"} / kubelet_volume_stats_capacity_bytes{namespace="${namespace}"}) > 0.9`,
      forMs: 5 * 60_000,
      labels: { severity: 'critical', namespace },
      annotations: {
        summary: 'Volume more than 90% full',
        description: 'Usage is {{ $value | humanizePercentage }}.',
      },
    },
  ];
}
