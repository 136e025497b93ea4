import type {
  Level,
  MetricThresholds,
  MetricUnit,
} from '@gsv/plugin-gsv-ops-common';

export function formatMetricValue(value: number, unit: MetricUnit): string {
  switch (unit) {
    case 'seconds':
      return value < 1
        ? `${Math.round(value * 1000)} ms`
        : `${Number(value.toFixed(2))} s`;
    case 'ratio': {
      const percent = value * 100;
      return `${
        percent < 1 && percent > 0
          ? Number(percent.toFixed(2))
          : Math.round(percent * 10) / 10
      } %`;
    }
    default:
      return String(Math.round(value));
  }
}

/**
 * The level of a value against thresholds where higher is worse. No value, or NaN (e.g. a latency quantile without
 * traffic), is `unknown` — never treated as 0.
 */
export function levelOfValue(
  title: string,
  value: number | undefined,
  thresholds: MetricThresholds,
  unit: MetricUnit,
  noDataHint?: string,
): { level: Level; reason: string } {
  if (value === undefined || Number.isNaN(value)) {
    return {
      level: 'unknown',
      reason: `${title}: no data (Prometheus has no recent samples for this query${
        noDataHint ? `; ${noDataHint}` : ''
      })`,
    };
  }
  const shown = formatMetricValue(value, unit);
  if (value > thresholds.critical) {
    return {
      level: 'critical',
      reason: `${title} ${shown} is above the critical threshold of ${formatMetricValue(
        thresholds.critical,
        unit,
      )}`,
    };
  }
  if (value > thresholds.warning) {
    return {
      level: 'warning',
      reason: `${title} ${shown} is above the warning threshold of ${formatMetricValue(
        thresholds.warning,
        unit,
      )}`,
    };
  }
  if (value > thresholds.healthy) {
    return {
      level: 'ok',
      reason: `${title} ${shown} is above the healthy range (${formatMetricValue(
        thresholds.healthy,
        unit,
      )}) but below the warning threshold`,
    };
  }
  return { level: 'ok', reason: `${title} ${shown} is in the healthy range` };
}
