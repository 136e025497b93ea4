import { screen } from '@testing-library/react';
import type { ClusterStatus } from '@gsv/plugin-gsv-ops-common';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { ClusterErrorPanel } from './ClusterErrorPanel';

const cluster = (
  degradedKinds: ClusterStatus['degradedKinds'],
): ClusterStatus => ({
  name: 'fleet-07',
  environment: 'prod',
  synced: true,
  degradedKinds,
});

describe('ClusterErrorPanel', () => {
  it('tells a kind the cluster refuses from a kind the cache cap left out', async () => {
    await renderOps(
      <ClusterErrorPanel
        cluster={cluster([
          {
            kind: 'events',
            reason: 'Forbidden',
            message: 'cannot list events',
          },
          {
            kind: 'pods',
            reason: 'OverCapacity',
            message: 'pods are not cached: … over the cap of 200,000',
          },
        ])}
      />,
      { api: fakeGsvOpsApi({}) },
    );
    expect(
      screen.getByText(
        "Warning: Cluster fleet-07 refuses some kinds: events may be out of date; it is too large for GSV Ops' cache: pods are not shown",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/pods: OverCapacity \(pods are not cached/),
    ).toBeInTheDocument();
  });
});
