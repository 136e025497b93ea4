import {
  backlogMetricsView,
  prodLatencyMetricsView,
  seededMetricsView,
} from '../__fixtures__/metrics';
import type { RecommendationView } from '@gsv/plugin-gsv-ops-common';
import {
  alertLevel,
  formatMetricValue,
  metricError,
  recommendationTarget,
  seriesRange,
  thresholdsText,
} from './metrics';

describe('metrics helpers', () => {
  it('formats values by unit, and leaves no data as no data', () => {
    expect(formatMetricValue(0.2124, 'seconds')).toBe('212 ms');
    expect(formatMetricValue(1.234, 'seconds')).toBe('1.23 s');
    expect(formatMetricValue(12.34, 'seconds')).toBe('12.3 s');
    expect(formatMetricValue(0.0004, 'ratio')).toBe('0.04 %');
    expect(formatMetricValue(0.056, 'ratio')).toBe('5.6 %');
    expect(formatMetricValue(0.9213, 'ratio')).toBe('92 %');
    expect(formatMetricValue(0, 'ratio')).toBe('0 %');
    expect(formatMetricValue(1812.4, 'count')).toBe('1,812');
    expect(formatMetricValue(undefined, 'count')).toBeUndefined();
    expect(formatMetricValue(NaN, 'seconds')).toBeUndefined();
  });

  it('writes thresholds the way the ops guide does', () => {
    expect(
      thresholdsText({ healthy: 0.5, warning: 1, critical: 3 }, 'seconds'),
    ).toBe('Healthy ≤ 500 ms · warning > 1 s · critical > 3 s');
    expect(
      thresholdsText({ healthy: 100, warning: 500, critical: 1000 }, 'count'),
    ).toBe('Healthy ≤ 100 · warning > 500 · critical > 1,000');
  });

  it('finds the Prometheus error of a metric by its title', () => {
    const view = seededMetricsView({
      errors: [
        { source: 'prometheus', message: 'Disk usage: answered 503' },
        { source: 'alertmanager', message: 'Disk usage: not this one' },
      ],
    });
    expect(metricError(view, { title: 'Disk usage' })).toBe('answered 503');
    expect(metricError(view, { title: 'CPU usage' })).toBeUndefined();
  });

  it('maps alert severities to levels', () => {
    expect(alertLevel('critical')).toBe('critical');
    expect(alertLevel('Warning')).toBe('warning');
    expect(alertLevel('info')).toBe('unknown');
    expect(alertLevel(undefined)).toBe('unknown');
  });

  it('prefills the target in the metrics cluster and only the runbook parameters besides', () => {
    const view = backlogMetricsView();
    expect(recommendationTarget(view, view.recommendations[0])).toEqual({
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'cmp',
      name: 'agent-registry-worker',
      parameters: { replicas: 2 },
    });
    const prod = prodLatencyMetricsView();
    expect(recommendationTarget(prod, prod.recommendations[0])).toMatchObject({
      cluster: 'gsv-prod',
      environment: 'prod',
      parameters: { replicas: 5 },
    });
    // a container named like its deployment stays: only the target parameter is dropped
    const resources: RecommendationView = {
      id: 'raise-memory',
      title: 'Raise the memory limit of agent-registry',
      reason: 'Memory pressure',
      metric: 'memory',
      runbook: 'deployment-set-resources',
      target: { kind: 'Deployment', namespace: 'cmp', name: 'agent-registry' },
      parameters: {
        namespace: 'cmp',
        deployment: 'agent-registry',
        container: 'agent-registry',
        limits: { memory: '1536Mi' },
      },
    };
    expect(recommendationTarget(view, resources).parameters).toEqual({
      container: 'agent-registry',
      limits: { memory: '1536Mi' },
    });
    const database: RecommendationView = {
      ...resources,
      id: 'database-capacity',
      runbook: 'database-scale',
      target: { kind: 'Cluster', namespace: 'cmp', name: 'cmp-postgres' },
      parameters: { namespace: 'cmp', cluster: 'cmp-postgres', instances: 3 },
    };
    expect(recommendationTarget(view, database)).toMatchObject({
      name: 'cmp-postgres',
      parameters: { instances: 3 },
    });
  });

  it('gives the range of a series', () => {
    expect(
      seriesRange([
        [1, 3],
        [2, 1],
        [3, 7],
      ]),
    ).toEqual({ min: 1, max: 7 });
    expect(seriesRange([])).toBeUndefined();
  });
});
