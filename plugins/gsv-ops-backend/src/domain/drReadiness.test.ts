import { DateTime } from 'luxon';
import { cmpPostgresView } from '../__fixtures__/databaseViews';
import { backup, cnpgCluster, NOW_ISO, objectStore, scheduledBackup } from '../__fixtures__/objects';
import { assessDrReadiness, compareDrReadiness, type DrReadinessInput } from './drReadiness';

const now = DateTime.fromISO(NOW_ISO, { zone: 'utc' });
const MINUTE = 60;
const settings = { restorePointAgeSeconds: 5 * MINUTE, rpoTargetSeconds: 5 * MINUTE, maxBackupAgeSeconds: 26 * 3600, rehearsalIntervalSeconds: 90 * 86400 };
const rehearsedDaysAgo = (days: number) => ({ operationId: 'op-1', initiatedBy: 'user:default/ops', finishedAt: now.minus({ days }).toISO()! });
const failingArchiving = {
  type: 'ContinuousArchiving',
  status: 'False',
  reason: 'ContinuousArchivingFailing',
  message: 'unexpected failure invoking barman-cloud-wal-archive: exit status 4',
  lastTransitionTime: '2024-12-04T08:00:00Z',
};

const database = cmpPostgresView;

function assess(patch: Partial<DrReadinessInput> = {}) {
  return assessDrReadiness({
    cluster: 'dev',
    environment: 'dev',
    database: database(),
    archiver: { lastArchivedTime: now.minus({ seconds: 40 }) },
    lastRehearsal: rehearsedDaysAgo(10),
    now,
    settings,
    ...patch,
  });
}

const ids = (line: ReturnType<typeof assess>) => line.blockers.map(b => b.id);

