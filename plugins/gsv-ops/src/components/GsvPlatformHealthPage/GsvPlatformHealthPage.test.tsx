import { screen, within } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import { platformHealthView } from '../../__fixtures__/platformHealth';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { clustersLabel, GsvPlatformHealthPage } from './GsvPlatformHealthPage';

const rowsOf = (testId: string) =>
  within(screen.getByTestId(testId)).getAllByRole('row').slice(1);

describe('GsvPlatformHealthPage', () => {
  it('shows the morning health check with every row linked to its service’s Ops tab', async () => {
    await renderOps(<GsvPlatformHealthPage />, {
      api: fakeGsvOpsApi({ platformHealth: platformHealthView() }),
    });

    expect(await screen.findByTestId('platform-headline')).toHaveTextContent(
      'Action needed',
    );
    expect(
      screen.getByText('Node gsv-dev-worker-3 reports DiskPressure'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('cluster-status')).toHaveTextContent(
      'GSV dev (dev)',
    );

    // nodes: the one under pressure first
    expect(rowsOf('nodes')[0]).toHaveTextContent('DiskPressure');
    expect(rowsOf('nodes')[0]).toHaveTextContent('gsv-dev-worker-3');

    // non-running pods, worst first, linked to the Ops tab on their cluster
    const pods = rowsOf('non-running-pods');
    expect(pods[0]).toHaveTextContent('CrashLoopBackOff');
    const link = within(pods[0]).getByTestId('service-link');
    expect(link).toHaveTextContent('agent-registry');
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/component/agent-registry/ops?cluster=gsv-dev',
    );
    const orphan = pods.find(p =>
      p.textContent?.includes('node-exporter-7xk2p'),
    )!;
    expect(orphan).toHaveTextContent('not in the catalog');

    // only the applications that need attention
    const apps = rowsOf('applications');
    expect(apps).toHaveLength(2);
    expect(apps[0]).toHaveTextContent('OutOfSync');

    // certificates in the backend's order: soonest expiry first
    const certificates = rowsOf('certificates');
    expect(certificates[0]).toHaveTextContent('in 4 days');
    expect(certificates[0]).toHaveTextContent('wildcard-dev-tls');
    expect(within(certificates[1]).getByTestId('service-link')).toHaveAttribute(
      'href',
      '/catalog/default/component/keycloak/ops?cluster=gsv-dev',
    );

    // volumes by usage, unknown usage said in words
    const pvcs = rowsOf('pvcs');
    expect(pvcs[0]).toHaveTextContent('86% used');
    expect(pvcs[3]).toHaveTextContent('Usage unknown');
    expect(within(pvcs[0]).getByTestId('service-link')).toHaveAttribute(
      'href',
      '/catalog/default/resource/cmp-postgres/ops?cluster=gsv-dev',
    );

    expect(rowsOf('databases')[0]).toHaveTextContent('Failing');
    expect(rowsOf('warning-events')[0]).toHaveTextContent('BackOff');
  });

  it('explains a missing platform permission', async () => {
    const denied = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({ error: { name: 'NotAllowedError', message: 'nope' } }),
        {
          status: 403,
          headers: { 'Content-Type': 'application/json' },
        },
      ),
    );
    await renderOps(<GsvPlatformHealthPage />, {
      api: fakeGsvOpsApi({ platformHealth: denied }),
    });
    expect(await screen.findByTestId('permission-denied')).toHaveTextContent(
      'Seeing this needs the permission gsv-ops.platform.read',
    );
  });

  it('shows failing clusters above their last known rows', async () => {
    const view = platformHealthView();
    view.errors = [
      {
        cluster: 'gsv-dev',
        reason: 'Timeout',
        message: 'context deadline exceeded',
        since: view.generatedAt,
      },
    ];
    view.truncated = { nonRunningPods: 1204 };
    await renderOps(<GsvPlatformHealthPage />, {
      api: fakeGsvOpsApi({ platformHealth: view }),
    });
    expect(
      await screen.findByText(/Cluster gsv-dev is not answering \(Timeout\)/),
    ).toBeInTheDocument();
    expect(screen.getByText('showing the first 5 of 1204')).toBeInTheDocument();
  });

  it('names a few clusters in the header, and counts a fleet', () => {
    expect(clustersLabel([])).toBe('none');
    expect(clustersLabel(['gsv-dev', 'gsv-prod'])).toBe('gsv-dev, gsv-prod');
    const fleet = Array.from(
      { length: 50 },
      (_, i) => `fleet-${String(i + 1).padStart(2, '0')}`,
    );
    expect(clustersLabel(fleet)).toBe('50 (fleet-01 … fleet-50)');
  });
});
