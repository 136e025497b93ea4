import { screen, waitFor } from '@testing-library/react';
import type { EntityMetricsView } from '@gsv/plugin-gsv-ops-common';
import {
  backlogMetricsView,
  noDataMetricsView,
  prodLatencyMetricsView,
  seededMetricsView,
} from '../../__fixtures__/metrics';
import {
  fakeGsvOpsApi,
  PermissionRule,
  renderOps,
} from '../../__testUtils__/renderOps';
import { actionLabel, RecommendationsCard } from './RecommendationsCard';

const ENTITY_REF = 'component:default/agent-registry';
const formDataOf = (href: string | null) =>
  JSON.parse(
    new URL(href!, 'http://app').searchParams.get('formData') ?? 'null',
  );

const render = (view: EntityMetricsView, permissions?: PermissionRule) =>
  renderOps(<RecommendationsCard entityRef={ENTITY_REF} view={view} />, {
    api: fakeGsvOpsApi(),
    permissions,
  });

describe('RecommendationsCard', () => {
  it('recommends scaling the workers and opens the scale template prefilled with the workers and the replicas', async () => {
    await render(backlogMetricsView());
    const item = screen.getByTestId('recommendation');
    expect(item).toHaveAttribute('data-recommendation', 'scale-workers');
    expect(item).toHaveTextContent('Scale the workers (agent-registry-worker)');
    expect(item).toHaveTextContent(
      'Queue backlog: 812 tasks waiting (> 500) with 1 worker. Scale to 2.',
    );
    const button = screen.getByRole('button', {
      name: 'Scale deployment: cmp/agent-registry-worker',
    });
    expect(button).toHaveTextContent(
      'Scale agent-registry-worker to 2 replicas',
    );
    await waitFor(() =>
      expect(button).not.toHaveAttribute('aria-disabled', 'true'),
    );
    const href = button.getAttribute('href');
    expect(href).toMatch(
      /^\/create\/templates\/default\/gsv-scale-deployment\?formData=/,
    );
    // the templates' prefill shape: the target in the picker, the runbook's own parameters besides
    expect(formDataOf(href)).toEqual({
      entityRef: ENTITY_REF,
      target: {
        cluster: 'gsv-dev',
        environment: 'dev',
        namespace: 'cmp',
        name: 'agent-registry-worker',
      },
      parameters: { replicas: 2 },
    });
    expect(screen.queryByTestId('recommendations-denied')).toBeNull();
  });

  it('disables the button and names the missing permission when the user may not scale', async () => {
    await render(
      backlogMetricsView(),
      name => name !== 'gsv-ops.deployment.scale',
    );
    expect(
      await screen.findByTestId('recommendations-denied'),
    ).toHaveTextContent(
      'Greyed-out actions need gsv-ops.deployment.scale on this service',
    );
    expect(
      screen.getByRole('button', {
        name: 'Scale deployment: cmp/agent-registry-worker',
      }),
    ).toHaveAttribute('aria-disabled', 'true');
  });

  it('needs gsv-ops.production.operate on top in production', async () => {
    await render(
      prodLatencyMetricsView(),
      name => name !== 'gsv-ops.production.operate',
    );
    expect(
      await screen.findByTestId('recommendations-denied'),
    ).toHaveTextContent(
      'Operating in production needs gsv-ops.production.operate',
    );
    const button = screen.getByRole('button', {
      name: 'Scale deployment: cmp/agent-registry',
    });
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(button).toHaveTextContent('Scale agent-registry to 5 replicas');
    expect(formDataOf(button.getAttribute('href')).target).toEqual({
      cluster: 'gsv-prod',
      environment: 'prod',
      namespace: 'cmp',
      name: 'agent-registry',
    });
  });

  it('opens in production for the platform team', async () => {
    await render(prodLatencyMetricsView(), 'allow');
    const button = screen.getByRole('button', {
      name: 'Scale deployment: cmp/agent-registry',
    });
    await waitFor(() =>
      expect(button).not.toHaveAttribute('aria-disabled', 'true'),
    );
  });

  it('says when no row of the decision matrix applies, and which metrics could not be judged', async () => {
    await render(seededMetricsView());
    expect(screen.getByTestId('no-recommendations')).toHaveTextContent(
      'No scaling needed: no row of the decision matrix applies in gsv-dev',
    );
    expect(screen.queryByText(/cannot trigger/)).toBeNull();
  });

  it('says that metrics without data cannot trigger a recommendation', async () => {
    await render(noDataMetricsView());
    expect(
      screen.getByText(
        'Without data, API response time (P99), Error rate cannot trigger a recommendation.',
      ),
    ).toBeInTheDocument();
  });
});

describe('actionLabel', () => {
  it('says which minimum the autoscaler runbook sets', () => {
    expect(
      actionLabel({
        id: 'scale-horizontally',
        title: 'Scale agent-registry horizontally',
        reason: 'High latency',
        metric: 'p99Latency',
        runbook: 'autoscaler-scale',
        target: {
          kind: 'HorizontalPodAutoscaler',
          namespace: 'cmp',
          name: 'agent-registry',
        },
        parameters: {
          namespace: 'cmp',
          autoscaler: 'agent-registry',
          minReplicas: 5,
          maxReplicas: 10,
        },
      }),
    ).toBe('Keep at least 5 replicas (HPA agent-registry)');
  });
});
