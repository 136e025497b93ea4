import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  dryRunRecord,
  fakeApi,
  renderTemplateForm,
} from './__testUtils__/templateForm';
import {
  buildRunbookRequest,
  requestFingerprint,
} from '@gsv/plugin-gsv-ops-common';
import { restartTemplatePages as pages } from './__testUtils__/restartTemplate';

// The scaffolder's own stepper with user-event is slow on shared CI machines.
jest.setTimeout(30_000);

beforeAll(() => {
  window.scrollTo = jest.fn();
});

const prefill = {
  entityRef: 'component:default/agent-registry',
  target: { cluster: 'gsv-dev', namespace: 'cmp', name: 'agent-registry' },
};

describe('a runbook template in the scaffolder form', () => {
  it('opens prefilled, dry-runs on the last page, and submits only after the review and the confirmation', async () => {
    const api = fakeApi();
    api.listTargets.mockResolvedValue({
      items: [
        {
          cluster: 'gsv-dev',
          environment: 'dev',
          kind: 'Deployment',
          namespace: 'cmp',
          name: 'agent-registry',
        },
      ],
      errors: [],
    });
    api.startOperation.mockResolvedValue(
      dryRunRecord({ runbook: 'deployment-restart' }),
    );
    const { onCreate } = await renderTemplateForm({
      api,
      pages,
      initialState: prefill,
    });

    // page 1: the prefilled target, completed with its environment
    expect(await screen.findByText('Environment: dev')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));

    // page 2: the incident is only asked for outside the window
    expect(
      await screen.findByLabelText(
        /This change is outside the maintenance window/,
      ),
    ).not.toBeChecked();
    expect(screen.queryByLabelText(/Incident id/)).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));

    // page 3: the dry run ran with the form's values; nothing is pre-ticked
    expect(
      await screen.findByText('Dry run: 1 object would change'),
    ).toBeInTheDocument();
    expect(api.startOperation).toHaveBeenCalledWith(
      expect.objectContaining({
        runbook: 'deployment-restart',
        entityRef: 'component:default/agent-registry',
        cluster: 'gsv-dev',
        parameters: {
          namespace: 'cmp',
          deployment: 'agent-registry',
          timeoutSeconds: 300,
        },
        dryRun: true,
      }),
    );
    const confirm = screen.getByLabelText(
      /Restart the deployment: its pods are replaced one by one/,
    );
    expect(confirm).not.toBeChecked();
    expect(
      screen.getByLabelText('I have reviewed this plan'),
    ).not.toBeChecked();

    await userEvent.click(screen.getByLabelText('I have reviewed this plan'));
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(
      screen.queryByRole('button', { name: 'Create' }),
    ).not.toBeInTheDocument();

    await userEvent.click(
      screen.getByLabelText(
        /Restart the deployment: its pods are replaced one by one/,
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Create' }),
    );

    await waitFor(() => expect(onCreate).toHaveBeenCalled());
    const values = onCreate.mock.calls[0][0];
    const request = buildRunbookRequest(
      {
        runbook: 'deployment-restart',
        targetParameter: 'deployment',
        parameters: ['timeoutSeconds'],
      },
      values,
    ).request!;
    expect(values).toMatchObject({
      entityRef: 'component:default/agent-registry',
      target: {
        cluster: 'gsv-dev',
        environment: 'dev',
        namespace: 'cmp',
        name: 'agent-registry',
      },
      parameters: { timeoutSeconds: 300 },
      outsideWindow: false,
      confirm: true,
      review: {
        operationId: 'op-dry-1',
        acknowledged: true,
        fingerprint: requestFingerprint(request),
      },
    });
  });

  it('asks for the incident when the change is outside the window, and dry-runs with it', async () => {
    const api = fakeApi();
    api.listTargets.mockResolvedValue({
      items: [
        {
          cluster: 'gsv-dev',
          environment: 'dev',
          kind: 'Deployment',
          namespace: 'cmp',
          name: 'agent-registry',
        },
      ],
      errors: [],
    });
    api.startOperation.mockResolvedValue(
      dryRunRecord({ runbook: 'deployment-restart' }),
    );
    await renderTemplateForm({ api, pages, initialState: prefill });
    await screen.findByText('Environment: dev');
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));

    await userEvent.click(
      await screen.findByLabelText(
        /This change is outside the maintenance window/,
      ),
    );
    // the incident fields appear and are required: the page does not move on without them
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByLabelText(/Incident id/)).toBeRequired();
    expect(screen.queryByText('Dry run')).not.toBeInTheDocument();

    await userEvent.type(screen.getByLabelText(/Incident id/), 'INC-1234');
    await userEvent.click(screen.getByRole('button', { name: /Severity/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'P1' }));
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));

    expect(
      await screen.findByText('Dry run: 1 object would change'),
    ).toBeInTheDocument();
    expect(api.startOperation).toHaveBeenCalledWith(
      expect.objectContaining({
        runbook: 'deployment-restart',
        incident: { id: 'INC-1234', severity: 'P1' },
        dryRun: true,
      }),
    );
  });
});
