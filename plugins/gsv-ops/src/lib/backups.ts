import type {
  BackupView,
  DatabaseView,
  Level,
} from '@gsv/plugin-gsv-ops-common';
import { worstLevel } from '@gsv/plugin-gsv-ops-common';
import { formatAge, formatDuration } from './format';

const BACKUP_LEVELS: Record<string, Level> = {
  completed: 'ok',
  failed: 'critical',
  walArchivingFailing: 'critical',
  'invalid backup definition': 'critical',
};

/** The level of a backup by its CNPG phase: completed, failed, or in flight (pending … finalizing). */
export const backupLevel = (backup: BackupView): Level =>
  BACKUP_LEVELS[backup.phase] ?? 'unknown';

/** The shortest interval between scheduled runs of the active schedules, in seconds. */
function scheduleIntervalSeconds(database: DatabaseView): number | undefined {
  const periods = database.scheduledBackups
    .filter(s => !s.suspended)
    .map(
      s =>
        s.periodSeconds ??
        (s.lastScheduleTime && s.nextScheduleTime
          ? (Date.parse(s.nextScheduleTime) - Date.parse(s.lastScheduleTime)) /
            1000
          : undefined),
    )
    .filter((p): p is number => p !== undefined && p > 0);
  return periods.length === 0 ? undefined : Math.min(...periods);
}

/**
 * How the last successful backup compares with the schedule: the interval is the time between the last and the next
 * scheduled run; older than one interval (plus an hour of grace) means runs were missed.
 */
export function backupAgeText(database: DatabaseView): string | undefined {
  const age = database.lastSuccessfulBackupAgeSeconds;
  if (age === undefined) return undefined;
  const interval = scheduleIntervalSeconds(database);
  if (interval === undefined) return `${formatAge(age)}`;
  const every = `every ${formatDuration(interval)}`;
  if (age <= interval + 3600)
    return `${formatAge(age)}, on schedule (${every})`;
  const missed = Math.floor(age / interval);
  return `${formatAge(age)}, ${missed} scheduled ${
    missed === 1 ? 'run' : 'runs'
  } missed (${every})`;
}

/** The worst level of a database's findings whose code starts with `prefix`, e.g. `backup.stale`. */
export const levelOfFindings = (
  database: DatabaseView,
  prefix: string,
): Level =>
  worstLevel(
    database.findings.filter(f => f.code.startsWith(prefix)).map(f => f.level),
  );

/** "pod-1 primary · pod-2 replica (not ready)": the instances of a CNPG cluster with their roles. */
export function instancesText(database: DatabaseView): string {
  return database.instanceStatuses
    .map(
      i =>
        `${i.name} ${i.role}${i.ready ? '' : ` (${i.status ?? 'not ready'})`}`,
    )
    .join(' · ');
}

/** "scheduled (cmp-postgres-daily) · barmanObjectStore", "on demand · volumeSnapshot". */
export function backupOriginText(backup: BackupView): string {
  return [
    backup.scheduled
      ? `scheduled (${backup.scheduledBackup ?? 'schedule'})`
      : 'on demand',
    backup.method,
  ]
    .filter(Boolean)
    .join(' · ');
}
