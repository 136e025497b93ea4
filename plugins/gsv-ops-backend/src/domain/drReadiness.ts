import type { DatabaseView, DrBlocker, DrReadinessLine, DrRehearsal, Environment, Level } from '@gsv/plugin-gsv-ops-common';
import type { DateTime } from 'luxon';
import { humanDuration, isoString, parseTime } from './time';

/** `gsvOps.drReadiness`: the promises a database is held to, in seconds. */
export interface DrReadinessSettings {
  /** How far back a restore must reach (default 5 minutes: "restore to a point 5 minutes ago"). */
  restorePointAgeSeconds: number;
  /** The largest acceptable data loss (now − last archived WAL). */
  rpoTargetSeconds: number;
  /** The oldest acceptable last successful backup. */
  maxBackupAgeSeconds: number;
  /** How often a restore must be rehearsed (a successful real run of the restore runbook). */
  rehearsalIntervalSeconds: number;
}

/** What CloudNativePG's exporter says of the primary's WAL archiver (pg_stat_archiver), when Prometheus is there. */
export interface ArchiverStats {
  lastArchivedTime?: DateTime;
  lastFailedTime?: DateTime;
}

export interface DrReadinessInput {
  cluster: string;
  environment: Environment;
  entityRef?: string;
  /** The database as the Ops view shows it (Backups, ScheduledBackups, ObjectStore window, ContinuousArchiving). */
  database: DatabaseView;
  archiver?: ArchiverStats;
  lastRehearsal?: DrRehearsal;
  now: DateTime;
  settings: DrReadinessSettings;
}

const BACKUP_RUNBOOK = { runbook: 'database-backup', guideSection: '5.1' } as const;
const RESTORE_RUNBOOK = { runbook: 'database-restore', guideSection: '5.2' } as const;

interface WindowEnd {
  to: DateTime;
  source: NonNullable<DrReadinessLine['window']>['toSource'];
  /** Whether `to` is the last archived WAL (a real RPO) or only a bound. */
  measured: boolean;
}

/**
 * The end of the recoverability window: the last archived WAL from the archiver metric; without it, now while the
 * ContinuousArchiving condition says archiving works, or the moment it started failing; else the last backup.
 */
function windowEnd(input: DrReadinessInput, failing: boolean, lastBackup?: DateTime): WindowEnd | undefined {
  const { archiver, database, now } = input;
  if (archiver?.lastArchivedTime) return { to: archiver.lastArchivedTime, source: 'archiver-metric', measured: true };
  if (database.walArchiving.status === 'ok' && !failing) return { to: now, source: 'archiving-condition', measured: false };
  const since = parseTime(database.walArchiving.since);
  if (failing && since) return { to: since, source: 'archiving-condition', measured: false };
  return lastBackup ? { to: lastBackup, source: 'last-backup', measured: false } : undefined;
}

/** The archiver failed after its last success (pg_stat_archiver), or the ContinuousArchiving condition is False. */
function archivingFails(input: DrReadinessInput): boolean {
  const { lastArchivedTime, lastFailedTime } = input.archiver ?? {};
  const metricFails = Boolean(lastFailedTime && (!lastArchivedTime || lastFailedTime > lastArchivedTime));
  return input.database.walArchiving.status === 'failing' || metricFails;
}

/** What the blockers and the line are computed from. */
interface Facts {
  name: string;
  restorePoint: DateTime;
  first?: DateTime;
  lastBackup?: DateTime;
  backupAge?: number;
  failing: boolean;
  end?: WindowEnd;
  canRestoreToPoint: boolean;
  rpoSeconds?: number;
}

function factsOf(input: DrReadinessInput): Facts {
  const { database, now, settings } = input;
  const restorePoint = now.minus({ seconds: settings.restorePointAgeSeconds });
  const lastBackup = latest(parseTime(database.recoveryWindow?.lastSuccessfulBackupTime), backupEnd(database));
  const first = parseTime(database.recoveryWindow?.firstRecoverabilityPoint);
  const failing = archivingFails(input);
  const end = first ? windowEnd(input, failing, lastBackup) : undefined;
  return {
    name: `${database.namespace}/${database.name}`,
    restorePoint,
    first,
    lastBackup,
    backupAge: lastBackup ? Math.round(now.diff(lastBackup).as('seconds')) : undefined,
    failing,
    end,
    canRestoreToPoint: Boolean(first && end && first <= restorePoint && restorePoint <= end.to),
    // Measured from the archiver, or at least the time since archiving failed; unknown while it works unmeasured.
    rpoSeconds: end && (end.measured || failing) ? Math.max(0, Math.round(now.diff(end.to).as('seconds'))) : undefined,
  };
}

