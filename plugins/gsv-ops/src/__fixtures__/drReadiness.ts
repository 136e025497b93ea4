import type {
  DrReadinessLine,
  DrReadinessView,
} from '@gsv/plugin-gsv-ops-common';

const ago = (seconds: number) =>
  new Date(Date.now() - seconds * 1000).toISOString();
const DAY = 86_400;

const settings = {
  restorePointAgeSeconds: 300,
  rpoTargetSeconds: 300,
  maxBackupAgeSeconds: 26 * 3600,
  rehearsalIntervalSeconds: 90 * DAY,
};

/** cmp-postgres in dev: archiving 40 s behind, backed up last night, rehearsed 12 days ago. */
export function readyLine(): DrReadinessLine {
  return {
    cluster: 'gsv-dev',
    environment: 'dev',
    entityRef: 'component:default/agent-registry',
    namespace: 'cmp',
    name: 'cmp-postgres',
    status: 'ready',
    level: 'ok',
    restorePoint: ago(300),
    canRestoreToPoint: true,
    window: { from: ago(7 * DAY), to: ago(40), toSource: 'archiver-metric' },
    rpoSeconds: 40,
    rpoIsLowerBound: false,
    walArchiving: 'ok',
    lastArchivedWalTime: ago(40),
    lastSuccessfulBackupTime: ago(8 * 3600),
    lastSuccessfulBackupAgeSeconds: 8 * 3600,
    lastRehearsal: {
      operationId: 'op-1',
      finishedAt: ago(12 * DAY),
      initiatedBy: 'user:default/jane',
    },
    blockers: [],
    ...settings,
  };
}

/** keycloak-postgres in dev: archiving failing for 3 hours, one 20-day-old backup, no schedule, never rehearsed. */
export function notReadyLine(): DrReadinessLine {
  return {
    cluster: 'gsv-dev',
    environment: 'dev',
    entityRef: 'component:default/keycloak',
    namespace: 'sso',
    name: 'keycloak-postgres',
    status: 'not-ready',
    level: 'critical',
    restorePoint: ago(300),
    canRestoreToPoint: false,
    window: {
      from: ago(20 * DAY),
      to: ago(3 * 3600),
      toSource: 'archiver-metric',
    },
    rpoSeconds: 3 * 3600,
    rpoIsLowerBound: false,
    walArchiving: 'failing',
    lastArchivedWalTime: ago(3 * 3600),
    lastFailedWalTime: ago(10),
    lastSuccessfulBackupTime: ago(20 * DAY),
    lastSuccessfulBackupAgeSeconds: 20 * DAY,
    blockers: [
      {
        id: 'wal-archiving-failing',
        level: 'critical',
        message:
          'WAL archiving of sso/keycloak-postgres is failing: AccessDenied',
        guideSection: '5.1',
        hint: 'Fix the object store access (credentials, bucket, endpoint) so the archiver catches up',
      },
      {
        id: 'backup-too-old',
        level: 'warning',
        message: 'The last successful backup is 20 days old (at most 1 day)',
        runbook: 'database-backup',
        guideSection: '5.1',
        hint: 'Take a backup now and check why the schedule did not',
      },
      {
        id: 'never-rehearsed',
        level: 'warning',
        message:
          'A restore of sso/keycloak-postgres was never rehearsed with GSV Ops',
        runbook: 'database-restore',
        guideSection: '5.2',
        hint: 'Restore into a new cluster (the source is untouched), check it, then delete it',
      },
    ],
    ...settings,
  };
}

export function drReadinessView(
  items: DrReadinessLine[],
  metricErrors: DrReadinessView['metricErrors'] = [],
): DrReadinessView {
  return { generatedAt: new Date().toISOString(), items, metricErrors };
}
