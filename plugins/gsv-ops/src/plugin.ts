import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { gsvOpsApiFactory } from './api/gsvOpsApiFactory';
import {
  createFromTemplateRouteRef,
  platformHealthRouteRef,
  rootRouteRef,
} from './routes';

/** @public */
export const gsvOpsPlugin = createPlugin({
  id: 'gsv-ops',
  apis: [gsvOpsApiFactory],
  routes: {
    entityContent: rootRouteRef,
    platformHealth: platformHealthRouteRef,
  },
  externalRoutes: {
    /** Bind to `scaffolderPlugin.routes.selectedTemplate` so quick actions open the runbook templates. */
    createFromTemplate: createFromTemplateRouteRef,
  },
});

/** The Ops tab of a service. @public */
export const EntityGsvOpsContent = gsvOpsPlugin.provide(
  createRoutableExtension({
    name: 'EntityGsvOpsContent',
    component: () =>
      import('./components/EntityGsvOpsContent').then(
        m => m.EntityGsvOpsContent,
      ),
    mountPoint: rootRouteRef,
  }),
);

/** A summary card of the Ops view for the entity overview page. @public */
export const EntityGsvOpsCard = gsvOpsPlugin.provide(
  createComponentExtension({
    name: 'EntityGsvOpsCard',
    component: {
      lazy: () =>
        import('./components/EntityGsvOpsCard').then(m => m.EntityGsvOpsCard),
    },
  }),
);

/** The platform health page: the ops guide's daily health check across clusters. @public */
export const GsvPlatformHealthPage = gsvOpsPlugin.provide(
  createRoutableExtension({
    name: 'GsvPlatformHealthPage',
    component: () =>
      import('./components/GsvPlatformHealthPage').then(
        m => m.GsvPlatformHealthPage,
      ),
    mountPoint: platformHealthRouteRef,
  }),
);
