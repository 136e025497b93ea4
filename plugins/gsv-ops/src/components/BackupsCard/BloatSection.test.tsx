import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  DatabaseBloatReport,
  EntityBloatReports,
  TableBloat,
} from '@gsv/plugin-gsv-ops-common';
import { healthyView } from '../../__fixtures__/entityViews';
import { daysAgo, minutesAgo } from '../../__fixtures__/time';
import {
  fakeGsvOpsApi,
  renderOps,
  type PermissionRule,
} from '../../__testUtils__/renderOps';
import { formDataOfButton } from '../../__testUtils__/runbookLinks';
import { formatDateTime } from '../../lib/format';
import { BackupsCard } from './BackupsCard';

const ENTITY_REF = 'component:default/agent-registry';

const table = (name: string, dead: number, percent: number): TableBloat => ({
  schema: 'public',
  table: name,
  liveTuples: 1000,
  deadTuples: dead,
  deadPercent: percent,
  lastAutovacuum: daysAgo(3),
  estimatedBloatBytes: 5 * 2 ** 20,
});

function reports(tables: TableBloat[]): EntityBloatReports {
  const report: DatabaseBloatReport = {
    cluster: healthyView().clusters[0].cluster.name,
    namespace: 'cmp',
    database: 'cmp-postgres',
    operationId: '9a1c2b7e-0000-4000-8000-000000000001',
    operation: 'bloat-report',
    finishedAt: minutesAgo(5),
    initiatedBy: 'user:default/jane',
    tables,
  };
  return {
    entityRef: ENTITY_REF,
    generatedAt: minutesAgo(0),
    reports: [report],
  };
}

const REPORT = reports([
  { ...table('agents_webhookdelivery', 402100, 33.1), liveTuples: 812400 },
  { ...table('agents_agent', 12, 1.2), lastAutovacuum: undefined },
]);

async function renderCard(
  bloatReports?: EntityBloatReports | Error,
  permissions?: PermissionRule,
) {
  const api = fakeGsvOpsApi({ bloatReports });
  await renderOps(
    <BackupsCard entityRef={ENTITY_REF} cluster={healthyView().clusters[0]} />,
    { api, permissions },
  );
  return api;
}

describe('the bloat report on the database section', () => {
  it('says there is no report yet and how to get one', async () => {
    const api = await renderCard();
    expect(await screen.findByTestId('bloat-empty')).toHaveTextContent(
      'No report yet: run Bloat report to see the dead tuples of each table.',
    );
    expect(screen.getByRole('heading', { name: 'Bloat' })).toBeVisible();
    expect(api.getEntityBloatReports).toHaveBeenCalledWith(
      ENTITY_REF,
      expect.objectContaining({ cluster: 'gsv-dev' }),
    );
    expect(
      screen.getByRole('button', {
        name: 'Database maintenance: cmp/cmp-postgres',
      }),
    ).toHaveTextContent('Bloat report');
  });

  it('shows the latest report’s tables, the bloated one first with VACUUM (ANALYZE) of that table', async () => {
    await renderCard(REPORT);
    const [bloated, clean] = await screen.findAllByTestId('bloat-row');
    const finishedAt = REPORT.reports[0].finishedAt;
    expect(
      screen.getByRole('heading', {
        name: `Bloat (report of ${formatDateTime(finishedAt)})`,
      }),
    ).toBeVisible();
    expect(screen.getByText(/5 minutes ago/).parentElement).toHaveTextContent(
      '5 minutes ago by jane',
    );
    expect(bloated).toHaveTextContent('public.agents_webhookdelivery');
    expect(bloated).toHaveTextContent('812,400 live');
    expect(bloated).toHaveTextContent('402,100');
    expect(bloated).toHaveTextContent('33.1%');
    expect(bloated).toHaveTextContent('5 MiB');
    expect(bloated).toHaveTextContent('never');
    expect(bloated).toHaveTextContent('3 days ago');
    expect(clean).toHaveTextContent('1.2%');
    expect(within(clean).getAllByText('never')).toHaveLength(2);
    expect(within(clean).queryByRole('button')).not.toBeInTheDocument();

    const vacuum = within(bloated).getByRole('button', {
      name: 'Database maintenance: cmp/cmp-postgres',
    });
    expect(vacuum).toHaveTextContent('VACUUM (ANALYZE)');
    const formData = await formDataOfButton(vacuum, 'gsv-maintain-database');
    expect(formData.target).toMatchObject({
      namespace: 'cmp',
      name: 'cmp-postgres',
    });
    expect(formData.parameters).toEqual({
      operation: 'vacuum-analyze',
      table: 'public.agents_webhookdelivery',
    });
  });

  it('says what a report after a VACUUM is, and lists eight tables until asked for all', async () => {
    const many = reports(
      Array.from({ length: 12 }, (_, i) => table(`t${i}`, 100 - i, 10)),
    );
    many.reports[0] = {
      ...many.reports[0],
      operation: 'vacuum-analyze',
      vacuumed: 'public.t0',
    };
    await renderCard(many);
    expect(await screen.findAllByTestId('bloat-row')).toHaveLength(8);
    expect(
      screen.getByText(/after VACUUM \(ANALYZE\) on public\.t0/),
    ).toBeVisible();
    await userEvent.click(
      screen.getByRole('button', { name: 'Show all 12 tables' }),
    );
    expect(screen.getAllByTestId('bloat-row')).toHaveLength(12);
  });

  it('shows the table but no VACUUM button to someone who may not run the maintenance runbook', async () => {
    await renderCard(REPORT, name => name !== 'gsv-ops.database.maintain');
    const [bloated] = await screen.findAllByTestId('bloat-row');
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: /^Back up database now/ }),
      ).toBeEnabled(),
    );
    expect(within(bloated).queryByRole('button')).not.toBeInTheDocument();
  });

  it('explains a failed read with a retry, and a refused one without', async () => {
    const api = await renderCard(new Error('database unavailable'));
    const failed = await screen.findByTestId('bloat-failed');
    expect(failed).toHaveTextContent(
      'Could not load the bloat report: database unavailable',
    );
    const calls = api.getEntityBloatReports.mock.calls.length;
    await userEvent.click(
      within(failed).getByRole('button', { name: 'Try again' }),
    );
    await waitFor(() =>
      expect(api.getEntityBloatReports.mock.calls.length).toBeGreaterThan(
        calls,
      ),
    );
  });

  it('says the entity read permission is missing when the backend refuses', async () => {
    await renderCard(
      Object.assign(new Error('Forbidden'), { statusCode: 403 }),
    );
    const refused = await screen.findByTestId('bloat-failed');
    expect(refused).toHaveTextContent(
      'You may not see the bloat reports of this service (gsv-ops.entity.read).',
    );
    expect(within(refused).queryByRole('button')).not.toBeInTheDocument();
  });
});
