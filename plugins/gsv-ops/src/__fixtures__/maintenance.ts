import type {
  EntityLogs,
  MaintenanceCalendar,
} from '@gsv/plugin-gsv-ops-common';

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

/** Logs of an entity with no lines (the fakes' default). */
export function emptyLogs(cluster: string): EntityLogs {
  return {
    cluster,
    sources: [],
    lines: [],
    counts: {},
    scanned: 0,
    truncated: false,
    sinceSeconds: 3600,
    errors: [],
  };
}
