import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import {
  drReadinessView,
  notReadyLine,
  readyLine,
} from '../../__fixtures__/drReadiness';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { DrReadinessCard } from './DrReadinessCard';
import { PlatformDrReadinessTable } from './PlatformDrReadinessTable';

const entityRef = 'component:default/agent-registry';

async function forbidden() {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({ error: { name: 'NotAllowedError', message: 'no' } }),
      { status: 403, headers: { 'Content-Type': 'application/json' } },
    ) as any,
  );
}

describe('DrReadinessCard', () => {
  it('shows one line per database: status, restore point, data loss, backup, rehearsal, blockers with their runbooks', async () => {
    const api = fakeGsvOpsApi({
      drReadiness: drReadinessView([notReadyLine(), readyLine()]),
    });
    await renderOps(
      <DrReadinessCard entityRef={entityRef} cluster="gsv-dev" />,
      { api },
    );
    const [bad, good] = await screen.findAllByTestId('dr-line');
    expect(api.getEntityDrReadiness).toHaveBeenCalledWith(
      entityRef,
      expect.objectContaining({ cluster: 'gsv-dev' }),
    );

    expect(bad).toHaveTextContent('keycloak-postgresNot ready');
    expect(bad).toHaveTextContent('No, to 5 min ago');
    expect(bad).toHaveTextContent('3 h (target 5 min)');
    expect(bad).toHaveTextContent('20 days ago');
    expect(bad).toHaveTextContent('Never');
    const blockers = within(bad).getByRole('list', {
      name: 'What blocks a restore',
    });
    expect(blockers).toHaveTextContent(
      'WAL archiving of sso/keycloak-postgres is failing: AccessDenied',
    );
    expect(blockers).toHaveTextContent('(ops guide §5.1)');
    // the backup and restore runbooks fix two of the blockers; the rehearsal has its own button
    expect(
      within(blockers).getByTestId('runbook-database-backup'),
    ).toHaveAttribute('href', expect.stringContaining('gsv-backup-database'));
    // the never-rehearsed blocker offers the rehearsal, once
    const rehearse = within(bad).getAllByTestId('runbook-database-restore');
    expect(rehearse.map(b => b.textContent)).toEqual(['Rehearse a restore']);
    expect(
      within(blockers).getByTestId('runbook-database-restore'),
    ).toHaveAttribute('href', expect.stringContaining('gsv-restore-database'));

    expect(good).toHaveTextContent('cmp-postgresReady');
    expect(good).toHaveTextContent('Yes, to 5 min ago');
    expect(good).toHaveTextContent('40 s (target 5 min)');
    expect(good).toHaveTextContent('12 days ago');
    expect(good).toHaveTextContent('Nothing blocks a restore');
    // a ready database can still be rehearsed
    expect(
      within(good).getByTestId('runbook-database-restore'),
    ).toHaveTextContent('Rehearse a restore');
  });

  it('says why there is nothing to show, and when the archiver metric could not be read', async () => {
    const api = fakeGsvOpsApi({
      drReadiness: drReadinessView(
        [],
        [
          {
            cluster: 'gsv-dev',
            message:
              'The WAL archiver metrics could not be read, so the window ends at the archiving condition: Prometheus answered 503',
          },
        ],
      ),
    });
    await renderOps(
      <DrReadinessCard entityRef={entityRef} cluster="gsv-dev" />,
      { api },
    );
    expect(await screen.findByTestId('dr-readiness-empty')).toHaveTextContent(
      'no CloudNativePG database in gsv-dev',
    );
    expect(
      screen.getByText(/WAL archiver metrics could not be read/),
    ).toBeInTheDocument();
  });

  it('says what permission is missing instead of an error, and offers a retry for other errors', async () => {
    await renderOps(
      <DrReadinessCard entityRef={entityRef} cluster="gsv-dev" />,
      {
        api: fakeGsvOpsApi({ drReadiness: await forbidden() }),
      },
    );
    const denied = await screen.findByTestId('dr-readiness-failed');
    expect(denied).toHaveTextContent(
      'You may not see whether these databases could be restored',
    );
    expect(within(denied).queryByRole('button')).toBeNull();
  });

  it('shows a failure with Try again, which asks again', async () => {
    const api = fakeGsvOpsApi({ drReadiness: new Error('backend down') });
    await renderOps(
      <DrReadinessCard entityRef={entityRef} cluster="gsv-dev" />,
      { api },
    );
    const failed = await screen.findByTestId('dr-readiness-failed');
    expect(failed).toHaveTextContent(
      'Could not load the DR readiness: backend down',
    );
    const calls = api.getEntityDrReadiness.mock.calls.length;
    await userEvent.click(
      within(failed).getByRole('button', { name: 'Try again' }),
    );
    expect(api.getEntityDrReadiness.mock.calls.length).toBeGreaterThan(calls);
  });
});

describe('PlatformDrReadinessTable', () => {
  it('lists every database worst first with its service and blockers', async () => {
    const api = fakeGsvOpsApi({
      drReadiness: drReadinessView([notReadyLine(), readyLine()]),
    });
    await renderOps(<PlatformDrReadinessTable />, { api });
    const table = await screen.findByTestId('platform-dr-readiness');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('sso/keycloak-postgres: Not ready');
    expect(rows[0]).toHaveTextContent('keycloak');
    expect(rows[0]).toHaveTextContent('No, to 5 min ago');
    expect(rows[0]).toHaveTextContent(
      'WAL archiving of sso/keycloak-postgres is failing',
    );
    expect(rows[1]).toHaveTextContent('cmp/cmp-postgres: Ready');
    expect(rows[1]).toHaveTextContent('Nothing');
    expect(api.getPlatformDrReadiness).toHaveBeenCalled();
  });

  it('says when there is no database', async () => {
    await renderOps(<PlatformDrReadinessTable />, { api: fakeGsvOpsApi() });
    expect(
      await screen.findByText(/no cluster has a CloudNativePG database/),
    ).toBeInTheDocument();
  });

  it('says when the platform permission is missing', async () => {
    await renderOps(<PlatformDrReadinessTable />, {
      api: fakeGsvOpsApi({ drReadiness: await forbidden() }),
    });
    expect(await screen.findByTestId('dr-readiness-failed')).toHaveTextContent(
      'gsv-ops.platform.read',
    );
  });
});
