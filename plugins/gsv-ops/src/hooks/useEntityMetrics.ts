import { useCallback } from 'react';
import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import type {
  EntityMetricsView,
  PlatformMetricsView,
} from '@gsv/plugin-gsv-ops-common';
import { gsvOpsApiRef } from '../api/GsvOpsApi';
import {
  PolledResource,
  PolledResourceOptions,
  usePolledResource,
} from './usePolledResource';

/**
 * How often the metrics are asked for while the tab is visible. The backend computes them from Prometheus and
 * Alertmanager, caches them ~15 s and shares them between all viewers, so a 20 s poll never multiplies the load.
 */
export const METRICS_POLL_MS = 20_000;

/**
 * With the signals plugin, the views follow signals and an idle page sends nothing for minutes; the metrics have no
 * signal (they move all the time), so they are asked for less often rather than keep the page busy.
 */
export const METRICS_POLL_WITH_SIGNALS_MS = 120_000;

/**
 * How often an answer that has no signal (it comes from Prometheus, or moves with the clock) is polled: every
 * `withoutSignalsMs` without the signals plugin, and only every 2 min with it, so that an idle page stays quiet.
 */
export function usePollInterval(withoutSignalsMs: number): number {
  return useApiHolder().get(signalApiRef)
    ? Math.max(withoutSignalsMs, METRICS_POLL_WITH_SIGNALS_MS)
    : withoutSignalsMs;
}

/** How often metrics-like answers (metrics, alert rules) are polled: less often when signals keep the page live. */
export function useMetricsInterval(): number {
  return usePollInterval(METRICS_POLL_MS);
}

/**
 * The key metrics, firing alerts and recommendations of an entity in one cluster, polled while the tab is visible.
 * Switching the cluster starts over (no metrics of another cluster are shown meanwhile). Pass `undefined` to fetch
 * nothing.
 */
export function useEntityMetrics(
  entityRef: string | undefined,
  cluster: string | undefined,
  options?: PolledResourceOptions,
): PolledResource<EntityMetricsView> {
  const api = useApi(gsvOpsApiRef);
  const intervalMs = useMetricsInterval();
  const fetcher = useCallback(
    (signal: AbortSignal) =>
      api.getEntityMetrics(entityRef!, { cluster, signal }),
    [api, entityRef, cluster],
  );
  return usePolledResource(
    entityRef && cluster ? `${entityRef}@${cluster}` : undefined,
    fetcher,
    { intervalMs, ...options },
  );
}

/** The key metrics of every service, for the platform page, polled while the tab is visible. */
export function usePlatformMetrics(
  options?: PolledResourceOptions,
): PolledResource<PlatformMetricsView> {
  const api = useApi(gsvOpsApiRef);
  const intervalMs = useMetricsInterval();
  const fetcher = useCallback(
    (signal: AbortSignal) => api.getPlatformMetrics({ signal }),
    [api],
  );
  return usePolledResource('platform-metrics', fetcher, {
    intervalMs,
    ...options,
  });
}
