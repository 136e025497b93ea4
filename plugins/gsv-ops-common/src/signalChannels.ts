import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * The signal channels GSV Ops publishes on (`@backstage/plugin-signals`). A signal only says "changed": the page
 * re-reads the resource through its permissioned route, so a signal never carries data.
 *
 * @public
 */
export const gsvOpsSignalChannels = {
  /** The Ops view of this entity changed. The ref is normalised as the catalog does (lower-case kind and namespace). */
  entity: (entityRef: string): string =>
    `gsv-ops:entity:${stringifyEntityRef(parseEntityRef(entityRef))}`,
  /** The platform health view changed. */
  platform: 'gsv-ops:platform',
  /** The operation was created, started, stepped, asked to cancel or ended. */
  operation: (operationId: string): string =>
    `gsv-ops:operation:${operationId}`,
  /** An incident of this entity was declared, updated, noted or resolved, or its timeline saw an alert start or end. */
  incidents: (entityRef: string): string =>
    `gsv-ops:incidents:${stringifyEntityRef(parseEntityRef(entityRef))}`,
};

/** What every GSV Ops signal carries. @public */
export type GsvOpsChangedSignal = {
  type: 'changed';
};
