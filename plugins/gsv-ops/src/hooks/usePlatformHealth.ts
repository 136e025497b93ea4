import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  gsvOpsSignalChannels,
  type PlatformHealthView,
} from '@gsv/plugin-gsv-ops-common';
import { gsvOpsApiRef } from '../api/GsvOpsApi';
import {
  LiveFetchOptions,
  LiveResource,
  LiveResourceOptions,
  useLiveResource,
} from './useLiveResource';

/** The platform health view across clusters, kept live like the entity view (signals, else long polls). */
export function usePlatformHealth(
  options?: LiveResourceOptions,
): LiveResource<PlatformHealthView> {
  const api = useApi(gsvOpsApiRef);
  const fetcher = useCallback(
    ({ ifNoneMatch, waitSeconds, signal }: LiveFetchOptions) =>
      api.getPlatformHealth({ ifNoneMatch, waitSeconds, signal }),
    [api],
  );
  return useLiveResource('platform', fetcher, {
    signalChannel: gsvOpsSignalChannels.platform,
    ...options,
  });
}
