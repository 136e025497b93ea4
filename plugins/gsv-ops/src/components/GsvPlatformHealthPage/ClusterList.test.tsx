import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ClusterStatus } from '@gsv/plugin-gsv-ops-common';
import { secondsAgo } from '../../__fixtures__/time';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { ClusterList, clusterSummary } from './ClusterList';

const inSync = (name: string): ClusterStatus => ({
  name,
  environment: 'prod',
  synced: true,
  lastHeardAt: secondsAgo(3),
});

const failing = (name: string): ClusterStatus => ({
  ...inSync(name),
  error: {
    cluster: name,
    reason: 'Unreachable',
    message: 'connect ECONNREFUSED',
    since: secondsAgo(120),
  },
});

/** fleet-01 … fleet-50: fleet-07 and fleet-31 failing, fleet-20 still listing its objects. */
function fleet(): ClusterStatus[] {
  return Array.from({ length: 50 }, (_, i) => {
    const name = `fleet-${String(i + 1).padStart(2, '0')}`;
    if (name === 'fleet-07' || name === 'fleet-31') return failing(name);
    if (name === 'fleet-20') return { ...inSync(name), synced: false };
    return inSync(name);
  });
}

const listed = () =>
  screen
    .queryAllByTestId('cluster-status')
    .map(line => line.textContent?.split(' (')[0]);

describe('ClusterList', () => {
  it('keeps 50 clusters compact: a summary, the troubled ones first, the ones in sync behind Show all', async () => {
    await renderOps(<ClusterList clusters={fleet()} />, {
      api: fakeGsvOpsApi(),
    });
    expect(screen.getByTestId('cluster-summary')).toHaveTextContent(
      '47 in sync, 1 still listing objects, 2 failing',
    );
    expect(listed()).toEqual(['fleet-07', 'fleet-31', 'fleet-20']);
    expect(screen.getAllByTestId('cluster-status')[0]).toHaveTextContent(
      'Unreachable since',
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Show all 50 clusters' }),
    );
    expect(listed()).toHaveLength(50);
    expect(listed().slice(0, 4)).toEqual([
      'fleet-07',
      'fleet-31',
      'fleet-20',
      'fleet-01',
    ]);
    await userEvent.click(
      screen.getByRole('button', { name: 'Show only the troubled clusters' }),
    );
    expect(listed()).toHaveLength(3);
  });

  it('lists no cluster line when all of a fleet are in sync, only the count', async () => {
    const clusters = fleet().map(c => inSync(c.name));
    await renderOps(<ClusterList clusters={clusters} />, {
      api: fakeGsvOpsApi(),
    });
    expect(screen.getByTestId('cluster-summary')).toHaveTextContent(
      '50 in sync',
    );
    expect(listed()).toEqual([]);
    expect(
      screen.getByRole('button', { name: 'Show all 50 clusters' }),
    ).toBeVisible();
  });

  it('just lists a few clusters, in their configured order', async () => {
    await renderOps(
      <ClusterList
        clusters={[inSync('gsv-dev'), failing('gsv-prod'), inSync('gsv-qa')]}
      />,
      { api: fakeGsvOpsApi() },
    );
    expect(listed()).toEqual(['gsv-dev', 'gsv-prod', 'gsv-qa']);
    expect(screen.queryByTestId('cluster-summary')).not.toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('counts the clusters per state, leaving out empty states', () => {
    expect(clusterSummary([inSync('a'), inSync('b')])).toBe('2 in sync');
    expect(clusterSummary([failing('a')])).toBe('1 failing');
  });
});
