import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  dryRunRecord,
  fakeApi,
  renderTemplateForm,
} from '../__testUtils__/templateForm';
import { requestFingerprint } from '@gsv/plugin-gsv-ops-common';
import { openCalendar } from '../../__fixtures__/maintenance';

const reviewPage = {
  required: ['review'],
  properties: {
    review: {
      title: 'Dry run',
      type: 'object',
      'ui:field': 'GsvOpsDryRunReview',
      'ui:options': {
        runbook: 'deployment-scale',
        targetParameter: 'deployment',
        parameters: ['replicas'],
      },
    },
  },
};

const filledForm = {
  entityRef: 'component:default/agent-registry',
  target: {
    cluster: 'gsv-dev',
    environment: 'dev',
    namespace: 'cmp',
    name: 'agent-registry',
  },
  parameters: { replicas: 3 },
};

const expectedRequest = {
  runbook: 'deployment-scale',
  entityRef: 'component:default/agent-registry',
  cluster: 'gsv-dev',
  parameters: { namespace: 'cmp', deployment: 'agent-registry', replicas: 3 },
};

// The scaffolder's own stepper with user-event is slow on shared CI machines.
jest.setTimeout(20_000);

beforeAll(() => {
  window.scrollTo = jest.fn();
});

describe('GsvOpsDryRunReview', () => {
  it('runs the engine’s dry run for the form’s values and shows the plan and its diff', async () => {
    const api = fakeApi();
    api.startOperation.mockResolvedValue(dryRunRecord());
    await renderTemplateForm({
      api,
      page: reviewPage,
      initialState: filledForm,
    });

    expect(
      await screen.findByText('Dry run: 1 object would change'),
    ).toBeInTheDocument();
    expect(api.startOperation).toHaveBeenCalledTimes(1);
    expect(api.startOperation).toHaveBeenCalledWith({
      ...expectedRequest,
      dryRun: true,
      origin: 'scaffolder-form:review',
    });
    expect(screen.getByLabelText('diff of step plan')).toHaveTextContent(
      '- spec.replicas: 2 + spec.replicas: 3',
    );
    expect(
      screen.getByText(/Would scale from 2 to 3 replicas/),
    ).toBeInTheDocument();
    expect(screen.getByText('Cluster: gsv-dev (dev)')).toBeInTheDocument();
  });

  it('says before the dry run what the maintenance policy allows now and the approval a real run needs', async () => {
    const api = fakeApi();
    api.startOperation.mockResolvedValue(dryRunRecord());
    api.getMaintenanceCalendar.mockResolvedValue({
      ...openCalendar('dev'),
      runbooks: [
        {
          runbook: 'deployment-scale',
          allowedNow: false,
          reason:
            'dev is outside its maintenance window (next: Thu 17 Dec 10:00 UTC)',
          approval: { required: 1, group: 'group:default/platform-team' },
        },
      ],
    });
    await renderTemplateForm({
      api,
      page: reviewPage,
      initialState: filledForm,
    });
    expect(await screen.findByTestId('policy-note')).toHaveTextContent(
      'Not now: dev is outside its maintenance window (next: Thu 17 Dec 10:00 UTC). A real run waits for 1 approval from platform-team (not you).',
    );
    expect(api.getMaintenanceCalendar).toHaveBeenCalledWith('dev');
  });

  it('blocks the form until the plan is acknowledged, then submits the reviewed dry run', async () => {
    const api = fakeApi();
    api.startOperation.mockResolvedValue(dryRunRecord());
    const { onCreate } = await renderTemplateForm({
      api,
      page: reviewPage,
      initialState: filledForm,
    });
    await screen.findByText('Dry run: 1 object would change');

    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(
      await screen.findAllByText(
        /Run the dry run and confirm that you reviewed its plan/,
      ),
    ).not.toHaveLength(0);
    expect(onCreate).not.toHaveBeenCalled();

    await userEvent.click(screen.getByLabelText('I have reviewed this plan'));
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Create' }),
    );

    await waitFor(() => expect(onCreate).toHaveBeenCalled());
    expect(onCreate.mock.calls[0][0].review).toEqual({
      operationId: 'op-dry-1',
      fingerprint: requestFingerprint(expectedRequest as any),
      acknowledged: true,
    });
  });

  it('cannot be acknowledged when the dry run fails, and shows why', async () => {
    const api = fakeApi();
    api.startOperation.mockResolvedValue(
      dryRunRecord({
        status: 'failed',
        summary:
          'The server refused the change: replicas 3 exceed the HPA maximum of 2',
        steps: [
          {
            index: 0,
            name: 'plan',
            status: 'failed',
            message: 'admission webhook denied the request',
            startedAt: '2026-11-24T10:00:00Z',
          },
        ],
      }),
    );
    await renderTemplateForm({
      api,
      page: reviewPage,
      initialState: filledForm,
    });

    expect(
      await screen.findByText(/replicas 3 exceed the HPA maximum of 2/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/admission webhook denied the request/),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('I have reviewed this plan')).toBeDisabled();
  });

  it('shows the engine’s refusal and points to the incident override outside the window', async () => {
    const api = fakeApi();
    api.startOperation.mockRejectedValue(
      Object.assign(new Error('Request failed with 403 Forbidden'), {
        body: {
          error: {
            name: 'NotAllowedError',
            message:
              'dev is outside its maintenance window (Mon-Fri 08:00-18:00 Europe/Berlin); give a P1/P2 incident',
          },
        },
      }),
    );
    await renderTemplateForm({
      api,
      page: reviewPage,
      initialState: filledForm,
    });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'The dry run was refused: dev is outside its maintenance window',
    );
    expect(alert).toHaveTextContent('give the P1/P2 incident');
    expect(screen.getByLabelText('I have reviewed this plan')).toBeDisabled();
  });

  it('sends the incident only when the person says the change is outside the window', async () => {
    const api = fakeApi();
    api.startOperation.mockResolvedValue(dryRunRecord());
    await renderTemplateForm({
      api,
      page: reviewPage,
      initialState: {
        ...filledForm,
        outsideWindow: true,
        incident: { id: 'INC-1234', severity: 'P1' },
      },
    });
    await screen.findByText('Dry run: 1 object would change');

    expect(api.startOperation).toHaveBeenCalledWith(
      expect.objectContaining({ incident: { id: 'INC-1234', severity: 'P1' } }),
    );
  });

  it('waits for the entity and target before running anything', async () => {
    const api = fakeApi();
    await renderTemplateForm({
      api,
      page: reviewPage,
      initialState: { parameters: { replicas: 3 } },
    });

    expect(
      await screen.findByText(
        'Fill in the entity, the target to run the dry run.',
      ),
    ).toBeInTheDocument();
    expect(api.startOperation).not.toHaveBeenCalled();
    expect(
      screen.getByRole('button', { name: 'Run the dry run' }),
    ).toBeDisabled();
  });

  it('runs again on request', async () => {
    const api = fakeApi();
    api.startOperation
      .mockResolvedValueOnce(
        dryRunRecord({ status: 'failed', summary: 'Lock held by op-7' }),
      )
      .mockResolvedValueOnce(dryRunRecord({ id: 'op-dry-2' }));
    await renderTemplateForm({
      api,
      page: reviewPage,
      initialState: filledForm,
    });
    await screen.findByText('Lock held by op-7');

    fireEvent.click(
      screen.getByRole('button', { name: 'Run the dry run again' }),
    );

    expect(await screen.findByText('Operation op-dry-2')).toBeInTheDocument();
    expect(screen.getByLabelText('I have reviewed this plan')).toBeEnabled();
  });

  it('follows a dry run the engine has not finished yet', async () => {
    const api = fakeApi();
    api.startOperation.mockResolvedValue(
      dryRunRecord({ status: 'running', summary: undefined }),
    );
    api.getOperation.mockResolvedValue(dryRunRecord());
    await renderTemplateForm({
      api,
      page: reviewPage,
      initialState: filledForm,
    });

    expect(
      await screen.findByText(
        'Dry run: 1 object would change',
        {},
        { timeout: 3000 },
      ),
    ).toBeInTheDocument();
    expect(api.getOperation).toHaveBeenCalledWith('op-dry-1');
  });
});
