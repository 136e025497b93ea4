import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { GsvPermissionPolicy } from './GsvPermissionPolicy';

/**
 * Installs {@link GsvPermissionPolicy} as the permission policy of the backend.
 *
 * @public
 */
export const permissionModuleGsvPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'gsv-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        policy.setPolicy(GsvPermissionPolicy.fromConfig(config, { userInfo }));
      },
    });
  },
});
