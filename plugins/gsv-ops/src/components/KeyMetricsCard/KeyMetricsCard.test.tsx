import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { EntityMetricsView } from '@gsv/plugin-gsv-ops-common';
import {
  failingSourcesMetricsView,
  noDataMetricsView,
  seededMetricsView,
} from '../../__fixtures__/metrics';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { KeyMetricsCard } from './KeyMetricsCard';

const render = (view: EntityMetricsView) =>
  renderOps(<KeyMetricsCard view={view} />, { api: fakeGsvOpsApi() });

const tile = (id: string) =>
  screen
    .getAllByTestId('metric-tile')
    .find(t => t.getAttribute('data-metric') === id)!;

describe('KeyMetricsCard', () => {
  it('shows the seven metrics with values by unit, levels in words, sparklines and thresholds', async () => {
    await render(seededMetricsView());
    const tiles = screen.getAllByTestId('metric-tile');
    // in the ops guide's order
    expect(tiles.map(t => t.getAttribute('data-metric'))).toEqual([
      'p99Latency',
      'errorRate',
      'dbConnections',
      'memory',
      'cpu',
      'disk',
      'queueDepth',
    ]);
    const expected: Record<string, [string, string]> = {
      p99Latency: ['212 ms', 'Healthy'],
      errorRate: ['0.04 %', 'Healthy'],
      dbConnections: ['34 %', 'Healthy'],
      memory: ['56 %', 'Healthy'],
      cpu: ['31 %', 'Healthy'],
      disk: ['92 %', 'Critical'],
      queueDepth: ['42', 'Healthy'],
    };
    for (const [id, [value, level]] of Object.entries(expected)) {
      const t = tile(id);
      expect(within(t).getByTestId('metric-value')).toHaveTextContent(value);
      // the level is an icon and words, never colour alone
      expect(within(t).getByTestId('level-status')).toHaveTextContent(level);
      expect(within(t).getByTestId('sparkline')).toHaveAttribute(
        'data-points',
        '61',
      );
    }
    expect(tile('disk')).toHaveAttribute('data-level', 'critical');
    expect(
      within(tile('disk')).getByTestId('metric-thresholds'),
    ).toHaveTextContent('warn 80% · crit 90%');
    expect(
      within(tile('p99Latency')).getByTestId('metric-thresholds'),
    ).toHaveTextContent('warn 1 s · crit 3 s');
    // the sparkline's numbers are readable without the picture
    expect(
      within(tile('disk')).getByRole('img', { name: /^Disk usage, last hour/ }),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('metrics-errors')).not.toBeInTheDocument();
  });

  it('gives the full thresholds on hover and the PromQL on demand', async () => {
    await render(seededMetricsView());
    await userEvent.hover(
      within(tile('disk')).getByTestId('metric-thresholds'),
    );
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Healthy ≤ 70 % · warning > 80 % · critical > 90 %',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'PromQL of Disk usage' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'PromQL of Disk usage',
    });
    expect(within(dialog).getByTestId('metric-query')).toHaveTextContent(
      'max(kubelet_volume_stats_used_bytes{',
    );
  });

  it('shows no data as no data, never as 0, and says which metrics are not measured', async () => {
    const view = noDataMetricsView();
    view.metrics = view.metrics.filter(m => m.id !== 'queueDepth');
    await render(view);
    const latency = tile('p99Latency');
    expect(within(latency).getByTestId('metric-value')).toHaveTextContent(
      'No data',
    );
    expect(latency).not.toHaveTextContent(/\b0 ms/);
    expect(latency).toHaveAttribute('data-level', 'unknown');
    expect(within(latency).getByTestId('level-status')).toHaveTextContent(
      'No data',
    );
    expect(
      within(latency).getByRole('img', {
        name: 'API response time (P99): no samples in the last hour',
      }),
    ).toBeInTheDocument();
    // the error rate had samples until 20 minutes ago: the line stops there
    expect(within(tile('errorRate')).getByTestId('sparkline')).toHaveAttribute(
      'data-points',
      '40',
    );
    expect(
      within(tile('errorRate')).getByTestId('metric-value'),
    ).toHaveTextContent('No data');
    // a metric the service lacks the setup for
    const queue = screen
      .getAllByTestId('metric-tile')
      .find(t => t.getAttribute('data-level') === 'not-measured')!;
    expect(queue).toHaveTextContent('Queue depth (Celery)');
    expect(queue).toHaveTextContent(
      'Not measuredNeeds workers (gsv.io/worker-deployment).',
    );
    // the rest is measured
    expect(within(tile('disk')).getByTestId('metric-value')).toHaveTextContent(
      '92 %',
    );
  });

  it('shows Prometheus errors next to the metrics that still came through', async () => {
    await render(failingSourcesMetricsView());
    const errors = screen.getByTestId('metrics-errors');
    expect(errors).toHaveTextContent(
      'Prometheus did not answer for some metrics',
    );
    expect(errors).toHaveTextContent(
      'API response time (P99): Prometheus at http://prometheus.gsv-dev:9090 answered 503 Service Unavailable',
    );
    // Alertmanager's failure belongs to the alerts card
    expect(errors).not.toHaveTextContent('Alertmanager');
    expect(
      within(tile('p99Latency')).getByTestId('metric-value'),
    ).toHaveTextContent('Unavailable');
    expect(
      within(tile('errorRate')).getByTestId('level-status'),
    ).toHaveTextContent('Unavailable');
    expect(within(tile('disk')).getByTestId('metric-value')).toHaveTextContent(
      '92 %',
    );
    expect(tile('disk')).toHaveAttribute('data-level', 'critical');
  });

  it('names a configuration problem, e.g. an invalid thresholds annotation', async () => {
    await render(
      seededMetricsView({
        errors: [
          {
            source: 'configuration',
            message:
              'The gsv.io/metric-thresholds annotation is ignored: it is not JSON',
          },
        ],
      }),
    );
    expect(screen.getByTestId('metrics-errors')).toHaveTextContent(
      'Configuration: The gsv.io/metric-thresholds annotation is ignored: it is not JSON',
    );
    expect(screen.getAllByTestId('metric-tile')).toHaveLength(7);
  });

  it('marks a value above the healthy range but below the warning threshold', async () => {
    const view = seededMetricsView();
    view.metrics = view.metrics.map(m =>
      m.id === 'p99Latency' ? { ...m, value: 0.74, level: 'ok' } : m,
    );
    await render(view);
    expect(
      within(tile('p99Latency')).getByTestId('metric-value'),
    ).toHaveTextContent('740 ms');
    expect(
      within(tile('p99Latency')).getByTestId('level-status'),
    ).toHaveTextContent('Elevated');
  });
});
