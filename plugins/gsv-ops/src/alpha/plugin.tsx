import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import {
  createFromTemplateRouteRef,
  platformHealthRouteRef,
  rootRouteRef,
} from '../routes';
import {
  gsvOpsApi,
  gsvOpsEntityCard,
  gsvOpsEntityContent,
  gsvOpsPlatformHealthPage,
} from './extensions';
import {
  gsvOpsDryRunReviewFormField,
  gsvOpsTargetPickerFormField,
} from './formFields';

/**
 * GSV Ops in the new frontend system: the Ops tab and the summary card of annotated entities, the platform health
 * page with its nav item, the API, and the runbook templates' form fields.
 *
 * @alpha
 */
export const gsvOpsPlugin = createFrontendPlugin({
  pluginId: 'gsv-ops',
  title: 'GSV Ops',
  info: { packageJson: () => import('../../package.json') },
  routes: {
    entityContent: rootRouteRef,
    platformHealth: platformHealthRouteRef,
  },
  externalRoutes: {
    // bound to the scaffolder's template page by default (`scaffolder.selectedTemplate`)
    createFromTemplate: createFromTemplateRouteRef,
  },
  extensions: [
    gsvOpsApi,
    gsvOpsEntityContent,
    gsvOpsEntityCard,
    gsvOpsPlatformHealthPage,
    gsvOpsTargetPickerFormField,
    gsvOpsDryRunReviewFormField,
  ],
});
