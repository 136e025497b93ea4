import type { ActiveAlert, RuleGroupStatus, RuleStatus } from './AlertRules';

/** Go's zero time, which Prometheus reports for a rule or group never evaluated. */
const NEVER = '0001-01-01T00:00:00Z';

/**
 * The `data` of `GET /api/v1/rules`: groups → rules with their state, health, alerts, last evaluation and
 * evaluation time, in the shape of Prometheus 3 (`type` is `alerting` or `recording`; `duration` and `interval` in
 * seconds; alert values as Go's `%e` strings). Filters: `type=alert|record`, `rule_name[]`, `rule_group[]`,
 * `file[]`, `exclude_alerts=true`. Groups left without rules by a filter are dropped, as Prometheus does.
 */
export function rulesData(
  groups: RuleGroupStatus[],
  params: URLSearchParams,
): { groups: unknown[] } {
  const type = params.get('type');
  if (type !== null && type !== 'alert' && type !== 'record') {
    throw new RangeError(`not supported value "${type}" for parameter "type"`);
  }
  const names = new Set(params.getAll('rule_name[]'));
  const groupNames = new Set(params.getAll('rule_group[]'));
  const files = new Set(params.getAll('file[]'));
  const excludeAlerts = params.get('exclude_alerts') === 'true';
  const filtering = type !== null || names.size > 0;
  return {
    groups: groups
      .filter(
        g =>
          (groupNames.size === 0 || groupNames.has(g.group.name)) &&
          (files.size === 0 || files.has(g.group.file)),
      )
      .map(g => ({
        name: g.group.name,
        file: g.group.file,
        rules: g.rules
          .filter(
            r =>
              type === null ||
              (type === 'alert') === (r.rule.type === 'alerting'),
          )
          .filter(r => names.size === 0 || names.has(r.rule.name))
          .map(r =>
            r.rule.type === 'alerting'
              ? alertingRule(r, excludeAlerts)
              : recordingRule(r),
          ),
        interval: g.group.intervalMs / 1000,
        limit: 0,
        evaluationTime: g.evaluationSeconds,
        lastEvaluation:
          g.lastEvaluation === undefined
            ? NEVER
            : new Date(g.lastEvaluation).toISOString(),
      }))
      .filter(g => !filtering || g.rules.length > 0),
  };
}

function common(status: RuleStatus) {
  return {
    health: status.health,
    ...(status.lastError ? { lastError: status.lastError } : {}),
    evaluationTime: status.evaluationSeconds,
    lastEvaluation:
      status.lastEvaluation === undefined
        ? NEVER
        : new Date(status.lastEvaluation).toISOString(),
  };
}

function alertingRule(status: RuleStatus, excludeAlerts: boolean) {
  const { rule, alerts } = status;
  let state = alerts.length > 0 ? 'pending' : 'inactive';
  if (alerts.some(a => a.state === 'firing')) state = 'firing';
  return {
    state,
    name: rule.name,
    query: rule.expr,
    duration: rule.forMs / 1000,
    keepFiringFor: 0,
    labels: rule.labels,
    annotations: rule.annotations,
    ...(excludeAlerts ? {} : { alerts: alerts.map(alertOf) }),
    ...common(status),
    type: 'alerting',
  };
}

function recordingRule(status: RuleStatus) {
  return {
    name: status.rule.name,
    query: status.rule.expr,
    labels: status.rule.labels,
    ...common(status),
    type: 'recording',
  };
}

function alertOf(alert: ActiveAlert) {
  return {
    labels: alert.labels,
    annotations: alert.annotations,
    state: alert.state,
    activeAt: new Date(alert.activeAt).toISOString(),
    value: goExponent(alert.value),
  };
}

/** A float as Go's strconv.FormatFloat(v, 'e', -1, 64): `1e+00`, `1.1e+03`, `NaN`, `+Inf`. */
export function goExponent(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
}
