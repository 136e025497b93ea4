import {
  createApiFactory,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { GsvOpsClient } from '@gsv/plugin-gsv-ops-common';
import { gsvOpsApiRef } from './GsvOpsApi';

/** The GSV Ops client on the app's discovery and fetch APIs, for both frontend systems. */
export const gsvOpsApiFactory = createApiFactory({
  api: gsvOpsApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: ({ discoveryApi, fetchApi }) =>
    new GsvOpsClient({ discoveryApi, fetchApi }),
});
