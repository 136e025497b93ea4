import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type {
  EntityRightSizingView,
  PlatformRightSizingView,
} from '@gsv/plugin-gsv-ops-common';
import { gsvOpsApiRef } from '../api/GsvOpsApi';
import { PolledResource, usePolledResource } from './usePolledResource';

/** A p95 over days moves slowly, and the backend shares it for minutes: asked for every five minutes. */
export const RIGHT_SIZING_POLL_MS = 300_000;

/** Right-sizing of an entity in one cluster, polled while the tab is visible. */
export function useEntityRightSizing(
  entityRef: string,
  cluster: string,
): PolledResource<EntityRightSizingView> {
  const api = useApi(gsvOpsApiRef);
  const fetcher = useCallback(
    (signal: AbortSignal) =>
      api.getEntityRightSizing(entityRef, { cluster, signal }),
    [api, entityRef, cluster],
  );
  return usePolledResource(`right-sizing:${entityRef}@${cluster}`, fetcher, {
    intervalMs: RIGHT_SIZING_POLL_MS,
  });
}

/** Right-sizing of the fleet, for the platform page. */
export function usePlatformRightSizing(): PolledResource<PlatformRightSizingView> {
  const api = useApi(gsvOpsApiRef);
  const fetcher = useCallback(
    (signal: AbortSignal) => api.getPlatformRightSizing({ signal }),
    [api],
  );
  return usePolledResource('platform-right-sizing', fetcher, {
    intervalMs: RIGHT_SIZING_POLL_MS,
  });
}
