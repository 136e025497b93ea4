import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type { MaintenanceCalendar } from '@gsv/plugin-gsv-ops-common';
import { gsvOpsApiRef } from '../api/GsvOpsApi';

/**
 * The maintenance calendar of an environment (windows, freezes, what may run now; nothing until there is an
 * environment), read again when `refreshKey` changes — the calendar moves with the clock, so callers pass a key that changes every few minutes.
 */
export function useMaintenanceCalendar(
  environment: string | undefined,
  refreshKey?: string | number,
) {
  const api = useApi(gsvOpsApiRef);
  return useAsyncRetry<MaintenanceCalendar | undefined>(
    async () =>
      environment ? api.getMaintenanceCalendar(environment) : undefined,
    [api, environment, refreshKey],
  );
}
