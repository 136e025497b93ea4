import { createBackendModule } from '@backstage/backend-plugin-api';
import { kubernetesObjectsProviderExtensionPoint } from '@backstage/plugin-kubernetes-node';
import { kubernetesAccessHandoffServiceRef } from './kubernetesAccess';

/**
 * A module of the official Kubernetes backend plugin that shares its cluster supplier and authentication strategies
 * with GSV Ops. It keeps the plugin's default objects provider: the Kubernetes tab is unchanged. (A backend that sets
 * its own objects provider cannot add this module; GSV Ops then reads `config`-located clusters itself.)
 *
 * @public
 */
export const kubernetesModuleGsvOpsAccess = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'gsv-ops-access',
  register(reg) {
    reg.registerInit({
      deps: {
        objectsProviders: kubernetesObjectsProviderExtensionPoint,
        handoff: kubernetesAccessHandoffServiceRef,
      },
      async init({ objectsProviders, handoff }) {
        objectsProviders.addObjectsProvider(async ({ getDefault, clusterSupplier, authStrategy }) => {
          handoff.provide({ clusterSupplier, authStrategy });
          return getDefault();
        });
      },
    });
  },
});
