import { METRICS } from './metricDefinitions';
import { formatMetricValue, levelOfValue } from './thresholds';

const thresholdsOf = (id: string) => METRICS.find(m => m.id === id)!.thresholds;

describe('levelOfValue', () => {
  // The ops guide §1.2 table, at and around each boundary.
  it.each([
    ['p99Latency', 0.5, 'ok'],
    ['p99Latency', 0.75, 'ok'],
    ['p99Latency', 1, 'ok'],
    ['p99Latency', 1.0001, 'warning'],
    ['p99Latency', 3, 'warning'],
    ['p99Latency', 3.01, 'critical'],
    ['errorRate', 0.001, 'ok'],
    ['errorRate', 0.0101, 'warning'],
    ['errorRate', 0.05, 'warning'],
    ['errorRate', 0.0501, 'critical'],
    ['dbConnections', 0.8, 'ok'],
    ['dbConnections', 0.81, 'warning'],
    ['dbConnections', 0.951, 'critical'],
    ['memory', 0.8, 'ok'],
    ['memory', 0.85, 'warning'],
    ['memory', 0.91, 'critical'],
    ['cpu', 0.75, 'ok'],
    ['cpu', 0.76, 'warning'],
    ['cpu', 0.9, 'warning'],
    ['cpu', 0.95, 'critical'],
    ['disk', 0.92, 'critical'],
    ['disk', 0.81, 'warning'],
    ['queueDepth', 500, 'ok'],
    ['queueDepth', 501, 'warning'],
    ['queueDepth', 1000, 'warning'],
    ['queueDepth', 1001, 'critical'],
  ])('%s = %d is %s', (id, value, level) => {
    const metric = METRICS.find(m => m.id === id)!;
    expect(
      levelOfValue(metric.title, value, thresholdsOf(id), metric.unit).level,
    ).toBe(level);
  });

  it('treats no data and NaN as unknown, never as 0', () => {
    expect(
      levelOfValue('Queue depth', undefined, thresholdsOf('queueDepth'), 'count'),
    ).toEqual({
      level: 'unknown',
      reason:
        'Queue depth: no data (Prometheus has no recent samples for this query)',
    });
    expect(
      levelOfValue('P99', NaN, thresholdsOf('p99Latency'), 'seconds').level,
    ).toBe('unknown');
    expect(
      levelOfValue(
        'CPU usage',
        undefined,
        thresholdsOf('cpu'),
        'ratio',
        'it is measured against the CPU limit',
      ).reason,
    ).toBe(
      'CPU usage: no data (Prometheus has no recent samples for this query; it is measured against the CPU limit)',
    );
  });

  it('explains the level in words', () => {
    expect(
      levelOfValue(
        'API response time (P99)',
        2.4,
        thresholdsOf('p99Latency'),
        'seconds',
      ).reason,
    ).toBe(
      'API response time (P99) 2.4 s is above the warning threshold of 1 s',
    );
    expect(
      levelOfValue('Disk usage', 0.92, thresholdsOf('disk'), 'ratio').reason,
    ).toBe('Disk usage 92 % is above the critical threshold of 90 %');
  });

  it('formats values for people', () => {
    expect(formatMetricValue(0.412, 'seconds')).toBe('412 ms');
    expect(formatMetricValue(0.0012, 'ratio')).toBe('0.12 %');
    expect(formatMetricValue(812.4, 'count')).toBe('812');
  });
});
