import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { GsvOpsClient } from '@gsv/plugin-gsv-ops-common';
import { createCheckActions } from './lib/createCheckActions';
import { createRunbookActions } from './lib/createRunbookActions';

/**
 * The GSV runbook actions for the scaffolder: one `gsv:<noun>:<verb>` action per runbook, each calling the gsv-ops
 * backend on behalf of the task's initiator, and the read-only checks (`gsv:service:check-health`,
 * `gsv:database:check-restorable`) that chain them.
 *
 * @public
 */
export const scaffolderModuleGsvRunbooks = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'gsv-runbooks',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ scaffolder, auth, discovery, config, logger }) {
        const client = new GsvOpsClient({ discoveryApi: discovery });
        const appBaseUrl = config.getString('app.baseUrl');
        scaffolder.addActions(
          ...createRunbookActions({ client, auth, appBaseUrl, logger }),
          ...createCheckActions({ client, auth, logger }),
        );
      },
    });
  },
});
