import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { degradedView } from '../../__fixtures__/entityViews';
import { StorageCard } from './StorageCard';

describe('StorageCard', () => {
  it('lists volumes fullest first with bars, sizes and levels in words', async () => {
    const pvcs = degradedView().clusters[0].pvcs;
    pvcs.push({
      ...pvcs[2],
      name: 'scratch',
      usedRatio: undefined,
      usedBytes: undefined,
      level: 'unknown',
    });
    await renderInTestApp(<StorageCard pvcs={pvcs} where="gsv-dev" />);
    const rows = screen.getAllByTestId('pvc-row');
    expect(
      rows.map(
        r => within(r).getByText(/^cmp-postgres-\d$|^scratch$/).textContent,
      ),
    ).toEqual([
      'cmp-postgres-1',
      'cmp-postgres-2',
      'cmp-postgres-3',
      'scratch',
    ]);
    expect(rows[0]).toHaveTextContent('86% used');
    expect(rows[0]).toHaveTextContent('17.2 GiB of 20 GiB');
    expect(within(rows[0]).getByRole('progressbar')).toHaveAttribute(
      'aria-valuenow',
      '86',
    );
    expect(within(rows[0]).getAllByTestId('level-status')[1]).toHaveAttribute(
      'data-level',
      'warning',
    );
    // never a 0% bar for an unknown usage
    expect(rows[3]).toHaveTextContent('Usage unknown');
    expect(within(rows[3]).queryByRole('progressbar')).not.toBeInTheDocument();
  });
});