/** What makes a restore to the restore point impossible, or too lossy: all critical. */
function recoverabilityBlockers(input: DrReadinessInput, f: Facts): DrBlocker[] {
  const { database, settings } = input;
  const { name, first, end } = f;
  const blockers: DrBlocker[] = [];
  if (!database.recoveryWindow) {
    blockers.push({ id: 'no-backup-store', level: 'critical', message: `${name} archives WAL to no object store (no Barman Cloud plugin)`, guideSection: '5.1', hint: 'Add the Barman Cloud plugin with an ObjectStore to the cluster spec, then take a backup' });
  } else if (!first && !f.lastBackup) {
    blockers.push({ id: 'no-backups', level: 'critical', message: `${name} has no successful backup: there is nothing to restore from`, ...BACKUP_RUNBOOK, hint: 'Take a backup now, then check that the ObjectStore reports a recovery window' });
  } else if (!first) {
    blockers.push({ id: 'object-store-missing', level: 'critical', message: `ObjectStore ${database.recoveryWindow.objectStore} reports no recoverability point for ${name}`, guideSection: '5.1', hint: 'Check the ObjectStore and the Barman Cloud plugin; take a backup once it works' });
  }
  if (f.failing) {
    const detail = database.walArchiving.message ? `: ${database.walArchiving.message}` : '';
    blockers.push({ id: 'wal-archiving-failing', level: 'critical', message: `WAL archiving of ${name} is failing${detail}`, guideSection: '5.1', hint: 'Fix the object store access (credentials, bucket, endpoint) so the archiver catches up' });
  }
  if (first && !f.canRestoreToPoint) {
    const range = end ? `${isoString(first)} – ${isoString(end.to)}` : `from ${isoString(first)}`;
    const endsTooEarly = Boolean(end && end.to < f.restorePoint);
    blockers.push({ id: 'window-not-covering', level: 'critical', message: `The recoverability window (${range}) does not cover ${isoString(f.restorePoint)}`, ...BACKUP_RUNBOOK, hint: endsTooEarly ? 'Restore archiving; the window ends before the restore point' : 'Wait for the first backup to age past the restore point, or take one' });
  }
  if (f.rpoSeconds !== undefined && f.rpoSeconds > settings.rpoTargetSeconds) {
    const atLeast = end?.measured ? '' : 'at least ';
    blockers.push({ id: 'rpo-exceeded', level: 'critical', message: `A restore now would lose ${atLeast}${humanDuration(f.rpoSeconds * 1000)} of data (target ${humanDuration(settings.rpoTargetSeconds * 1000)})`, guideSection: '5.1', hint: 'Get WAL archiving going again; the loss shrinks as soon as the archiver catches up' });
  }
  return blockers;
}

/** Upkeep that keeps a restore possible tomorrow: schedules, backup age, rehearsals; all warnings. */
function upkeepBlockers(input: DrReadinessInput, f: Facts): DrBlocker[] {
  const { database, now, settings } = input;
  const blockers: DrBlocker[] = [];
  if (!database.scheduledBackups.some(s => !s.suspended)) {
    const none = database.scheduledBackups.length === 0;
    blockers.push({ id: 'no-scheduled-backup', level: 'warning', message: none ? `${f.name} has no ScheduledBackup` : `Every ScheduledBackup of ${f.name} is suspended`, guideSection: '5.1', hint: none ? 'Create a ScheduledBackup (e.g. daily) for the cluster' : 'Resume the ScheduledBackup (spec.suspend: false)' });
  }
  if (f.backupAge !== undefined && f.backupAge > settings.maxBackupAgeSeconds) {
    blockers.push({ id: 'backup-too-old', level: 'warning', message: `The last successful backup is ${humanDuration(f.backupAge * 1000)} old (at most ${humanDuration(settings.maxBackupAgeSeconds * 1000)})`, ...BACKUP_RUNBOOK, hint: 'Take a backup now and check why the schedule did not' });
  }
  const rehearsed = parseTime(input.lastRehearsal?.finishedAt);
  if (!rehearsed) {
    blockers.push({ id: 'never-rehearsed', level: 'warning', message: `A restore of ${f.name} was never rehearsed with GSV Ops`, ...RESTORE_RUNBOOK, hint: 'Restore into a new cluster (the source is untouched), check it, then delete it' });
  } else if (now.diff(rehearsed).as('seconds') > settings.rehearsalIntervalSeconds) {
    blockers.push({ id: 'rehearsal-overdue', level: 'warning', message: `The last restore rehearsal was ${humanDuration(now.diff(rehearsed))} ago (every ${humanDuration(settings.rehearsalIntervalSeconds * 1000)})`, ...RESTORE_RUNBOOK, hint: 'Rehearse a restore into a new cluster again' });
  }
  return blockers;
}

