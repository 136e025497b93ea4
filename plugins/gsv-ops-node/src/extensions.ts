import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { RunbookId } from '@gsv/plugin-gsv-ops-common';
import type { GsvOpsCluster } from './clusters';
import type { Runbook } from './runbooks';

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

/**
 * Lets a backend module replace the implementation of a runbook declared in `@gsv/plugin-gsv-ops-common` (its id,
 * parameters, permission and title stay the common ones, so the templates, the form and the policy keep working).
 *
 * @public
 */
export interface GsvOpsRunbooksExtensionPoint {
  setRunbook<T extends RunbookId>(runbook: Runbook<T>): void;
}

/** @public */
export const gsvOpsRunbooksExtensionPoint = createExtensionPoint<GsvOpsRunbooksExtensionPoint>({
  id: 'gsv-ops.runbooks',
});
