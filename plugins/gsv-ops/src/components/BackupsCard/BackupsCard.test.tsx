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
});
