import { Route } from 'react-router-dom';
import { createApp } from '@backstage/app-defaults';
import { AppRouter, FlatRoutes } from '@backstage/core-app-api';
import type { AnyApiFactory } from '@backstage/core-plugin-api';
import {
  CatalogEntityPage,
  CatalogIndexPage,
  EntityLayout,
} from '@backstage/plugin-catalog';
import { ScaffolderPage, scaffolderPlugin } from '@backstage/plugin-scaffolder';
import { ScaffolderFieldExtensions } from '@backstage/plugin-scaffolder-react';
import {
  EntityGsvOpsCard,
  EntityGsvOpsContent,
  GsvOpsDryRunReviewFieldExtension,
  GsvOpsTargetPickerFieldExtension,
  GsvPlatformHealthPage,
  gsvOpsPlugin,
  isGsvOpsAvailable,
} from '..';

/**
 * A legacy-frontend-system app (`@backstage/app-defaults`) that installs the plugin's legacy exports the way its
 * README says: the Ops tab and the card on the entity page, the platform page, the field extensions in the
 * scaffolder, the template route bound. `apis` replace the plugins' own (the app's APIs take precedence).
 */
export function legacyApp(apis: AnyApiFactory[]) {
  const app = createApp({
    apis,
    bindRoutes({ bind }) {
      bind(gsvOpsPlugin.externalRoutes, {
        createFromTemplate: scaffolderPlugin.routes.selectedTemplate,
      });
    },
    configLoader: async () => [
      {
        context: 'test',
        data: {
          app: { title: 'Legacy app' },
          backend: { baseUrl: 'http://localhost:7007' },
        },
      },
    ],
  });
  return app.createRoot(
    <AppRouter>
      <FlatRoutes>
        <Route path="/catalog" element={<CatalogIndexPage />} />
        <Route
          path="/catalog/:namespace/:kind/:name"
          element={<CatalogEntityPage />}
        >
          <EntityLayout>
            <EntityLayout.Route path="/" title="Overview">
              <EntityGsvOpsCard />
            </EntityLayout.Route>
            <EntityLayout.Route path="/ops" title="Ops" if={isGsvOpsAvailable}>
              <EntityGsvOpsContent />
            </EntityLayout.Route>
          </EntityLayout>
        </Route>
        <Route path="/create" element={<ScaffolderPage />}>
          <ScaffolderFieldExtensions>
            <GsvOpsTargetPickerFieldExtension />
            <GsvOpsDryRunReviewFieldExtension />
          </ScaffolderFieldExtensions>
        </Route>
        <Route path="/platform-health" element={<GsvPlatformHealthPage />} />
      </FlatRoutes>
    </AppRouter>,
  );
}
