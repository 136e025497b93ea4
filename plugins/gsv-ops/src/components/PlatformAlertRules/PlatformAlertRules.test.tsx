import { screen, within } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import { platformAlertingView } from '../../__fixtures__/alerting';
import { platformHealthView } from '../../__fixtures__/platformHealth';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { GsvPlatformHealthPage } from '../GsvPlatformHealthPage';
import { PlatformAlertRules } from './PlatformAlertRules';

describe('PlatformAlertRules', () => {
  it('lists every rule, firing first, with the services it watches linked to their Ops tab', async () => {
    await renderOps(<PlatformAlertRules />, {
      api: fakeGsvOpsApi({ platformAlerting: platformAlertingView() }),
    });
    await screen.findByTestId('platform-alert-rules');
    const rows = screen.getAllByTestId('rule-row');
    expect(rows.map(r => r.getAttribute('data-rule'))).toEqual([
      'PersistentVolumeFillingUp',
      'CeleryQueueBacklog',
      'AgentRegistryDown',
      'KeycloakDown',
      'NodeDiskPressure',
    ]);
    expect(
      within(rows[3]).getByRole('link', { name: 'keycloak' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/keycloak/ops?cluster=gsv-dev',
    );
    expect(rows[4]).toHaveTextContent('none in the catalog');
  });

  it('shows the per-cluster errors and the empty state', async () => {
    await renderOps(<PlatformAlertRules />, {
      api: fakeGsvOpsApi({
        platformAlerting: platformAlertingView({
          rules: [],
          errors: [
            {
              cluster: 'gsv-prod',
              source: 'prometheus',
              message: 'Rule states are unknown: Prometheus is unreachable',
            },
          ],
        }),
      }),
    });
    expect(
      await screen.findByTestId('platform-alerting-errors'),
    ).toHaveTextContent('gsv-prod: Rule states are unknown');
    expect(screen.getByTestId('platform-rules-empty')).toHaveTextContent(
      'no cluster has PrometheusRule objects',
    );
  });

  it('explains a refusal without a retry', async () => {
    const denied = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'Not allowed' },
          request: { method: 'GET', url: '/platform/alerting' },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    await renderOps(<PlatformAlertRules />, {
      api: fakeGsvOpsApi({ platformAlerting: denied }),
    });
    expect(
      await screen.findByTestId('platform-alerting-failed'),
    ).toHaveTextContent(
      'You may not read the platform alert rules (gsv-ops.platform.read).',
    );
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('is part of the platform page', async () => {
    await renderOps(<GsvPlatformHealthPage />, {
      api: fakeGsvOpsApi({
        platformHealth: platformHealthView(),
        platformAlerting: platformAlertingView(),
      }),
    });
    expect(await screen.findByTestId('platform-alert-rules')).toHaveTextContent(
      'KeycloakDown',
    );
  });
});
