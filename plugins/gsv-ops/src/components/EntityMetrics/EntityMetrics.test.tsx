import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Grid from '@material-ui/core/Grid';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/test-utils';
import type { EntityMetricsView } from '@gsv/plugin-gsv-ops-common';
import {
  backlogMetricsView,
  notConfiguredMetricsView,
  seededMetricsView,
} from '../../__fixtures__/metrics';
import { metricsHandler, realClient } from '../../__testUtils__/opsBackend';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { EntityMetrics } from './EntityMetrics';

const ENTITY_REF = 'component:default/agent-registry';
const server = setupServer();
registerMswTestHooks(server);

type Answer =
  | EntityMetricsView
  | { status: number; body: Record<string, unknown> };

const serverError = {
  status: 503,
  body: {
    error: {
      name: 'ServiceUnavailableError',
      message: 'Metrics are warming up',
    },
    response: { statusCode: 503 },
  },
};

/** Serves the answers in turn through msw (the last one repeats) and renders the section with the real client. */
async function renderMetrics(
  answers: Answer[],
  options: {
    cluster?: string;
    environment?: string;
    pollIntervalMs?: number;
  } = {},
) {
  let call = 0;
  const backend = metricsHandler(() => {
    const answer = answers[Math.min(call, answers.length - 1)];
    call += 1;
    return answer;
  });
  server.use(backend.handler);
  await renderOps(
    <Grid container spacing={3}>
      <EntityMetrics
        entityRef={ENTITY_REF}
        cluster={{
          name: options.cluster ?? 'gsv-dev',
          environment: options.environment ?? 'dev',
        }}
        pollIntervalMs={options.pollIntervalMs}
      />
    </Grid>,
    { api: realClient() },
  );
  return {
    requests: backend.requests,
    /** Replace what the server answers from now on. */
    answer(next: Answer) {
      answers.splice(0, answers.length, next);
      call = 0;
    },
  };
}

let visibility: DocumentVisibilityState = 'visible';
beforeAll(() => {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => visibility,
  });
});
afterEach(() => {
  visibility = 'visible';
});
function setVisibility(state: DocumentVisibilityState) {
  visibility = state;
  act(() => {
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

describe('EntityMetrics', () => {
  it('shows a skeleton until the first answer', async () => {
    const api = fakeGsvOpsApi({ entityMetrics: () => new Promise(() => {}) });
    await renderOps(
      <Grid container>
        <EntityMetrics
          entityRef={ENTITY_REF}
          cluster={{ name: 'gsv-dev', environment: 'dev' }}
        />
      </Grid>,
      { api },
    );
    expect(screen.getByTestId('metrics-skeleton')).toHaveAttribute(
      'aria-busy',
      'true',
    );
    expect(screen.queryByTestId('metric-tile')).toBeNull();
    expect(api.getEntityMetrics).toHaveBeenCalledWith(
      ENTITY_REF,
      expect.objectContaining({ cluster: 'gsv-dev' }),
    );
  });

  it('shows the key metrics, alerts and recommendations of the cluster', async () => {
    await renderMetrics([backlogMetricsView()]);
    expect(await screen.findAllByTestId('metric-tile')).toHaveLength(7);
    expect(screen.queryByTestId('metrics-skeleton')).toBeNull();
    expect(screen.getByTestId('metrics-freshness')).toHaveTextContent(
      /as of (just now|\d+ seconds ago)/,
    );
    expect(screen.getAllByTestId('alert-row')).toHaveLength(2);
    expect(screen.getByTestId('recommendation')).toHaveAttribute(
      'data-recommendation',
      'scale-workers',
    );
  });

  it('explains the configuration keys when the cluster has no Prometheus', async () => {
    await renderMetrics([notConfiguredMetricsView('gsv-prod', 'prod')], {
      cluster: 'gsv-prod',
      environment: 'prod',
    });
    const card = await screen.findByTestId('metrics-not-configured');
    expect(card).toHaveTextContent(
      'gsvOps.clusters.gsv-prod.prometheus.baseUrl',
    );
    expect(card).toHaveTextContent(
      'gsvOps.clusters.gsv-prod.alertmanager.baseUrl',
    );
    expect(card).toHaveTextContent('gsv.io/prometheus-job');
    expect(screen.queryByTestId('metric-tile')).toBeNull();
    expect(screen.queryByTestId('alerts-card')).toBeNull();
  });

  it('shows a failed request with a retry, then recovers', async () => {
    const backend = await renderMetrics([serverError]);
    const failed = await screen.findByTestId('metrics-failed');
    expect(failed).toHaveTextContent(
      'Could not load the metrics: Metrics are warming up',
    );
    backend.answer(seededMetricsView());
    await userEvent.click(
      within(failed).getByRole('button', { name: 'Try again' }),
    );
    expect(await screen.findAllByTestId('metric-tile')).toHaveLength(7);
  });

  it('says so when the service has nothing in the cluster, without a pointless retry', async () => {
    await renderMetrics(
      [
        {
          status: 404,
          body: {
            error: {
              name: 'NotFoundError',
              message:
                'component:default/agent-registry has no objects in gsv-qa',
            },
            response: { statusCode: 404 },
          },
        },
      ],
      { cluster: 'gsv-qa' },
    );
    const failed = await screen.findByTestId('metrics-failed');
    expect(failed).toHaveTextContent(
      'This service has nothing in gsv-qa to measure.',
    );
    expect(within(failed).queryByRole('button')).toBeNull();
  });

  it('keeps the last metrics when a refresh fails, and picks up changes without a reload', async () => {
    const backend = await renderMetrics([seededMetricsView()], {
      pollIntervalMs: 150,
    });
    expect(await screen.findAllByTestId('metric-tile')).toHaveLength(7);
    expect(screen.getByTestId('no-recommendations')).toBeInTheDocument();

    backend.answer(serverError);
    expect(await screen.findByTestId('metrics-stale')).toHaveTextContent(
      'could not refresh (Metrics are warming up), showing data from',
    );
    expect(screen.getAllByTestId('metric-tile')).toHaveLength(7);

    // the workers fall behind: the next answer carries the backlog and the recommendation
    backend.answer(backlogMetricsView());
    expect(
      await screen.findByTestId('recommendation', {}, { timeout: 4000 }),
    ).toHaveTextContent('Scale the workers (agent-registry-worker)');
    const queue = screen
      .getAllByTestId('metric-tile')
      .find(t => t.getAttribute('data-metric') === 'queueDepth')!;
    expect(within(queue).getByTestId('metric-value')).toHaveTextContent('812');
    expect(queue).toHaveAttribute('data-level', 'warning');
    expect(screen.queryByTestId('metrics-stale')).toBeNull();
  });

  it('asks nothing while the browser tab is hidden', async () => {
    const backend = await renderMetrics([seededMetricsView()], {
      pollIntervalMs: 100,
    });
    await waitFor(() =>
      expect(backend.requests.length).toBeGreaterThanOrEqual(2),
    );
    setVisibility('hidden');
    const before = backend.requests.length;
    await new Promise(r => setTimeout(r, 500));
    expect(backend.requests.length).toBe(before);
    setVisibility('visible');
    await waitFor(() =>
      expect(backend.requests.length).toBeGreaterThan(before),
    );
    // every request named the cluster the tab shows
    expect(new Set(backend.requests.map(r => r.cluster))).toEqual(
      new Set(['gsv-dev']),
    );
  });
});
