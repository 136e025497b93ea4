import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  PlatformHealthView,
  PoolerView,
} from '@gsv/plugin-gsv-ops-common';
import { platformHealthView } from '../../__fixtures__/platformHealth';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { PoolersTable } from './PoolersTable';

const pooler = (
  name: string,
  overrides: Partial<PoolerView> = {},
): PoolerView => ({
  namespace: 'cmp',
  name,
  cluster: 'cmp-postgres',
  type: 'rw',
  instances: 2,
  readyInstances: 2,
  poolMode: 'transaction',
  defaultPoolSize: 20,
  maxClientConn: 200,
  paused: false,
  serverConnections: 40,
  ...overrides,
});

/** The fixture's platform view, its database fronted by the given poolers. */
function viewWith(poolers: PoolerView[]): PlatformHealthView {
  const view = platformHealthView();
  view.databases = view.databases.map(row => ({
    ...row,
    item: { ...row.item, poolers },
  }));
  return view;
}

const rows = () =>
  within(screen.getByTestId('poolers')).getAllByRole('row').slice(1);

describe('the platform page’s poolers', () => {
  it('lists every pooler worst first with its pods, the database it fronts, pool mode, cluster and service', async () => {
    await renderOps(
      <PoolersTable
        view={viewWith([
          pooler('cmp-postgres-pooler-rw'),
          pooler('cmp-postgres-pooler-ro', {
            type: 'ro',
            readyInstances: 0,
            poolMode: 'session',
            paused: true,
          }),
        ])}
      />,
      { api: fakeGsvOpsApi() },
    );
    const [down, up] = rows();
    expect(down).toHaveTextContent('0/2 ready · paused');
    expect(down).toHaveTextContent('cmp-postgres-pooler-ro');
    expect(down).toHaveTextContent('to the replicas (ro)');
    expect(down).toHaveTextContent('session');
    expect(up).toHaveTextContent('2/2 ready');
    expect(up).toHaveTextContent('cmp · gsv-dev');
    expect(up).toHaveTextContent('cmp-postgresto the primary (rw)');
    expect(up).toHaveTextContent('transaction');
    expect(within(up).getByTestId('service-link')).toHaveAttribute(
      'href',
      '/catalog/default/resource/cmp-postgres/ops?cluster=gsv-dev',
    );
  });

  it('says when no database has a pooler', async () => {
    await renderOps(<PoolersTable view={viewWith([])} />, {
      api: fakeGsvOpsApi(),
    });
    expect(screen.getByTestId('poolers')).toHaveTextContent(
      'No connection poolers',
    );
  });

  it('pages a fleet’s poolers fifteen at a time', async () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      pooler(`pooler-${String(i).padStart(2, '0')}`),
    );
    await renderOps(<PoolersTable view={viewWith(many)} />, {
      api: fakeGsvOpsApi(),
    });
    expect(rows().filter(r => r.textContent?.includes('pooler-'))).toHaveLength(
      15,
    );
    expect(screen.getByTestId('poolers')).toHaveTextContent('1-15 of 40');
    await userEvent.click(screen.getByRole('button', { name: 'Next Page' }));
    expect(screen.getByText('pooler-15')).toBeInTheDocument();
  });
});
