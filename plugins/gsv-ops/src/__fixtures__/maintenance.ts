import type { MaintenanceCalendar } from '@gsv/plugin-gsv-ops-common';

/** An environment without maintenance windows or freezes: changes allowed at any time. */
export function openCalendar(environment: string): MaintenanceCalendar {
  return {
    environment,
    generatedAt: new Date().toISOString(),
    restricted: false,
    windows: [],
    freezes: [],
    windowExemptRunbooks: [],
    runbooks: [],
  };
}
