import { createHash } from 'node:crypto';
import { evaluate } from './promql';
import type { LoadedRule, LoadedRuleGroup } from './ruleGroups';
import type { Tsdb } from './Tsdb';

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
  /** The expression of the rule that produced it. */
  expr: string;
}

/** The evaluation state of one rule, as `/api/v1/rules` reports it. */
export interface RuleStatus {
  rule: LoadedRule;
  health: 'ok' | 'err' | 'unknown';
  lastError?: string;
  /** Cluster time of the last evaluation (ms). */
  lastEvaluation?: number;
  evaluationSeconds: number;
  alerts: ActiveAlert[];
}

export interface RuleGroupStatus {
  group: LoadedRuleGroup;
  lastEvaluation?: number;
  evaluationSeconds: number;
  rules: RuleStatus[];
}

interface GroupState {
  lastEvaluation?: number;
  evaluationSeconds: number;
  rules: Map<string, RuleStatus>;
}

/**
 * Evaluates the rule groups of the PrometheusRule objects the way Prometheus does: each group every `interval`; an
 * alerting rule's series is `pending` until it has held for `for`, then `firing`, and dropped as soon as it stops
 * matching; a recording rule writes its result as a new series. The groups are read again at each evaluation, so
 * a changed PrometheusRule takes effect at the next one; a rule that keeps its group, name and position keeps its
 * alerts' state (as a Prometheus reload does).
 */
export class AlertRuleEvaluator {
  private readonly state = new Map<string, GroupState>();
  private groups: LoadedRuleGroup[] = [];

  constructor(
    private readonly tsdb: Tsdb,
    private readonly loadGroups: () => LoadedRuleGroup[],
  ) {}

  /** Evaluates the groups whose interval has passed at `time` (every group when `force`: a manual scrape). */
  evaluate(time: number, force = false): void {
    this.groups = this.loadGroups();
    const live = new Set<string>();
    for (const group of this.groups) {
      const key = `${group.file}\n${group.name}`;
      live.add(key);
      const state = this.state.get(key) ?? {
        evaluationSeconds: 0,
        rules: new Map<string, RuleStatus>(),
      };
      this.state.set(key, state);
      const due =
        state.lastEvaluation === undefined ||
        time - state.lastEvaluation >= group.intervalMs ||
        time < state.lastEvaluation;
      if (!due && !force) continue;
      const started = performance.now();
      const rules = new Map<string, RuleStatus>();
      group.rules.forEach((rule, index) => {
        const ruleKey = `${index}\n${rule.type}\n${rule.name}`;
        rules.set(
          ruleKey,
          this.evaluateRule(rule, state.rules.get(ruleKey), time),
        );
      });
      state.rules = rules;
      state.lastEvaluation = time;
      state.evaluationSeconds = (performance.now() - started) / 1000;
    }
    for (const key of [...this.state.keys()])
      if (!live.has(key)) this.state.delete(key);
  }

  alerts(): ActiveAlert[] {
    return [...this.state.values()].flatMap(group =>
      [...group.rules.values()].flatMap(rule => rule.alerts),
    );
  }

  /** Every loaded group with its rules' state, in file order (rules never evaluated are `unknown`). */
  ruleGroups(): RuleGroupStatus[] {
    return this.groups.map(group => {
      const state = this.state.get(`${group.file}\n${group.name}`);
      return {
        group,
        lastEvaluation: state?.lastEvaluation,
        evaluationSeconds: state?.evaluationSeconds ?? 0,
        rules: group.rules.map(
          (rule, index) =>
            state?.rules.get(`${index}\n${rule.type}\n${rule.name}`) ?? {
              rule,
              health: 'unknown',
              evaluationSeconds: 0,
              alerts: [],
            },
        ),
      };
    });
  }

  private evaluateRule(
    rule: LoadedRule,
    previous: RuleStatus | undefined,
    time: number,
  ): RuleStatus {
    const started = performance.now();
    let samples;
    try {
      const value = evaluate(rule.compiled, { source: this.tsdb, time });
      // A scalar result counts as one sample without labels, as Prometheus' rule query function makes it.
      samples = value.type === 'vector' ? value.samples : [];
      if (value.type === 'scalar') samples = [{ labels: {}, v: value.v }];
    } catch (error) {
      // Prometheus keeps the alerts of a rule whose evaluation failed and reports the error.
      return {
        rule,
        health: 'err',
        lastError: (error as Error).message,
        lastEvaluation: time,
        evaluationSeconds: 0,
        alerts: previous?.alerts ?? [],
      };
    }
    const alerts: ActiveAlert[] = [];
    for (const sample of samples) {
      const { __name__: _name, ...seriesLabels } = sample.labels;
      if (rule.type === 'recording') {
        this.tsdb.append(
          { ...seriesLabels, ...rule.labels, __name__: rule.name },
          time,
          sample.v,
        );
        continue;
      }
      alerts.push(this.alertOf(rule, seriesLabels, sample.v, previous, time));
    }
    return {
      rule,
      health: 'ok',
      lastEvaluation: time,
      evaluationSeconds: (performance.now() - started) / 1000,
      alerts,
    };
  }

  private alertOf(
    rule: LoadedRule,
    seriesLabels: Record<string, string>,
    value: number,
    previous: RuleStatus | undefined,
    time: number,
  ): ActiveAlert {
    const labels = { alertname: rule.name, ...seriesLabels, ...rule.labels };
    const fingerprint = createHash('sha256')
      .update(JSON.stringify(Object.entries(labels).sort()))
      .digest('hex')
      .slice(0, 16);
    const existing = previous?.alerts.find(a => a.fingerprint === fingerprint);
    const activeAt = existing?.activeAt ?? time;
    const firing = time - activeAt >= rule.forMs;
    return {
      fingerprint,
      labels,
      annotations: expand(rule.annotations, value),
      state: firing ? 'firing' : 'pending',
      activeAt,
      firingSince: firing ? existing?.firingSince ?? time : undefined,
      value,
      updatedAt: time,
      expr: rule.expr,
    };
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
