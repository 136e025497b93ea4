import type { Entity } from '@backstage/catalog-model';
import { isGsvOpsEnabled } from '@gsv/plugin-gsv-ops-common';

/**
 * Whether the Ops tab has something to show for the entity (use it in an `EntitySwitch.Case`).
 *
 * @public
 */
export const isGsvOpsAvailable = (entity: Entity): boolean =>
  isGsvOpsEnabled(entity);
