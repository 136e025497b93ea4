import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { render, screen, waitFor, within } from '@testing-library/react';
import { parse } from 'yaml';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { gsvOpsApiRef, type GsvOpsApi } from '@gsv/plugin-gsv-ops';
import App, { features } from './App';

const service = (name: string, annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', lifecycle: 'production', owner: 'cmp-team' },
});

const entities: Entity[] = [
  service('agent-registry', {
    'backstage.io/kubernetes-id': 'agent-registry',
    'gsv.io/cnpg-cluster': 'cmp/cmp-postgres',
  }),
  service('docs-site', {}),
];

/** The GSV Ops backend refuses the view: the Ops tab then names the permission, which is enough to recognise it. */
async function gsvOpsApiRefusing(): Promise<Partial<GsvOpsApi>> {
  const forbidden = await ResponseError.fromResponse(
    new Response('{}', { status: 403 }),
  );
  return {
    getEntityView: async () => {
      throw forbidden;
    },
    getEntityMetrics: async () => {
      throw forbidden;
    },
    listOperations: async () => ({ items: [] }),
  };
}

/** The app's part of the repository's app-config.yaml (its extensions' configuration). */
const appConfig = parse(
  readFileSync(resolve(__dirname, '../../../app-config.yaml'), 'utf8'),
).app;

async function renderApp(path: string) {
  return renderTestApp({
    features,
    config: {
      app: { extensions: appConfig.extensions },
      // the signals plugin connects to the backend
      backend: { baseUrl: 'http://localhost:7007' },
    },
    initialRouteEntries: [path],
    apis: [
      catalogApiMock({ entities }),
      [gsvOpsApiRef, await gsvOpsApiRefusing()],
      mockApis.permission(),
    ],
  });
}

// The whole app, its plugins loaded lazily: slow on a cold, shared machine.
jest.setTimeout(90_000);
const loaded = { timeout: 30_000 };

/** The entity page's tabs: links in its content navigation. */
const tabs = async () => {
  const nav = await screen.findByRole(
    'navigation',
    { name: 'Content navigation' },
    loaded,
  );
  return within(nav)
    .getAllByRole('link')
    .map(tab => tab.textContent?.trim());
};

describe('App', () => {
  it('starts with the sign-in page, offering the guest locally', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());

    expect(await screen.findByText('Guest', {}, loaded)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
  });

  it('gives a service with GSV Ops annotations the Ops tab next to the official Kubernetes tab', async () => {
    await renderApp('/catalog/default/component/agent-registry');

    expect(
      await screen.findByRole('link', { name: /Open the Ops tab/ }, loaded),
    ).toHaveAttribute('href', '/catalog/default/component/agent-registry/ops');
    expect(await tabs()).toEqual(['Overview', 'Kubernetes', 'Ops']);

    await userEvent.click(screen.getByRole('link', { name: 'Ops' }));
    expect(
      await screen.findByTestId('permission-denied', {}, loaded),
    ).toHaveTextContent('gsv-ops.entity.read');
  });

  it('gives a service without them neither tab', async () => {
    await renderApp('/catalog/default/component/docs-site');

    expect(await tabs()).toEqual(['Overview']);
  });

  it('starts with the catalog, and has the platform health page and the scaffolder in the sidebar', async () => {
    await renderApp('/');

    const nav = within(
      await screen.findByRole('navigation', { name: 'sidebar nav' }, loaded),
    );
    const catalog = await nav.findByRole('link', { name: 'Catalog' }, loaded);
    expect(catalog).toHaveAttribute('href', '/catalog');
    // redirected there: the catalog's item is the current page
    await waitFor(() =>
      expect(catalog).toHaveAttribute('aria-current', 'page'),
    );
    expect(nav.getByRole('link', { name: /Platform health/ })).toHaveAttribute(
      'href',
      '/platform-health',
    );
    expect(nav.getByRole('link', { name: /Create/ })).toHaveAttribute(
      'href',
      '/create',
    );
  });
});
