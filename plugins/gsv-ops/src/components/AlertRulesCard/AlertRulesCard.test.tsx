import { screen, within } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import { rule, seededAlertingView } from '../../__fixtures__/alerting';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { AlertRulesCard } from './AlertRulesCard';

const AGENT_REGISTRY = 'component:default/agent-registry';

const render = (api: ReturnType<typeof fakeGsvOpsApi>) =>
  renderOps(<AlertRulesCard entityRef={AGENT_REGISTRY} cluster="gsv-dev" />, {
    api,
  });

async function responseError(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message },
        request: { method: 'GET', url: '/alerting' },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

describe('AlertRulesCard', () => {
  it('shows the dashboards and the rules, firing first, with state, severity, for, summary, route and link', async () => {
    const api = fakeGsvOpsApi({ entityAlerting: seededAlertingView() });
    await render(api);
    const dashboards = await screen.findByTestId('dashboards');
    expect(within(dashboards).getAllByRole('link')).toHaveLength(2);
    expect(
      within(dashboards).getByRole('link', { name: /Platform Overview/ }),
    ).toHaveAttribute('href', 'https://grafana.dev.gsv.example/d/gsv-overview');
    expect(
      within(dashboards).getByRole('link', { name: /Agent Metrics/ }),
    ).toHaveAttribute(
      'href',
      'https://grafana.dev.gsv.example/d/gsv-agents?var-namespace=cmp&var-job=agent-registry',
    );
    const rows = screen.getAllByTestId('rule-row');
    expect(rows.map(r => r.getAttribute('data-rule'))).toEqual([
      'PersistentVolumeFillingUp',
      'CeleryQueueBacklog',
      'AgentRegistryDown',
      'HighLatency',
    ]);
    const [volume, backlog, , latency] = rows;
    expect(within(volume).getByTestId('rule-state')).toHaveTextContent(
      'firing',
    );
    expect(volume).toHaveTextContent('Volume more than 90% full');
    expect(volume).toHaveTextContent(
      'observability/gsv-platform-alerts · gsv.database',
    );
    expect(within(volume).getByTestId('level-status')).toHaveTextContent(
      'critical',
    );
    expect(volume).toHaveTextContent('5m');
    expect(within(volume).getByTestId('rule-receiver')).toHaveTextContent(
      '→ pagerduty-critical',
    );
    expect(within(volume).getByTestId('rule-link')).toHaveAttribute(
      'href',
      expect.stringContaining('/graph?g0.expr='),
    );
    expect(within(backlog).getByTestId('rule-state')).toHaveTextContent(
      'pending',
    );
    expect(within(backlog).getByTestId('rule-receiver')).toHaveTextContent(
      '→ slack-warnings',
    );
    expect(within(latency).getByTestId('rule-error')).toHaveTextContent(
      'Evaluation fails: vector cannot contain metrics with the same labelset',
    );
    expect(api.getEntityAlerting).toHaveBeenCalledWith(AGENT_REGISTRY, {
      cluster: 'gsv-dev',
      signal: expect.anything(),
    });
  });

  it('still lists the rules when Prometheus and Alertmanager are missing or failing, and says so', async () => {
    await render(
      fakeGsvOpsApi({
        entityAlerting: seededAlertingView({
          prometheusConfigured: false,
          alertmanagerConfigured: false,
          rules: [
            rule({
              name: 'AgentRegistryDown',
              state: 'unknown',
              loaded: false,
              routes: undefined,
              prometheusUrl: undefined,
            }),
          ],
          errors: [
            {
              source: 'configuration',
              message: 'The gsv.io/dashboards annotation is ignored',
            },
          ],
        }),
      }),
    );
    expect(
      await screen.findByTestId('alerting-no-prometheus'),
    ).toHaveTextContent('gsvOps.clusters.gsv-dev.prometheus.baseUrl');
    expect(screen.getByTestId('alerting-no-alertmanager')).toHaveTextContent(
      'where alerts are routed is unknown',
    );
    expect(screen.getByTestId('alerting-errors')).toHaveTextContent(
      'Configuration: The gsv.io/dashboards annotation is ignored',
    );
    const row = screen.getByTestId('rule-row');
    expect(within(row).getByTestId('rule-state')).toHaveTextContent('unknown');
    expect(row).toHaveTextContent('not evaluated by Prometheus');
    expect(within(row).queryByTestId('rule-receiver')).toBeNull();
    expect(within(row).queryByTestId('rule-link')).toBeNull();
  });

  it('says why there is nothing to show', async () => {
    await render(
      fakeGsvOpsApi({
        entityAlerting: seededAlertingView({ dashboards: [], rules: [] }),
      }),
    );
    expect(await screen.findByTestId('rules-empty')).toHaveTextContent(
      'No alert rule watches this service: no PrometheusRule in gsv-dev selects job="agent-registry" or namespace="cmp"',
    );
    expect(screen.getByTestId('dashboards-empty')).toHaveTextContent(
      'set gsvOps.dashboards in the backend or annotate the service with gsv.io/dashboards',
    );
  });

  it('explains a refusal, and offers a retry on a failure without a stack trace', async () => {
    await render(
      fakeGsvOpsApi({
        entityAlerting: await responseError(403, 'Not allowed'),
      }),
    );
    expect(await screen.findByTestId('alert-rules-failed')).toHaveTextContent(
      "You may not see this service's alert rules (gsv-ops.entity.read).",
    );
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('offers a retry when the backend fails', async () => {
    await render(
      fakeGsvOpsApi({
        entityAlerting: await responseError(500, 'catalog unavailable'),
      }),
    );
    const failed = await screen.findByTestId('alert-rules-failed');
    expect(failed).toHaveTextContent(
      'Could not load the alert rules: catalog unavailable',
    );
    expect(failed).not.toHaveTextContent(/at .*\.ts/);
    expect(
      screen.getByRole('button', { name: 'Try again' }),
    ).toBeInTheDocument();
  });
});
