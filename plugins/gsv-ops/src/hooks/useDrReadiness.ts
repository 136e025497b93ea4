import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { DrReadinessView } from '@gsv/plugin-gsv-ops-common';
import { gsvOpsApiRef } from '../api/GsvOpsApi';
import { usePollInterval } from './useEntityMetrics';
import { PolledResource, usePolledResource } from './usePolledResource';

/**
 * The data loss of a restore grows by the second while archiving is stuck, and the backend reads the archiver metric
 * from a cache shared by every viewer: asking twice a minute keeps the figures honest without load.
 */
export const DR_READINESS_POLL_MS = 30_000;

/** Whether each database of the entity in one cluster could be restored now, polled while the tab is visible (every 2 min with signals). */
export function useEntityDrReadiness(
  entityRef: string,
  cluster: string,
): PolledResource<DrReadinessView> {
  const api = useApi(gsvOpsApiRef);
  const intervalMs = usePollInterval(DR_READINESS_POLL_MS);
  const fetcher = useCallback(
    (signal: AbortSignal) =>
      api.getEntityDrReadiness(entityRef, { cluster, signal }),
    [api, entityRef, cluster],
  );
  return usePolledResource(`dr:${entityRef}@${cluster}`, fetcher, {
    intervalMs,
  });
}

/** DR readiness of every database, worst first, for the platform page. */
export function usePlatformDrReadiness(): PolledResource<DrReadinessView> {
  const api = useApi(gsvOpsApiRef);
  const intervalMs = usePollInterval(DR_READINESS_POLL_MS);
  const fetcher = useCallback(
    (signal: AbortSignal) => api.getPlatformDrReadiness({ signal }),
    [api],
  );
  return usePolledResource('platform-dr-readiness', fetcher, {
    intervalMs,
  });
}