function statusOf(blockers: DrBlocker[]): DrReadinessLine['status'] {
  if (blockers.some(b => b.level === 'critical')) return 'not-ready';
  return blockers.length ? 'at-risk' : 'ready';
}

const LEVELS: Record<DrReadinessLine['status'], Level> = { 'not-ready': 'critical', 'at-risk': 'warning', ready: 'ok' };

/** One line of DR readiness for a CloudNativePG database: can it be restored to now − N minutes, at what loss. */
export function assessDrReadiness(input: DrReadinessInput): DrReadinessLine {
  const { database, settings, archiver } = input;
  const f = factsOf(input);
  const blockers = [...recoverabilityBlockers(input, f), ...upkeepBlockers(input, f)];
  const status = statusOf(blockers);
  return {
    cluster: input.cluster,
    environment: input.environment,
    ...(input.entityRef ? { entityRef: input.entityRef } : {}),
    namespace: database.namespace,
    name: database.name,
    status,
    level: LEVELS[status],
    restorePoint: isoString(f.restorePoint),
    restorePointAgeSeconds: settings.restorePointAgeSeconds,
    canRestoreToPoint: f.canRestoreToPoint,
    ...(f.first && f.end ? { window: { from: isoString(f.first), to: isoString(f.end.to), toSource: f.end.source } } : {}),
    ...(f.rpoSeconds !== undefined ? { rpoSeconds: f.rpoSeconds, rpoIsLowerBound: !f.end?.measured } : {}),
    rpoTargetSeconds: settings.rpoTargetSeconds,
    walArchiving: f.failing ? 'failing' : database.walArchiving.status,
    ...(archiver?.lastArchivedTime ? { lastArchivedWalTime: isoString(archiver.lastArchivedTime) } : {}),
    ...(archiver?.lastFailedTime ? { lastFailedWalTime: isoString(archiver.lastFailedTime) } : {}),
    ...(f.lastBackup ? { lastSuccessfulBackupTime: isoString(f.lastBackup), lastSuccessfulBackupAgeSeconds: f.backupAge } : {}),
    maxBackupAgeSeconds: settings.maxBackupAgeSeconds,
    ...(input.lastRehearsal ? { lastRehearsal: input.lastRehearsal } : {}),
    rehearsalIntervalSeconds: settings.rehearsalIntervalSeconds,
    blockers,
  };
}

/** When the last successful Backup object stopped (for clusters whose ObjectStore reports no window). */
function backupEnd(database: DatabaseView): DateTime | undefined {
  const b = database.lastSuccessfulBackup;
  return b ? parseTime(b.stoppedAt) ?? parseTime(b.startedAt) : undefined;
}

function latest(a?: DateTime, b?: DateTime): DateTime | undefined {
  if (!a || !b) return a ?? b;
  return a > b ? a : b;
}

const STATUS_ORDER: Record<DrReadinessLine['status'], number> = { 'not-ready': 0, 'at-risk': 1, ready: 2 };

/** Worst first: not ready, at risk, ready; then the larger data loss; then by name. */
export function compareDrReadiness(a: DrReadinessLine, b: DrReadinessLine): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    (b.rpoSeconds ?? -1) - (a.rpoSeconds ?? -1) ||
    `${a.cluster}/${a.namespace}/${a.name}`.localeCompare(`${b.cluster}/${b.namespace}/${b.name}`)
  );
}
