import type { Environment, Level } from './types';
import type { RunbookId } from './runbooks';

/** Why a database could not be restored as promised, and what fixes it. @public */
export interface DrBlocker {
  /** Stable id, e.g. `wal-archiving-failing`, `never-rehearsed`. */
  id: DrBlockerId;
  /** `critical`: a restore to the target point is impossible or loses more than the RPO target; `warning`: at risk. */
  level: 'critical' | 'warning';
  message: string;
  /** The runbook that fixes it, when there is one (the Ops tab offers its button). */
  runbook?: RunbookId;
  /** The section of the ops guide to read. */
  guideSection?: string;
  /** What to do, in one sentence. */
  hint: string;
}

/** @public */
export type DrBlockerId =
  | 'no-backup-store'
  | 'object-store-missing'
  | 'no-backups'
  | 'wal-archiving-failing'
  | 'window-not-covering'
  | 'rpo-exceeded'
  | 'no-scheduled-backup'
  | 'backup-too-old'
  | 'never-rehearsed'
  | 'rehearsal-overdue';

/** The last successful real run of the restore runbook for a database. @public */
export interface DrRehearsal {
  operationId: string;
  finishedAt: string;
  initiatedBy: string;
}

/**
 * Whether a CloudNativePG database could be restored now, to a point `restorePointAgeSeconds` ago. `ready`: nothing
 * blocks it; `at-risk`: it could, with warnings (e.g. never rehearsed); `not-ready`: it could not, or would lose more
 * than the RPO target. @public
 */
export interface DrReadinessLine {
  cluster: string;
  environment: Environment;
  entityRef?: string;
  namespace: string;
  name: string;
  status: 'ready' | 'at-risk' | 'not-ready';
  level: Level;
  /** The point a restore should reach (now − restorePointAgeSeconds). */
  restorePoint: string;
  restorePointAgeSeconds: number;
  /** Whether the recoverability window covers the restore point. */
  canRestoreToPoint: boolean;
  /** [first recoverability point, last archived WAL]; absent when nothing is recoverable. */
  window?: {
    from: string;
    to: string;
    toSource: 'archiver-metric' | 'archiving-condition' | 'last-backup';
  };
  /**
   * Data a restore now would lose (now − last archived WAL), in seconds. `rpoIsLowerBound`: archiving stopped and only
   * its failure time is known, so the loss is at least this much.
   */
  rpoSeconds?: number;
  rpoIsLowerBound?: boolean;
  rpoTargetSeconds: number;
  walArchiving: 'ok' | 'failing' | 'unknown';
  lastArchivedWalTime?: string;
  lastFailedWalTime?: string;
  lastSuccessfulBackupTime?: string;
  lastSuccessfulBackupAgeSeconds?: number;
  maxBackupAgeSeconds: number;
  lastRehearsal?: DrRehearsal;
  rehearsalIntervalSeconds: number;
  blockers: DrBlocker[];
}

/** `GET /entities/:kind/:namespace/:name/dr-readiness?cluster=` and `GET /platform/dr-readiness`. @public */
export interface DrReadinessView {
  generatedAt: string;
  /** Worst first (not-ready, at-risk, ready; then the larger RPO). */
  items: DrReadinessLine[];
  /** Clusters whose archiver metrics could not be read (the lines then use the archiving condition). */
  metricErrors: Array<{ cluster: string; message: string }>;
}
