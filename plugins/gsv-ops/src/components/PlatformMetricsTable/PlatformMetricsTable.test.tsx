import { screen, within } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import { platformMetricsView } from '../../__fixtures__/metrics';
import { platformHealthView } from '../../__fixtures__/platformHealth';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { GsvPlatformHealthPage } from '../GsvPlatformHealthPage';
import { PlatformMetricsTable } from './PlatformMetricsTable';

const rows = () =>
  within(screen.getByTestId('platform-metrics')).getAllByRole('row').slice(1);

describe('PlatformMetricsTable', () => {
  it('lists the key metrics per service and cluster, each row linking to its Ops tab', async () => {
    const api = fakeGsvOpsApi({ platformMetrics: platformMetricsView() });
    await renderOps(<PlatformMetricsTable />, { api });
    await screen.findByTestId('platform-metrics');
    const [devRow, prodRow, keycloakRow] = rows();

    const link = within(devRow).getByTestId('metrics-service-link');
    expect(link).toHaveTextContent('Agent Registry');
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/component/agent-registry/ops?cluster=gsv-dev',
    );
    expect(
      within(devRow).getByTestId('metrics-service-cluster'),
    ).toHaveTextContent('gsv-dev · dev');
    // the seven values with their levels
    expect(
      within(devRow).getByTestId('platform-metric-disk'),
    ).toHaveTextContent('92 %');
    const queue = within(devRow).getByTestId('platform-metric-queueDepth');
    expect(queue).toHaveTextContent('812');
    expect(queue.closest('[data-testid="level-status"]')).toHaveAttribute(
      'data-level',
      'warning',
    );
    expect(within(devRow).getByTestId('platform-alerts')).toHaveTextContent(
      '2 firing',
    );
    expect(
      within(devRow).getByTestId('platform-recommendations'),
    ).toHaveTextContent('Scale workers');

    expect(within(prodRow).getByTestId('metrics-service-link')).toHaveAttribute(
      'href',
      '/catalog/default/component/agent-registry/ops?cluster=gsv-prod',
    );
    expect(
      within(prodRow).getByTestId('platform-metric-p99Latency'),
    ).toHaveTextContent('2.4 s');
    expect(
      within(prodRow).getByTestId('platform-recommendations'),
    ).toHaveTextContent('Scale out');

    // no data is no data; a metric the service does not have is a dash
    expect(
      within(keycloakRow).getByTestId('platform-metric-p99Latency'),
    ).toHaveTextContent('no data');
    expect(
      within(keycloakRow).queryByTestId('platform-metric-queueDepth'),
    ).toBeNull();
    expect(
      within(keycloakRow).getByTestId('platform-alerts'),
    ).toHaveTextContent('none');
    expect(api.getPlatformMetrics).toHaveBeenCalledTimes(1);
  });

  it('shows the per-cluster errors above the services that still came through', async () => {
    await renderOps(<PlatformMetricsTable />, {
      api: fakeGsvOpsApi({
        platformMetrics: platformMetricsView({
          errors: [
            {
              cluster: 'gsv-prod',
              source: 'alertmanager',
              message: 'connect ECONNREFUSED 10.0.0.9:9093',
            },
          ],
        }),
      }),
    });
    expect(
      await screen.findByTestId('platform-metrics-errors'),
    ).toHaveTextContent('gsv-prod, Alertmanager: connect ECONNREFUSED');
    expect(rows()).toHaveLength(3);
  });

  it('explains how to get metrics when no service has any', async () => {
    await renderOps(<PlatformMetricsTable />, {
      api: fakeGsvOpsApi({
        platformMetrics: platformMetricsView({ services: [] }),
      }),
    });
    expect(
      await screen.findByTestId('platform-metrics-empty'),
    ).toHaveTextContent(
      'configure gsvOps.clusters.<cluster>.prometheus.baseUrl in the backend and annotate services with gsv.io/prometheus-job',
    );
  });

  it('says so when the request fails', async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'Error', message: 'catalog unavailable' },
          request: { method: 'GET', url: '/platform/metrics' },
          response: { statusCode: 500 },
        }),
        { status: 500, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    await renderOps(<PlatformMetricsTable />, {
      api: fakeGsvOpsApi({ platformMetrics: error }),
    });
    expect(
      await screen.findByTestId('platform-metrics-failed'),
    ).toHaveTextContent('Could not load the key metrics: catalog unavailable');
  });

  it('is part of the platform page', async () => {
    await renderOps(<GsvPlatformHealthPage />, {
      api: fakeGsvOpsApi({
        platformHealth: platformHealthView(),
        platformMetrics: platformMetricsView(),
      }),
    });
    expect(await screen.findByTestId('platform-metrics')).toHaveTextContent(
      'Key metrics per service',
    );
  });
});
