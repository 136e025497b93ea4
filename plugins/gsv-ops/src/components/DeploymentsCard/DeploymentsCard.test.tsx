import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { degradedView, largeView } from '../../__fixtures__/entityViews';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
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
    await waitFor(() =>
      expect(scale.getAttribute('href')).toMatch(
        /^\/create\/templates\/default\/gsv-scale-autoscaler\?formData=/,
      ),
    );
    const formData = JSON.parse(
      new URL(scale.getAttribute('href')!, 'http://app').searchParams.get(
        'formData',
      )!,
    );
    expect(formData.parameters).toEqual({ minReplicas: 2, maxReplicas: 10 });
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
