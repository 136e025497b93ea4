import { screen, within } from '@testing-library/react';
import type { EntityMetricsView } from '@gsv/plugin-gsv-ops-common';
import {
  alert,
  backlogMetricsView,
  failingSourcesMetricsView,
  seededMetricsView,
} from '../../__fixtures__/metrics';
import { minutesAgo } from '../../__fixtures__/time';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { AlertsCard } from './AlertsCard';

const render = (view: EntityMetricsView) =>
  renderOps(<AlertsCard view={view} />, { api: fakeGsvOpsApi() });

describe('AlertsCard', () => {
  it('lists the firing alerts with severity, summary, since when and a link to the rule', async () => {
    await render(backlogMetricsView());
    const rows = screen.getAllByTestId('alert-row');
    // same severity: the one firing longest first
    expect(rows.map(r => r.getAttribute('data-alert'))).toEqual([
      'PersistentVolumeFillingUp',
      'CeleryQueueBacklog',
    ]);
    const disk = rows[0];
    expect(within(disk).getByTestId('level-status')).toHaveTextContent(
      'warning',
    );
    expect(disk).toHaveTextContent(
      'Volume cmp/agent-registry-media is 92% full',
    );
    expect(disk).toHaveTextContent('less than 10% space left');
    expect(within(disk).getByTestId('alert-since')).toHaveTextContent(
      'firing since 47 minutes ago',
    );
    expect(within(disk).getByTestId('alert-source')).toHaveAttribute(
      'href',
      'http://127.0.0.1:9090/graph?g0.expr=PersistentVolumeFillingUp&g0.tab=1',
    );
    expect(within(rows[1]).getByTestId('alert-since')).toHaveTextContent(
      'firing since 2 minutes ago',
    );
    expect(screen.getByText('Firing alerts (2)')).toBeInTheDocument();
  });

  it('puts critical alerts first', async () => {
    await render(
      seededMetricsView({
        alerts: [
          alert('CeleryQueueBacklog', { startsAt: minutesAgo(30) }),
          alert('AgentRegistryDown', {
            severity: 'critical',
            startsAt: minutesAgo(1),
            generatorURL: undefined,
          }),
        ],
      }),
    );
    const rows = screen.getAllByTestId('alert-row');
    expect(rows[0]).toHaveAttribute('data-alert', 'AgentRegistryDown');
    expect(within(rows[0]).getByTestId('level-status')).toHaveAttribute(
      'data-level',
      'critical',
    );
    // no generator URL, no link
    expect(within(rows[0]).queryByTestId('alert-source')).toBeNull();
  });

  it('says when nothing fires', async () => {
    await render(seededMetricsView({ alerts: [] }));
    expect(screen.getByTestId('no-alerts')).toHaveTextContent(
      'No alerts firing for this service in gsv-dev',
    );
  });

  it('does not claim that nothing fires when Alertmanager did not answer', async () => {
    await render(failingSourcesMetricsView());
    expect(screen.getByTestId('alerts-error')).toHaveTextContent(
      'Alertmanager did not answer, so firing alerts may be missing here: Alertmanager at http://alertmanager.gsv-dev:9093 did not answer within 5 s',
    );
    expect(screen.queryByTestId('no-alerts')).not.toBeInTheDocument();
  });
});
