import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/core-plugin-api';

/** The Ops tab of an entity (mounted by `EntityGsvOpsContent`). */
export const rootRouteRef = createRouteRef({ id: 'gsv-ops' });

/** The platform health page (mounted by `GsvPlatformHealthPage`). */
export const platformHealthRouteRef = createRouteRef({
  id: 'gsv-ops:platform-health',
});

/**
 * Where quick actions open a runbook template: the scaffolder's template page. The new frontend system binds it there
 * by default; a legacy app binds it to `scaffolderPlugin.routes.selectedTemplate`. When it is not bound, quick actions
 * fall back to `/create/templates/:namespace/:templateName`.
 */
export const createFromTemplateRouteRef = createExternalRouteRef({
  id: 'gsv-ops:create-from-template',
  optional: true,
  params: ['namespace', 'templateName'],
  defaultTarget: 'scaffolder.selectedTemplate',
});
