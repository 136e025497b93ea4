import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeApi, renderTemplateForm } from '../__testUtils__/templateForm';
import { agentRegistryDeployments as deployments } from '../__testUtils__/restartTemplate';

const targetPage = {
  required: ['target'],
  properties: {
    target: {
      title: 'Deployment',
      type: 'object',
      'ui:field': 'GsvOpsTargetPicker',
      'ui:options': { kind: 'deployment', targetParameter: 'deployment' },
    },
  },
};

// The scaffolder's own stepper with user-event is slow on shared CI machines.
jest.setTimeout(20_000);

beforeAll(() => {
  window.scrollTo = jest.fn();
});

describe('GsvOpsTargetPicker', () => {
  it('lists the entity’s targets of the kind and submits the chosen one with its cluster and environment', async () => {
    const api = fakeApi();
    api.listTargets.mockResolvedValue(deployments);
    const { onCreate } = await renderTemplateForm({
      api,
      page: targetPage,
      initialState: { entityRef: 'component:default/agent-registry' },
    });

    const select = await screen.findByLabelText(/Deployment/);
    await waitFor(() => expect(select).toBeEnabled());
    expect(api.listTargets).toHaveBeenCalledWith(
      'component:default/agent-registry',
      'deployment',
    );
    expect(
      screen.getByRole('option', {
        name: 'cmp/agent-registry — gsv-prod (prod) · 3/3 ready',
      }),
    ).toBeInTheDocument();

    await userEvent.selectOptions(select, 'gsv-prod/cmp/agent-registry');

    expect(await screen.findByText('Cluster: gsv-prod')).toBeInTheDocument();
    expect(screen.getByText('Environment: prod')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Create' }),
    );
    await waitFor(() => expect(onCreate).toHaveBeenCalled());
    expect(onCreate.mock.calls[0][0].target).toEqual({
      cluster: 'gsv-prod',
      environment: 'prod',
      namespace: 'cmp',
      name: 'agent-registry',
    });
  });

  it('keeps a prefilled target and completes its environment from the list', async () => {
    const api = fakeApi();
    api.listTargets.mockResolvedValue(deployments);
    const { onCreate } = await renderTemplateForm({
      api,
      page: targetPage,
      initialState: {
        entityRef: 'component:default/agent-registry',
        target: {
          cluster: 'gsv-dev',
          namespace: 'cmp',
          name: 'agent-registry',
        },
      },
    });

    expect(await screen.findByText('Environment: dev')).toBeInTheDocument();
    expect(screen.getByLabelText(/Deployment/)).toHaveValue(
      'gsv-dev/cmp/agent-registry',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Create' }),
    );
    await waitFor(() => expect(onCreate).toHaveBeenCalled());
    expect(onCreate.mock.calls[0][0].target).toEqual({
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'cmp',
      name: 'agent-registry',
    });
  });

  it('takes over a prefill in the action-input shape', async () => {
    const api = fakeApi();
    api.listTargets.mockResolvedValue(deployments);
    await renderTemplateForm({
      api,
      page: targetPage,
      initialState: {
        entityRef: 'component:default/agent-registry',
        cluster: 'gsv-prod',
        parameters: { namespace: 'cmp', deployment: 'agent-registry' },
      },
    });

    expect(await screen.findByText('Environment: prod')).toBeInTheDocument();
    expect(screen.getByLabelText(/Deployment/)).toHaveValue(
      'gsv-prod/cmp/agent-registry',
    );
  });

  it('takes over a prefill of a namespace target in the action-input shape', async () => {
    const api = fakeApi();
    api.listTargets.mockResolvedValue({
      items: [
        {
          cluster: 'gsv-dev',
          environment: 'dev',
          kind: 'Namespace',
          name: 'cmp',
        },
      ],
      errors: [],
    });
    const { onCreate } = await renderTemplateForm({
      api,
      page: {
        properties: {
          target: {
            title: 'Namespace',
            type: 'object',
            'ui:field': 'GsvOpsTargetPicker',
            'ui:options': { kind: 'namespace', targetParameter: 'namespace' },
          },
        },
      },
      initialState: {
        entityRef: 'component:default/agent-registry',
        cluster: 'gsv-dev',
        parameters: { namespace: 'cmp' },
      },
    });

    expect(await screen.findByText('Environment: dev')).toBeInTheDocument();
    expect(
      screen.queryByText(/not one of the entity’s/),
    ).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Create' }),
    );
    await waitFor(() => expect(onCreate).toHaveBeenCalled());
    expect(onCreate.mock.calls[0][0].target).toEqual({
      cluster: 'gsv-dev',
      environment: 'dev',
      name: 'cmp',
    });
  });

  it('warns about a prefilled target that is not among the entity’s targets', async () => {
    const api = fakeApi();
    api.listTargets.mockResolvedValue(deployments);
    await renderTemplateForm({
      api,
      page: targetPage,
      initialState: {
        entityRef: 'component:default/agent-registry',
        target: { cluster: 'gsv-dev', namespace: 'sso', name: 'keycloak' },
      },
    });

    expect(
      await screen.findByText(
        'keycloak in cluster gsv-dev is not one of the entity’s deployment targets; the dry run will be refused.',
      ),
    ).toBeInTheDocument();
  });

  it('shows clusters that did not answer, and a failed listing with a retry', async () => {
    const api = fakeApi();
    api.listTargets
      .mockRejectedValueOnce(
        Object.assign(new Error('Request failed with 403'), {
          body: {
            error: {
              message: 'Not allowed to read component:default/agent-registry',
            },
          },
        }),
      )
      .mockResolvedValueOnce({
        items: [deployments.items[0]],
        errors: [
          {
            cluster: 'gsv-prod',
            reason: 'Unreachable',
            message: 'connect ECONNREFUSED',
            since: 'x',
          },
        ],
      });
    await renderTemplateForm({
      api,
      page: targetPage,
      initialState: { entityRef: 'component:default/agent-registry' },
    });

    expect(
      await screen.findByText(
        /Could not list the targets: Not allowed to read component:default\/agent-registry/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

    expect(
      await screen.findByText(
        'Cluster gsv-prod did not answer (Unreachable): its targets are missing from the list.',
      ),
    ).toBeInTheDocument();
    expect(api.listTargets).toHaveBeenCalledTimes(2);
  });

  it('asks for the entity first', async () => {
    const api = fakeApi();
    await renderTemplateForm({ api, page: targetPage });

    expect(
      await screen.findByText('Deployment: choose the entity first.'),
    ).toBeInTheDocument();
    expect(api.listTargets).not.toHaveBeenCalled();
  });
});
