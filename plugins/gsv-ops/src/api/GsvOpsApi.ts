import { createApiRef } from '@backstage/core-plugin-api';
import type { GsvOpsApi } from '@gsv/plugin-gsv-ops-common';

export type { GsvOpsApi } from '@gsv/plugin-gsv-ops-common';
export { GsvOpsClient } from '@gsv/plugin-gsv-ops-common';

/**
 * The GSV Ops backend client: `GsvOpsClient` from `@gsv/plugin-gsv-ops-common`, built with `discoveryApi` and
 * `fetchApi` by the plugin's API factory.
 *
 * @public
 */
export const gsvOpsApiRef = createApiRef<GsvOpsApi>({
  id: 'plugin.gsv-ops.service',
});
