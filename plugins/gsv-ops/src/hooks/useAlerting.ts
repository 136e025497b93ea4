import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type {
  EntityAlertingView,
  PlatformAlertingView,
} from '@gsv/plugin-gsv-ops-common';
import { gsvOpsApiRef } from '../api/GsvOpsApi';
import { useMetricsInterval } from './useEntityMetrics';
import {
  PolledResource,
  PolledResourceOptions,
  usePolledResource,
} from './usePolledResource';

/**
 * The dashboards of an entity and the alert rules that watch it in one cluster, polled while the tab is visible
 * (as often as the metrics: the backend caches Prometheus' and Alertmanager's answers and shares them).
 */
export function useEntityAlerting(
  entityRef: string | undefined,
  cluster: string | undefined,
  options?: PolledResourceOptions,
): PolledResource<EntityAlertingView> {
  const api = useApi(gsvOpsApiRef);
  const intervalMs = useMetricsInterval();
  const fetcher = useCallback(
    (signal: AbortSignal) =>
      api.getEntityAlerting(entityRef!, { cluster, signal }),
    [api, entityRef, cluster],
  );
  return usePolledResource(
    entityRef && cluster ? `alerting:${entityRef}@${cluster}` : undefined,
    fetcher,
    { intervalMs, ...options },
  );
}

/** Every alert rule of every cluster, for the platform page, polled while the tab is visible. */
export function usePlatformAlerting(
  options?: PolledResourceOptions,
): PolledResource<PlatformAlertingView> {
  const api = useApi(gsvOpsApiRef);
  const intervalMs = useMetricsInterval();
  const fetcher = useCallback(
    (signal: AbortSignal) => api.getPlatformAlerting({ signal }),
    [api],
  );
  return usePolledResource('platform-alerting', fetcher, {
    intervalMs,
    ...options,
  });
}
