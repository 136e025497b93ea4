import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  gsvOpsSignalChannels,
  type EntityOpsView,
} from '@gsv/plugin-gsv-ops-common';
import { gsvOpsApiRef } from '../api/GsvOpsApi';
import {
  LiveFetchOptions,
  LiveResource,
  LiveResourceOptions,
  useLiveResource,
} from './useLiveResource';

/**
 * The Ops view of an entity, kept live by the backend's signals when the app has the signals plugin, else with its
 * long poll (`If-None-Match` + `waitSeconds`). Pass
 * `undefined` to fetch nothing (e.g. the entity is not annotated).
 */
export function useEntityOpsView(
  entityRef: string | undefined,
  options?: LiveResourceOptions,
): LiveResource<EntityOpsView> {
  const api = useApi(gsvOpsApiRef);
  const fetcher = useCallback(
    ({ ifNoneMatch, waitSeconds, signal }: LiveFetchOptions) =>
      api.getEntityView(entityRef!, { ifNoneMatch, waitSeconds, signal }),
    [api, entityRef],
  );
  return useLiveResource(entityRef, fetcher, {
    signalChannel: entityRef
      ? gsvOpsSignalChannels.entity(entityRef)
      : undefined,
    ...options,
  });
}
