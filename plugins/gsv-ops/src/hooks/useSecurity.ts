import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type {
  EntitySecurityView,
  PlatformSecurityView,
} from '@gsv/plugin-gsv-ops-common';
import { gsvOpsApiRef } from '../api/GsvOpsApi';
import { usePollInterval } from './useEntityMetrics';
import { PolledResource, usePolledResource } from './usePolledResource';

/** Scans change daily and logins hourly: a minute between reads is plenty. */
const SECURITY_INTERVAL_MS = 60_000;

/** The Security card's data for the entity in one cluster, read again every minute while the tab is visible (every 2 min with signals). */
export function useEntitySecurity(
  entityRef: string,
  cluster: string,
): PolledResource<EntitySecurityView> {
  const api = useApi(gsvOpsApiRef);
  const intervalMs = usePollInterval(SECURITY_INTERVAL_MS);
  const fetcher = useCallback(
    (signal: AbortSignal) =>
      api.getEntitySecurity(entityRef, { cluster, signal }),
    [api, entityRef, cluster],
  );
  return usePolledResource(`security:${entityRef}@${cluster}`, fetcher, {
    intervalMs,
  });
}

/** The platform page's security table. */
export function usePlatformSecurity(): PolledResource<PlatformSecurityView> {
  const api = useApi(gsvOpsApiRef);
  const intervalMs = usePollInterval(SECURITY_INTERVAL_MS);
  const fetcher = useCallback(
    (signal: AbortSignal) => api.getPlatformSecurity({ signal }),
    [api],
  );
  return usePolledResource('platform-security', fetcher, {
    intervalMs,
  });
}
