import { screen } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import { degradedView, healthyView } from '../../__fixtures__/entityViews';
import { notAnnotatedEntity } from '../../__fixtures__/entities';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { EntityGsvOpsCard } from './EntityGsvOpsCard';

describe('EntityGsvOpsCard', () => {
  it('sums up the service and links to the Ops tab', async () => {
    await renderOps(<EntityGsvOpsCard />, {
      api: fakeGsvOpsApi({ entityView: degradedView() }),
    });
    expect(await screen.findByText('Degraded')).toBeInTheDocument();
    expect(
      screen.getByText(/2 critical, 2 warnings · gsv-dev \(dev\)/),
    ).toBeInTheDocument();
    expect(screen.getByText('1/3 ready, rollout stalled')).toBeInTheDocument();
    expect(screen.getByText('OutOfSync, Degraded')).toBeInTheDocument();
    expect(screen.getByText('Show all 4 findings')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /Open the Ops tab/ }),
    ).toHaveAttribute('href', '/catalog/default/component/agent-registry/ops');
  });

  it('is calm when all is well', async () => {
    await renderOps(<EntityGsvOpsCard />, {
      api: fakeGsvOpsApi({ entityView: healthyView() }),
    });
    expect(await screen.findByText('Healthy')).toBeInTheDocument();
    expect(screen.getByText('3/3 ready')).toBeInTheDocument();
    expect(screen.queryByText(/Show all/)).not.toBeInTheDocument();
  });

  it('says what to add for an entity without annotations, and asks nothing', async () => {
    const api = fakeGsvOpsApi({ entityView: healthyView() });
    await renderOps(<EntityGsvOpsCard />, { api, entity: notAnnotatedEntity });
    expect(
      screen.getByText(/annotation to see this component's health here/),
    ).toBeInTheDocument();
    expect(api.getEntityView).not.toHaveBeenCalled();
  });

  it('says when the user may not see the operations', async () => {
    const denied = await ResponseError.fromResponse(
      new Response('{}', { status: 403 }),
    );
    await renderOps(<EntityGsvOpsCard />, {
      api: fakeGsvOpsApi({ entityView: denied }),
    });
    expect(await screen.findByTestId('permission-denied')).toHaveTextContent(
      'gsv-ops.entity.read',
    );
  });
});
