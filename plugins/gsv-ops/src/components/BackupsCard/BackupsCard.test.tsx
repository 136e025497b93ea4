import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { largeView, healthyView } from '../../__fixtures__/entityViews';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { BackupsCard } from './BackupsCard';

describe('BackupsCard', () => {
  it('states the database and its recoverability', async () => {
    const cluster = healthyView().clusters[0];
    await renderOps(
      <BackupsCard
        entityRef="component:default/agent-registry"
        cluster={cluster}
      />,
      {
        api: fakeGsvOpsApi(),
      },
    );
    const database = screen.getByTestId('database');
    expect(database).toHaveTextContent('3/3 ready');
    expect(database).toHaveTextContent(
      'cmp-postgres-1 primary · cmp-postgres-2 replica · cmp-postgres-3 replica',
    );
    expect(database).toHaveTextContent('Working');
    expect(database).toHaveTextContent('a window of 7 d');
    expect(within(database).getByTestId('next-backup')).toHaveTextContent(
      'in 18 hours',
    );
    expect(database).toHaveTextContent('cmp-postgres-daily · 0 0 2 * * *');
  });

  it('pages through many backups', async () => {
    const cluster = largeView().clusters[0];
    await renderOps(
      <BackupsCard
        entityRef="component:default/agent-registry"
        cluster={cluster}
      />,
      {
        api: fakeGsvOpsApi(),
      },
    );
    expect(screen.getAllByTestId('backup-row')).toHaveLength(8);
    await userEvent.click(
      screen.getByRole('button', { name: 'Show all 50 backups' }),
    );
    expect(screen.getAllByTestId('backup-row')).toHaveLength(50);
  });

  it('lists the poolers in front of the database with Configure pooler', async () => {
    const cluster = healthyView().clusters[0];
    cluster.databases[0].poolers = [
      {
        namespace: 'cmp',
        name: 'cmp-postgres-pooler-rw',
        cluster: 'cmp-postgres',
        type: 'rw',
        instances: 2,
        readyInstances: 1,
        poolMode: 'transaction',
        defaultPoolSize: 20,
        maxClientConn: 200,
        paused: false,
        serverConnections: 40,
      },
    ];
    await renderOps(
      <BackupsCard
        entityRef="component:default/agent-registry"
        cluster={cluster}
      />,
      { api: fakeGsvOpsApi() },
    );
    const row = screen.getByTestId('pooler-row');
    expect(row).toHaveTextContent('cmp-postgres-pooler-rw');
    expect(row).toHaveTextContent('to the primary (rw)');
    expect(row).toHaveTextContent('1/2 ready');
    expect(row).toHaveTextContent('transaction');
    expect(row).toHaveTextContent('40');
    const button = within(row).getByRole('button', {
      name: /Configure pooler/,
    });
    expect(button.getAttribute('href')).toContain('gsv-configure-pooler');
  });

  it('says when a database has no pooler', async () => {
    const cluster = healthyView().clusters[0];
    cluster.databases[0].poolers = [];
    await renderOps(
      <BackupsCard
        entityRef="component:default/agent-registry"
        cluster={cluster}
      />,
      { api: fakeGsvOpsApi() },
    );
    expect(
      screen.getByText(
        /No connection pooler: the applications connect to PostgreSQL directly/,
      ),
    ).toBeInTheDocument();
  });
});
