import { createApiRef } from '@backstage/core-plugin-api';
import type { GsvOpsApi } from '@gsv/plugin-gsv-ops-common';

export type { GsvOpsApi } from '@gsv/plugin-gsv-ops-common';

/** @public */
export const gsvOpsApiRef = createApiRef<GsvOpsApi>({ id: 'plugin.gsv-ops.service' });
