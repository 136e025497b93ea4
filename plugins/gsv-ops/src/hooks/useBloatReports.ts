import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { EntityBloatReports } from '@gsv/plugin-gsv-ops-common';
import { gsvOpsApiRef } from '../api/GsvOpsApi';
import { usePollInterval } from './useEntityMetrics';
import { PolledResource, usePolledResource } from './usePolledResource';

/** A report changes only when someone runs one: a minute is fresh enough, and coming back to the tab reads it again. */
export const BLOAT_REPORTS_POLL_MS = 60_000;

/** The latest bloat report of each database of the entity in one cluster, polled while the tab is visible. */
export function useEntityBloatReports(
  entityRef: string,
  cluster: string,
): PolledResource<EntityBloatReports> {
  const api = useApi(gsvOpsApiRef);
  const intervalMs = usePollInterval(BLOAT_REPORTS_POLL_MS);
  const fetcher = useCallback(
    (signal: AbortSignal) =>
      api.getEntityBloatReports(entityRef, { cluster, signal }),
    [api, entityRef, cluster],
  );
  return usePolledResource(`bloat:${entityRef}@${cluster}`, fetcher, {
    intervalMs,
  });
}
