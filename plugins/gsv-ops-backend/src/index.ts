/**
 * GSV Ops backend plugin: a shared watch cache over your clusters, the Ops views served from it, and the operations
 * engine behind every change.
 *
 * @packageDocumentation
 */

import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { kubernetesModuleGsvOpsAccess } from './clusters/kubernetesModuleGsvOpsAccess';
import { gsvOpsPlugin } from './plugin';

/**
 * GSV Ops, with the module that lets it reach the official Kubernetes plugin's clusters (the module does nothing
 * when that plugin is not installed: GSV Ops then reads the `config` locator itself).
 *
 * @public
 */
export default createBackendFeatureLoader({
  loader: () => [gsvOpsPlugin, kubernetesModuleGsvOpsAccess],
});

export { gsvOpsPlugin } from './plugin';
export { kubernetesModuleGsvOpsAccess } from './clusters/kubernetesModuleGsvOpsAccess';
export { kubernetesAccessHandoffServiceRef } from './clusters/kubernetesAccess';
export type { KubernetesAccessHandoff, OfficialKubernetesAccess } from './clusters/kubernetesAccess';
