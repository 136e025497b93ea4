/**
 * Extension points of the GSV Ops backend (alpha).
 *
 * @packageDocumentation
 */

export { gsvOpsClusterSupplierExtensionPoint } from './extensions';
export type { GsvOpsClusterSupplier, GsvOpsClusterSupplierExtensionPoint } from './extensions';
export type {
  GsvOpsCluster,
  KubernetesClient,
  KubernetesRequest,
  KubernetesWatchRequest,
  KubeObject,
  KubeObjectMeta,
  KubeStatus,
  WatchEvent,
  KubernetesErrorReason,
} from './services/ClusterRegistry/types';
export { KubernetesApiError, isKubernetesApiError } from './services/ClusterRegistry/types';
