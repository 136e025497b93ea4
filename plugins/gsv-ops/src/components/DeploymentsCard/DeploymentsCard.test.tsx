import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { degradedView, largeView } from '../../__fixtures__/entityViews';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { formDataOfButton } from '../../__testUtils__/runbookLinks';
import { DeploymentsCard } from './DeploymentsCard';

const ENTITY_REF = 'component:default/agent-registry';

describe('DeploymentsCard', () => {
  it('scales a deployment an HPA manages through the autoscaler runbook, its bounds filled in', async () => {
    await renderOps(
      <DeploymentsCard
        entityRef={ENTITY_REF}
        cluster={degradedView().clusters[0]}
      />,
      { api: fakeGsvOpsApi() },
    );
    const scale = within(screen.getByTestId('deployment-row')).getByRole(
      'button',
      { name: 'Scale autoscaler: cmp/agent-registry' },
    );
    const formData = await formDataOfButton(scale, 'gsv-scale-autoscaler');
    expect(formData.parameters).toEqual({ minReplicas: 2, maxReplicas: 10 });
  });

  it('offers the rollout strategy of a Deployment, prefilled with it, and hides it without the permission', async () => {
    const cluster = degradedView().clusters[0];
    const { unmount } = await renderOps(
      <DeploymentsCard entityRef={ENTITY_REF} cluster={cluster} />,
      { api: fakeGsvOpsApi() },
    );
    const strategy = within(screen.getByTestId('deployment-row')).getByRole(
      'button',
      { name: 'Set rollout strategy: cmp/agent-registry' },
    );
    const formData = await formDataOfButton(
      strategy,
      'gsv-set-rollout-strategy',
    );
    expect(formData).toEqual({
      entityRef: ENTITY_REF,
      target: {
        cluster: cluster.cluster.name,
        environment: cluster.cluster.environment,
        namespace: 'cmp',
        name: 'agent-registry',
      },
    });
    unmount();

    await renderOps(
      <DeploymentsCard entityRef={ENTITY_REF} cluster={cluster} />,
      {
        api: fakeGsvOpsApi(),
        permissions: name => name !== 'gsv-ops.deployment.set-resources',
      },
    );
    const row = screen.getByTestId('deployment-row');
    await waitFor(() =>
      expect(
        within(row).getByRole('button', {
          name: 'Restart deployment: cmp/agent-registry',
        }),
      ).toBeEnabled(),
    );
    expect(
      within(row).queryByRole('button', { name: /^Set rollout strategy/ }),
    ).not.toBeInTheDocument();
  });

  it('offers no rollout strategy for a StatefulSet (it has no maxSurge/maxUnavailable)', async () => {
    const cluster = degradedView().clusters[0];
    const statefulSet = {
      ...cluster.deployments[0],
      kind: 'StatefulSet' as const,
    };
    await renderOps(
      <DeploymentsCard
        entityRef={ENTITY_REF}
        cluster={{ ...cluster, deployments: [statefulSet] }}
      />,
      { api: fakeGsvOpsApi() },
    );
    const row = screen.getByTestId('deployment-row');
    await waitFor(() =>
      expect(
        within(row).getByRole('button', { name: /^Restart deployment/ }),
      ).toBeEnabled(),
    );
    expect(
      within(row).queryByRole('button', { name: /^Set rollout strategy/ }),
    ).not.toBeInTheDocument();
  });

  it('shows autoscaling heading for a new size, other pods and jobs', async () => {
    await renderOps(
      <DeploymentsCard
        entityRef={ENTITY_REF}
        cluster={degradedView().clusters[0]}
      />,
      {
        api: fakeGsvOpsApi(),
      },
    );
    const row = screen.getByTestId('deployment-row');
    expect(row).toHaveTextContent('3 of 2–10 → 4');
    expect(row).toHaveTextContent('cpu 88% / 70%');
    await userEvent.click(
      screen.getByRole('button', { name: 'Show other pods' }),
    );
    expect(
      within(screen.getByRole('table', { name: 'Other pods' })).getAllByTestId(
        'pod-row',
      ),
    ).toHaveLength(3);
    expect(
      within(screen.getByRole('table', { name: 'Jobs' })).getByText(
        'agent-registry-migrate-12',
      ),
    ).toBeVisible();
  });

  it('keeps a big service readable: two troubled deployments open, ten pods each until asked', async () => {
    await renderOps(
      <DeploymentsCard
        entityRef={ENTITY_REF}
        cluster={largeView().clusters[0]}
      />,
      {
        api: fakeGsvOpsApi(),
      },
    );
    expect(screen.getAllByTestId('deployment-row')).toHaveLength(8);
    expect(screen.getAllByRole('table', { name: /^Pods of / })).toHaveLength(2);
    expect(screen.getAllByTestId('pod-row')).toHaveLength(20);
    await userEvent.click(
      screen.getAllByRole('button', { name: 'Show all 25 pods' })[0],
    );
    expect(screen.getAllByTestId('pod-row')).toHaveLength(35);
  });
});
