export { kubernetesAccessHandoffServiceRef } from '@gsv/plugin-gsv-ops-node';
export type { KubernetesAccessHandoff, OfficialKubernetesAccess } from '@gsv/plugin-gsv-ops-node';
