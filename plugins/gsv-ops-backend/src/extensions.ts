import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { GsvOpsCluster } from './services/ClusterRegistry/types';

/**
 * Supplies the clusters GSV Ops watches, instead of `kubernetes.clusterLocatorMethods`.
 *
 * @public
 */
export interface GsvOpsClusterSupplier {
  getClusters(): Promise<GsvOpsCluster[]>;
}

/**
 * Lets a backend module replace where GSV Ops gets its clusters from (and how it talks to them).
 *
 * @public
 */
export interface GsvOpsClusterSupplierExtensionPoint {
  setClusterSupplier(supplier: GsvOpsClusterSupplier): void;
}

/** @public */
export const gsvOpsClusterSupplierExtensionPoint = createExtensionPoint<GsvOpsClusterSupplierExtensionPoint>({
  id: 'gsv-ops.clusterSupplier',
});
