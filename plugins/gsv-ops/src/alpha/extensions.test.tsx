import { screen, within } from '@testing-library/react';
import {
  ApiBlueprint,
  coreExtensionData,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { GsvOpsClient } from '@gsv/plugin-gsv-ops-common';
import { gsvOpsApiRef } from '../api/GsvOpsApi';
import { degradedView, healthyView } from '../__fixtures__/entityViews';
import {
  agentRegistryEntity,
  notAnnotatedEntity,
} from '../__fixtures__/entities';
import { platformHealthView } from '../__fixtures__/platformHealth';
import { fakeGsvOpsApi, permissionApi } from '../__testUtils__/renderOps';
import {
  gsvOpsApi,
  gsvOpsEntityCard,
  gsvOpsEntityContent,
  gsvOpsPlatformHealthPage,
} from './extensions';

const apis = (api = fakeGsvOpsApi({ entityView: healthyView() })) =>
  [
    [gsvOpsApiRef, api],
    [permissionApiRef, permissionApi('allow')],
  ] as const;

describe('entity-content:gsv-ops/ops', () => {
  it('is the Ops tab at ops, shown for annotated entities only', () => {
    const tester = createExtensionTester(gsvOpsEntityContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('ops');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Ops');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter?.(agentRegistryEntity)).toBe(true);
    expect(filter?.(notAnnotatedEntity)).toBe(false);
  });

  it('shows the view the API answers for the entity', async () => {
    const api = fakeGsvOpsApi({ entityView: degradedView() });
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: agentRegistryEntity }),
        gsvOpsEntityContent,
      ],
      apis: apis(api),
    });
    expect(await screen.findByTestId('ops-headline')).toHaveTextContent(
      'Degraded',
    );
    const row = screen
      .getAllByTestId('deployment-row')
      .find(r => r.getAttribute('data-name') === 'agent-registry')!;
    expect(within(row).getByTestId('deployment-ready')).toHaveTextContent(
      '1/3',
    );
    expect(api.getEntityView).toHaveBeenCalledWith(
      'component:default/agent-registry',
      expect.anything(),
    );
  });

  it('is not on the page of an entity without GSV Ops annotations', async () => {
    const api = fakeGsvOpsApi({ entityView: healthyView() });
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: notAnnotatedEntity }),
        gsvOpsEntityContent,
      ],
      apis: apis(api),
    });
    expect(await screen.findByTestId('empty-entity-page')).toBeInTheDocument();
    expect(api.getEntityView).not.toHaveBeenCalled();
  });
});

describe('entity-card:gsv-ops/summary', () => {
  it('sums up the entity on its overview and links to the Ops tab', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: agentRegistryEntity }),
        gsvOpsEntityCard,
      ],
      apis: apis(fakeGsvOpsApi({ entityView: degradedView() })),
    });
    expect(await screen.findByText('Degraded')).toBeInTheDocument();
    // the test entity page mounts the entity route at /
    expect(
      screen.getByRole('link', { name: /Open the Ops tab/ }),
    ).toHaveAttribute('href', '/ops');
  });
});

describe('page:gsv-ops/platform-health', () => {
  it('is the platform health page at /platform-health', async () => {
    renderTestApp({
      extensions: [gsvOpsPlatformHealthPage],
      apis: apis(fakeGsvOpsApi({ platformHealth: platformHealthView() })),
      initialRouteEntries: ['/platform-health'],
      // where the catalog plugin mounts entity pages: rows link to the Ops tab there
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(await screen.findByTestId('platform-headline')).toHaveTextContent(
      'Action needed',
    );
    // its own header, not a second one from the app's page layout
    expect(
      screen.getAllByRole('heading', { name: 'Platform health' }),
    ).toHaveLength(1);
    // and its item in the sidebar
    expect(
      within(screen.getByRole('navigation')).getByRole('link', {
        name: /Platform health/,
      }),
    ).toHaveAttribute('href', '/platform-health');
    const pods = within(screen.getByTestId('non-running-pods'));
    expect(pods.getAllByTestId('service-link')[0]).toHaveAttribute(
      'href',
      '/catalog/default/component/agent-registry/ops?cluster=gsv-dev',
    );
  });
});

describe('api:gsv-ops', () => {
  it('builds the GSV Ops client on the discovery and fetch APIs', () => {
    const factory = createExtensionTester(gsvOpsApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api).toBe(gsvOpsApiRef);
    expect(factory.deps).toEqual({
      discoveryApi: discoveryApiRef,
      fetchApi: fetchApiRef,
    });
    expect(
      factory.factory({
        discoveryApi: mockApis.discovery(),
        fetchApi: mockApis.fetch(),
      }),
    ).toBeInstanceOf(GsvOpsClient);
  });
});
