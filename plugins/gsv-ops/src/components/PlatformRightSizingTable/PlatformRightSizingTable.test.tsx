import { screen, within } from '@testing-library/react';
import { platformHealthView } from '../../__fixtures__/platformHealth';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { GsvPlatformHealthPage } from '../GsvPlatformHealthPage';
import { PlatformRightSizingTable } from './PlatformRightSizingTable';

describe('PlatformRightSizingTable', () => {
  it('ranks services by waste and lists the most over-provisioned containers and the leftovers', async () => {
    await renderOps(<PlatformRightSizingTable />, { api: fakeGsvOpsApi() });
    expect(await screen.findByTestId('right-sizing-totals')).toHaveTextContent(
      '20 GiB in 1 volume no pod mounts; 7 finished Jobs in 1 namespace.',
    );
    const [service] = screen.getAllByTestId('right-sizing-service');
    expect(service).toHaveTextContent('agent-registry-worker');
    expect(service).toHaveTextContent('400m requested');
    expect(service).toHaveTextContent('p95 used: 260m');
    expect(service).toHaveTextContent('0m CPU, 640 MiB');
    const [container] = screen.getAllByTestId('right-sizing-row');
    expect(container).toHaveTextContent(
      'component:default/agent-registry-worker · Deployment cmp/agent-registry-worker × 2',
    );
    expect(
      within(container).getByRole('button', {
        name: 'Set deployment resources: cmp/agent-registry-worker',
      }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('unused-pvc')).toHaveTextContent('gsv-dev');
  });

  it('says who may see it', async () => {
    const error = Object.assign(new Error('Not allowed'), {
      name: 'NotAllowedError',
      statusCode: 403,
      response: { status: 403 },
    });
    await renderOps(<PlatformRightSizingTable />, {
      api: fakeGsvOpsApi({ platformRightSizing: error }),
    });
    expect(await screen.findByTestId('permission-denied')).toHaveTextContent(
      'gsv-ops.platform.read',
    );
  });

  it('is part of the platform page', async () => {
    await renderOps(<GsvPlatformHealthPage />, {
      api: fakeGsvOpsApi({ platformHealth: platformHealthView() }),
    });
    expect(
      await screen.findAllByTestId('right-sizing-service'),
    ).not.toHaveLength(0);
  });
});
