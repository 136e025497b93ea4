import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createApiFactory } from '@backstage/core-plugin-api';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import type { GsvOpsApi } from '@gsv/plugin-gsv-ops-common';
import { gsvOpsApiRef } from './api/GsvOpsApi';
import { degradedView } from './__fixtures__/entityViews';
import {
  agentRegistryEntity,
  notAnnotatedEntity,
} from './__fixtures__/entities';
import { platformHealthView } from './__fixtures__/platformHealth';
import { legacyApp } from './__testUtils__/legacyApp';
import { fakeGsvOpsApi, permissionApi } from './__testUtils__/renderOps';
import {
  agentRegistryDeployments,
  restartTemplateEntity,
  restartTemplateParameterSchema,
} from './scaffolder/__testUtils__/restartTemplate';
import { gsvOpsPlugin } from './plugin';
import { isGsvOpsAvailable } from './isGsvOpsAvailable';

// A whole legacy app, its pages loaded lazily: slow on a cold, shared machine.
jest.setTimeout(60_000);
const loaded = { timeout: 20_000 };

beforeAll(() => {
  window.scrollTo = jest.fn();
});

afterEach(() => window.history.replaceState({}, '', '/'));

/** Opens a path of the legacy app, whose browser router reads window.location. */
function openLegacyApp(path: string, api: GsvOpsApi) {
  window.history.pushState({}, '', path);
  const App = legacyApp([
    createApiFactory(gsvOpsApiRef, api),
    createApiFactory(permissionApiRef, permissionApi('allow')),
    catalogApiMock.factory({
      entities: [
        agentRegistryEntity,
        notAnnotatedEntity,
        restartTemplateEntity,
      ],
    }),
    createApiFactory(scaffolderApiRef, {
      getTemplateParameterSchema: async () => restartTemplateParameterSchema,
    } as unknown as typeof scaffolderApiRef.T),
  ]);
  return render(<App />);
}

const entityPath = (name: string) => `/catalog/default/component/${name}`;

describe('gsv-ops', () => {
  it('is the gsv-ops plugin', () => {
    expect(gsvOpsPlugin.getId()).toBe('gsv-ops');
  });

  it('is available for entities with a kubernetes id', () => {
    const entity = (annotations: Record<string, string>) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'agent-registry', annotations },
    });
    expect(
      isGsvOpsAvailable(
        entity({ 'backstage.io/kubernetes-id': 'agent-registry' }),
      ),
    ).toBe(true);
    expect(isGsvOpsAvailable(entity({}))).toBe(false);
  });
});

describe('the legacy exports in a legacy app', () => {
  it('show the Ops tab of an annotated entity with the view from the API, and the card on its overview', async () => {
    const api = fakeGsvOpsApi({ entityView: degradedView() });
    openLegacyApp(entityPath('agent-registry'), api);

    expect(
      await screen.findByRole('link', { name: /Open the Ops tab/ }, loaded),
    ).toHaveAttribute('href', `${entityPath('agent-registry')}/ops`);
    await userEvent.click(screen.getByRole('tab', { name: 'Ops' }));
    expect(
      await screen.findByTestId('ops-headline', {}, loaded),
    ).toHaveTextContent('Degraded');
  });

  it('leave the Ops tab out for an entity without annotations', async () => {
    const api = fakeGsvOpsApi({ entityView: degradedView() });
    openLegacyApp(entityPath(notAnnotatedEntity.metadata.name), api);

    expect(
      await screen.findByRole('tab', { name: 'Overview' }, loaded),
    ).toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: 'Ops' })).not.toBeInTheDocument();
  });

  it('open a quick action in the scaffolder through the bound route, with the GSV Ops target picker', async () => {
    const api = fakeGsvOpsApi({ entityView: degradedView() });
    api.listTargets.mockResolvedValue(agentRegistryDeployments);
    openLegacyApp(`${entityPath('agent-registry')}/ops`, api);

    const [restart] = await screen.findAllByRole(
      'button',
      { name: 'Restart deployment: cmp/agent-registry' },
      loaded,
    );
    expect(restart.getAttribute('href')).toMatch(
      /^\/create\/templates\/default\/gsv-restart-deployment\?formData=/,
    );
    await userEvent.click(restart);

    const select = await screen.findByRole(
      'combobox',
      { name: 'Deployment' },
      loaded,
    );
    await waitFor(() => expect(select).toBeEnabled());
    expect(await screen.findByText('Cluster: gsv-dev')).toBeInTheDocument();
    expect(
      within(select).getByRole('option', {
        name: 'cmp/agent-registry — gsv-dev (dev) · 2/2 ready',
      }),
    ).toBeInTheDocument();
  });

  it('serve the platform page, its rows linked to the Ops tabs', async () => {
    const api = fakeGsvOpsApi({ platformHealth: platformHealthView() });
    openLegacyApp('/platform-health', api);

    expect(
      await screen.findByTestId('platform-headline', {}, loaded),
    ).toHaveTextContent('Action needed');
    const pods = within(screen.getByTestId('non-running-pods'));
    expect(pods.getAllByTestId('service-link')[0]).toHaveAttribute(
      'href',
      `${entityPath('agent-registry')}/ops?cluster=gsv-dev`,
    );
  });
});
