import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderTestApp } from '@backstage/frontend-test-utils';
import {
  catalogApiMock,
  createTestEntityPage,
} from '@backstage/plugin-catalog-react/testUtils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import { gsvOpsApiRef } from '../api/GsvOpsApi';
import { healthyView } from '../__fixtures__/entityViews';
import { agentRegistryEntity } from '../__fixtures__/entities';
import { fakeGsvOpsApi, permissionApi } from '../__testUtils__/renderOps';
import {
  agentRegistryDeployments,
  restartTemplateEntity,
  restartTemplateParameterSchema,
} from '../scaffolder/__testUtils__/restartTemplate';
import gsvOpsPluginFromAlpha from '../alpha';
import { gsvOpsPlugin } from './plugin';

// The scaffolder's template page is slow to render on shared CI machines.
jest.setTimeout(30_000);

beforeAll(() => {
  window.scrollTo = jest.fn();
});

afterEach(() => window.history.replaceState({}, '', '/'));

describe('@gsv/plugin-gsv-ops/alpha', () => {
  it('is the gsv-ops plugin', () => {
    expect(gsvOpsPluginFromAlpha).toBe(gsvOpsPlugin);
    expect(gsvOpsPlugin.id).toBe('gsv-ops');
  });

  it('opens a quick action in the scaffolder, whose form has the GSV Ops target picker', async () => {
    const api = fakeGsvOpsApi({ entityView: healthyView() });
    api.listTargets.mockResolvedValue(agentRegistryDeployments);
    const scaffolderApi = {
      getTemplateParameterSchema: jest.fn(
        async () => restartTemplateParameterSchema,
      ),
    };
    renderTestApp({
      features: [scaffolderPlugin, gsvOpsPlugin],
      extensions: [createTestEntityPage({ entity: agentRegistryEntity })],
      apis: [
        [gsvOpsApiRef, api],
        [permissionApiRef, permissionApi('allow')],
        [scaffolderApiRef, scaffolderApi],
        catalogApiMock({
          entities: [agentRegistryEntity, restartTemplateEntity],
        }),
      ],
    });

    // the first one is in the Quick actions card
    const [restart] = await screen.findAllByRole('button', {
      name: 'Restart deployment: cmp/agent-registry',
    });
    // bound to the scaffolder's template page without any route binding in the app
    expect(restart.getAttribute('href')).toMatch(
      /^\/create\/templates\/default\/gsv-restart-deployment\?formData=/,
    );
    // the scaffolder reads the prefill from window.location, which the test app's memory router leaves alone
    window.history.pushState({}, '', restart.getAttribute('href'));
    await userEvent.click(restart);

    const select = await screen.findByRole('combobox', { name: 'Deployment' });
    await waitFor(() => expect(select).toBeEnabled());
    expect(scaffolderApi.getTemplateParameterSchema).toHaveBeenCalledWith(
      'template:default/gsv-restart-deployment',
    );
    expect(api.listTargets).toHaveBeenCalledWith(
      'component:default/agent-registry',
      'deployment',
    );
    // prefilled from the quick action: the deployment on gsv-dev
    expect(await screen.findByText('Cluster: gsv-dev')).toBeInTheDocument();
    expect(
      within(select).getByRole('option', {
        name: 'cmp/agent-registry — gsv-dev (dev) · 2/2 ready',
      }),
    ).toBeInTheDocument();
  });
});
