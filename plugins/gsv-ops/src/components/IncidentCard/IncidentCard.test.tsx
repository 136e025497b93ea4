import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import type { Incident, IncidentDetail } from '@gsv/plugin-gsv-ops-common';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { IncidentCard } from './IncidentCard';

const ENTITY = 'component:default/agent-registry';
const minutesAgo = (m: number) =>
  new Date(Date.now() - m * 60_000).toISOString();

const open: Incident = {
  id: 'GSV-INC-0000ABCD',
  entityRef: ENTITY,
  severity: 'P2',
  summary: 'Registry answers 503',
  commander: 'user:default/ann',
  status: 'open',
  declaredBy: 'user:default/jane',
  declaredAt: minutesAgo(12),
  notes: [],
};

const detail = (incident: Incident): IncidentDetail => ({
  incident,
  timeline: [
    {
      at: incident.declaredAt,
      kind: 'declared',
      title: 'Incident declared by user:default/jane',
      detail: 'P2: Registry answers 503',
    },
    {
      at: minutesAgo(10),
      kind: 'alert-fired',
      title: 'Alert firing: HighErrorRate (critical) in gsv-dev',
      link: 'http://prometheus/graph',
    },
    {
      at: minutesAgo(5),
      kind: 'operation-ended',
      title:
        'Restart deployment of Deployment cmp/agent-registry in gsv-dev: succeeded',
    },
  ],
  errors: ['Alerts of gsv-prod: Alertmanager is unreachable'],
});

describe('IncidentCard', () => {
  it('offers to declare an incident, with the current user as commander', async () => {
    const api = fakeGsvOpsApi();
    api.declareIncident.mockResolvedValue(open);
    await renderOps(<IncidentCard entityRef={ENTITY} />, { api });
    expect(
      await screen.findByText('No incident is open on this service.'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Declare incident' }),
    );
    const dialog = await screen.findByRole('dialog');
    await waitFor(() =>
      expect(within(dialog).getByLabelText('Commander')).toHaveValue(
        'user:default/guest',
      ),
    );
    await userEvent.type(
      within(dialog).getByLabelText('Summary'),
      'Registry answers 503',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Declare' }),
    );
    await waitFor(() =>
      expect(api.declareIncident).toHaveBeenCalledWith({
        entityRef: ENTITY,
        severity: 'P2',
        summary: 'Registry answers 503',
        commander: 'user:default/guest',
      }),
    );
    await waitFor(() => expect(api.listIncidents).toHaveBeenCalledTimes(2));
  });

  it('shows the open incident with its timeline, adds a note, resolves it and shows its record', async () => {
    const writeText = jest.fn(async (_text: string) => {});
    Object.defineProperty(window.navigator, 'clipboard', {
      value: { writeText },
      configurable: true,
    });
    const api = fakeGsvOpsApi({
      incidents: [open],
      incidentDetail: () => detail(open),
    });
    api.addIncidentNote.mockResolvedValue(open);
    api.resolveIncident.mockResolvedValue({ ...open, status: 'resolved' });
    api.getIncidentRecord.mockResolvedValue(
      '# Post-incident record: GSV-INC-0000ABCD — Registry answers 503\n\n- **Severity:** P2',
    );
    await renderOps(<IncidentCard entityRef={ENTITY} refreshKey="etag-1" />, {
      api,
    });

    expect(await screen.findByText('Registry answers 503')).toBeInTheDocument();
    expect(screen.getByText(/· commander/).closest('p')).toHaveTextContent(
      'GSV-INC-0000ABCD · commander ann · declared 12 minutes ago by jane',
    );
    const timeline = screen.getByRole('list', { name: 'Incident timeline' });
    // Newest first.
    expect(within(timeline).getAllByRole('listitem')[0]).toHaveTextContent(
      'Restart deployment of Deployment cmp/agent-registry in gsv-dev: succeeded',
    );
    expect(
      within(timeline).getByRole('link', { name: /HighErrorRate/ }),
    ).toHaveAttribute('href', 'http://prometheus/graph');
    expect(
      screen.getByText(
        'Not shown right now: Alerts of gsv-prod: Alertmanager is unreachable',
      ),
    ).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('Note'), 'Rolled back');
    await userEvent.click(screen.getByRole('button', { name: 'Add note' }));
    await waitFor(() =>
      expect(api.addIncidentNote).toHaveBeenCalledWith(open.id, 'Rolled back'),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    await waitFor(() =>
      expect(api.resolveIncident).toHaveBeenCalledWith(open.id),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByRole('heading', {
        name: /Post-incident record: GSV-INC-0000ABCD/,
      }),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Copy' })).toBeEnabled();
    expect(
      within(dialog).getByRole('button', { name: 'Download' }),
    ).toBeEnabled();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Copy' }));
    expect(
      await within(dialog).findByText('Copied as Markdown'),
    ).toBeInTheDocument();
    expect(writeText).toHaveBeenCalledWith(
      expect.stringMatching(/^# Post-incident record: GSV-INC-0000ABCD/),
    );
  });

  it('shows no actions to those who may not manage incidents', async () => {
    const api = fakeGsvOpsApi({
      incidents: [open],
      incidentDetail: () => detail(open),
    });
    await renderOps(<IncidentCard entityRef={ENTITY} />, {
      api,
      permissions: name => name !== 'gsv-ops.incident.manage',
    });
    expect(await screen.findByText('Registry answers 503')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Resolve' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Note')).not.toBeInTheDocument();
  });

  it('says when reading is refused', async () => {
    const refused = await ResponseError.fromResponse(
      new Response('{}', { status: 403 }),
    );
    await renderOps(<IncidentCard entityRef={ENTITY} />, {
      api: fakeGsvOpsApi({ incidents: refused }),
    });
    expect(
      await screen.findByText(
        /You don't have access to the incidents of this service/,
      ),
    ).toHaveTextContent('gsv-ops.entity.read');
  });

  it('says what failed, with a retry', async () => {
    await renderOps(<IncidentCard entityRef={ENTITY} />, {
      api: fakeGsvOpsApi({ incidents: new Error('backend down') }),
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The incidents could not be loaded: backend down',
    );
    expect(
      screen.getByRole('button', { name: 'Try again' }),
    ).toBeInTheDocument();
  });
});