describe('assessDrReadiness', () => {
  it('is ready: window from the first recoverability point to the last archived WAL, RPO from the archiver', () => {
    const line = assess();
    expect(line).toMatchObject({
      status: 'ready',
      level: 'ok',
      canRestoreToPoint: true,
      restorePoint: '2024-12-04T09:55:00Z',
      window: { from: '2024-11-27T02:00:12Z', to: '2024-12-04T09:59:20Z', toSource: 'archiver-metric' },
      rpoSeconds: 40,
      rpoIsLowerBound: false,
      walArchiving: 'ok',
      lastArchivedWalTime: '2024-12-04T09:59:20Z',
      lastSuccessfulBackupTime: '2024-12-04T02:00:41Z',
      lastSuccessfulBackupAgeSeconds: 7 * 3600 + 59 * 60 + 19,
      blockers: [],
    });
  });

  it('is not ready when archiving fails: the window ends at the last archived WAL and the loss exceeds the target', () => {
    const line = assess({
      database: database({ cluster: cnpgCluster({ status: { conditions: [failingArchiving] } }) }),
      archiver: { lastArchivedTime: now.minus({ minutes: 50 }), lastFailedTime: now.minus({ seconds: 10 }) },
    });
    expect(line.status).toBe('not-ready');
    expect(line.canRestoreToPoint).toBe(false);
    expect(line.rpoSeconds).toBe(50 * MINUTE);
    expect(ids(line)).toEqual(['wal-archiving-failing', 'window-not-covering', 'rpo-exceeded']);
    expect(line.blockers[0].message).toContain('exit status 4');
  });

  it('sees a failing archiver in the metric even while the condition still says it works', () => {
    const line = assess({ archiver: { lastArchivedTime: now.minus({ minutes: 3 }), lastFailedTime: now.minus({ minutes: 1 }) } });
    expect(line.walArchiving).toBe('failing');
    expect(ids(line)).toEqual(['wal-archiving-failing']);
    expect(line.canRestoreToPoint).toBe(true);
  });

  it('without the metric: window to now while archiving works (RPO not measured), to the failure time when it fails', () => {
    const working = assess({ archiver: undefined });
    expect(working).toMatchObject({ status: 'ready', canRestoreToPoint: true, window: { to: NOW_ISO, toSource: 'archiving-condition' } });
    expect(working.rpoSeconds).toBeUndefined();

    const failing = assess({ archiver: undefined, database: database({ cluster: cnpgCluster({ status: { conditions: [failingArchiving] } }) }) });
    expect(failing).toMatchObject({ status: 'not-ready', rpoSeconds: 2 * 3600, rpoIsLowerBound: true, window: { to: '2024-12-04T08:00:00Z' } });
    expect(failing.blockers.find(b => b.id === 'rpo-exceeded')?.message).toContain('at least 2 hours');
  });

  it('is not ready without any backup, pointing at the backup runbook', () => {
    const store = objectStore();
    store.status = { serverRecoveryWindow: {} };
    const line = assess({ database: database({ backups: [], objectStores: [store] }) });
    expect(line.status).toBe('not-ready');
    expect(line.canRestoreToPoint).toBe(false);
    expect(line.window).toBeUndefined();
    expect(line.blockers[0]).toMatchObject({ id: 'no-backups', level: 'critical', runbook: 'database-backup' });
  });

  it('is not ready without an object store at all', () => {
    const line = assess({ database: database({ cluster: cnpgCluster({ spec: { plugins: [] } }), objectStores: [] }) });
    expect(ids(line)).toContain('no-backup-store');
    expect(line.status).toBe('not-ready');
  });

  it('does not cover the restore point when the first recoverability point is younger than it', () => {
    const store = objectStore();
    store.status.serverRecoveryWindow['cmp-postgres'].firstRecoverabilityPoint = now.minus({ minutes: 2 }).toISO();
    const line = assess({ database: database({ objectStores: [store] }) });
    expect(line.canRestoreToPoint).toBe(false);
    expect(ids(line)).toEqual(['window-not-covering']);
  });

  it('is at risk with warnings only: no schedule, old backup, never rehearsed (with the restore runbook)', () => {
    const old = backup('cmp-postgres-manual', 'completed', '2024-12-01T02:00:03Z', '2024-12-01T02:00:41Z');
    const store = objectStore();
    store.status.serverRecoveryWindow['cmp-postgres'].lastSuccessfulBackupTime = '2024-12-01T02:00:41Z';
    const line = assess({ database: database({ backups: [old], scheduledBackups: [], objectStores: [store] }), lastRehearsal: undefined });
    expect(line.status).toBe('at-risk');
    expect(line.level).toBe('warning');
    expect(ids(line)).toEqual(['no-scheduled-backup', 'backup-too-old', 'never-rehearsed']);
    expect(line.blockers[2]).toMatchObject({ runbook: 'database-restore', guideSection: '5.2' });
  });

  it('flags a rehearsal older than the interval, and a suspended schedule', () => {
    const line = assess({
      database: database({ scheduledBackups: [scheduledBackup('0 0 2 * * *', { spec: { suspend: true } })] }),
      lastRehearsal: rehearsedDaysAgo(91),
    });
    expect(ids(line)).toEqual(['no-scheduled-backup', 'rehearsal-overdue']);
    expect(line.blockers[0].message).toContain('suspended');
    expect(line.blockers[1].message).toContain('91 days ago');
  });

  it('sorts worst first, then by the larger data loss', () => {
    const ready = assess();
    const atRisk = assess({ lastRehearsal: undefined });
    const notReady = assess({ archiver: { lastArchivedTime: now.minus({ hours: 1 }) } });
    const worse = { ...notReady, name: 'other', rpoSeconds: 7200 };
    expect([ready, atRisk, notReady, worse].sort(compareDrReadiness).map(l => `${l.status}:${l.name}`)).toEqual([
      'not-ready:other',
      'not-ready:cmp-postgres',
      'at-risk:cmp-postgres',
      'ready:cmp-postgres',
    ]);
  });
});
