import { DateTime } from 'luxon';
import { backup, cnpgCluster, cnpgPod, NOW_ISO, objectStore, scheduledBackup } from '../__fixtures__/objects';
import { databaseView, DatabaseInput } from './databases';
import { DEFAULT_THRESHOLDS } from './thresholds';

const now = DateTime.fromISO(NOW_ISO, { zone: 'utc' });

function input(patch: Partial<DatabaseInput> = {}): DatabaseInput {
  return {
    cluster: cnpgCluster(),
    backups: [
      backup('cmp-postgres-daily-20241202020000', 'completed', '2024-12-02T02:00:03Z', '2024-12-02T02:00:40Z'),
      backup('cmp-postgres-daily-20241203020000', 'failed', '2024-12-03T02:00:03Z', '2024-12-03T02:00:09Z', 'can\'t execute backup: barman-cloud-backup exited with code 4'),
      backup('cmp-postgres-daily-20241204020000', 'completed', '2024-12-04T02:00:03Z', '2024-12-04T02:00:41Z'),
    ],
    scheduledBackups: [scheduledBackup()],
    objectStores: [objectStore()],
    pods: [cnpgPod(1, 'primary'), cnpgPod(2, 'replica'), cnpgPod(3, 'replica', false)],
    now,
    thresholds: DEFAULT_THRESHOLDS,
    ...patch,
  };
}

describe('databaseView', () => {
  it('is healthy: phase, instances, roles, backups from Backup objects and the ObjectStore recovery window', () => {
    const view = databaseView(input());
    expect(view).toMatchObject({
      name: 'cmp-postgres',
      phase: 'Cluster in healthy state',
      healthy: true,
      instances: 3,
      readyInstances: 3,
      currentPrimary: 'cmp-postgres-1',
      switchoverInProgress: false,
      replicas: ['cmp-postgres-2'],
      walArchiving: { status: 'ok', message: 'Continuous archiving is working' },
      lastSuccessfulBackup: { name: 'cmp-postgres-daily-20241204020000', phase: 'completed', durationSeconds: 38, scheduled: true },
      lastFailedBackup: { name: 'cmp-postgres-daily-20241203020000', error: expect.stringContaining('exited with code 4') },
      lastSuccessfulBackupAgeSeconds: 7 * 3600 + 59 * 60 + 19,
      recoveryWindow: {
        objectStore: 'cmp-postgres-store',
        firstRecoverabilityPoint: '2024-11-27T02:00:12Z',
        lastSuccessfulBackupTime: '2024-12-04T02:00:41Z',
      },
      nextBackupTime: '2024-12-05T02:00:00Z',
      level: 'ok',
    });
    expect(view.instanceStatuses).toEqual([
      { name: 'cmp-postgres-1', role: 'primary', ready: true, status: 'Running' },
      { name: 'cmp-postgres-2', role: 'replica', ready: true, status: 'Running' },
      { name: 'cmp-postgres-3', role: 'replica', ready: false, status: 'Running' },
    ]);
    expect(view.scheduledBackups).toEqual([
      expect.objectContaining({ name: 'cmp-postgres-daily', schedule: '0 0 2 * * *', periodSeconds: 86400, suspended: false }),
    ]);
    expect(view.recentBackups.map(b => b.name)).toEqual([
      'cmp-postgres-daily-20241204020000',
      'cmp-postgres-daily-20241203020000',
      'cmp-postgres-daily-20241202020000',
    ]);
    expect(view.findings).toEqual([]);
  });

  it('does not trust the deprecated cluster backup fields', () => {
    const view = databaseView(
      input({
        cluster: cnpgCluster({ status: { lastSuccessfulBackup: '2024-12-04T09:00:00Z', firstRecoverabilityPoint: '2024-12-01T00:00:00Z' } }),
        backups: [backup('cmp-postgres-daily-20241201020000', 'completed', '2024-12-01T02:00:03Z', '2024-12-01T02:00:41Z')],
      }),
    );
    expect(view.lastSuccessfulBackup?.stoppedAt).toBe('2024-12-01T02:00:41Z');
    expect(view.recoveryWindow?.firstRecoverabilityPoint).toBe('2024-11-27T02:00:12Z');
    // 3 days old with a daily schedule: more than 2 periods + grace → critical
    const late = view.findings.find(f => f.code === 'backup.late')!;
    expect(late.level).toBe('critical');
    expect(late.reason).toBe(
      'The last successful backup of cmp/cmp-postgres is 3 days old; schedule "0 0 2 * * *" expects one every 1 day',
    );
  });

  it('flags a backup older than one period plus grace as a warning', () => {
    const view = databaseView(
      input({ backups: [backup('b1', 'completed', '2024-12-03T02:00:03Z', '2024-12-03T02:00:41Z')] }),
    );
    const late = view.findings.find(f => f.code === 'backup.late')!;
    expect(late.level).toBe('warning');
    expect(late.reason).toContain('is 1 day old');
    // within period + grace: fine
    const onTime = databaseView(input({ now: DateTime.fromISO('2024-12-04T02:30:00Z', { zone: 'utc' }), backups: [backup('b1', 'completed', '2024-12-03T02:00:03Z', '2024-12-03T02:00:41Z')] }));
    expect(onTime.findings.find(f => f.code === 'backup.late')).toBeUndefined();
  });

  it('warns when the latest finished backup failed', () => {
    const view = databaseView(
      input({
        backups: [
          backup('b1', 'completed', '2024-12-03T02:00:03Z', '2024-12-03T02:00:41Z'),
          backup('b2', 'failed', '2024-12-04T02:00:03Z', '2024-12-04T02:00:09Z', 'WAL archiving is not working'),
          backup('b3', 'running', '2024-12-04T09:59:00Z'),
        ],
      }),
    );
    expect(view.findings.map(f => [f.level, f.code])).toEqual([
      ['warning', 'backup.failed'],
      ['warning', 'backup.late'],
    ]);
    expect(view.findings[0].reason).toBe('The latest backup of cmp/cmp-postgres, b2, failed: WAL archiving is not working');
  });

  it('is critical when WAL archiving fails, and reports non-healthy phases and a switchover', () => {
    const view = databaseView(
      input({
        cluster: cnpgCluster({
          status: {
            phase: 'Switchover in progress',
            phaseReason: 'Switching over to cmp-postgres-2',
            targetPrimary: 'cmp-postgres-2',
            readyInstances: 2,
            conditions: [
              { type: 'Ready', status: 'False', reason: 'ClusterIsNotReady', message: 'Cluster Is Not Ready' },
              { type: 'ContinuousArchiving', status: 'False', reason: 'ContinuousArchivingFailing', message: 'unexpected failure invoking barman-cloud-wal-archive: exit status 4' },
            ],
          },
        }),
      }),
    );
    expect(view.healthy).toBe(false);
    expect(view.switchoverInProgress).toBe(true);
    expect(view.walArchiving.status).toBe('failing');
    expect(view.level).toBe('critical');
    expect(view.findings.map(f => f.code)).toEqual([
      'database.wal-archiving',
      'database.phase',
      'database.instances',
      'database.switchover',
    ]);
    expect(view.findings[1].reason).toBe('Database cmp/cmp-postgres: Switchover in progress (Switching over to cmp-postgres-2)');
  });

  it('is critical in a phase that needs a person', () => {
    const view = databaseView(input({ cluster: cnpgCluster({ status: { phase: 'Cluster is unrecoverable and needs manual intervention' } }) }));
    expect(view.findings[0]).toMatchObject({ level: 'critical', code: 'database.phase' });
  });

  it('rejects five-field schedules as CloudNativePG does, and notices missing or suspended schedules', () => {
    const invalid = databaseView(input({ scheduledBackups: [scheduledBackup('0 2 * * *', { status: { nextScheduleTime: undefined } })] }));
    expect(invalid.scheduledBackups[0].error).toContain('CloudNativePG expects 6');
    expect(invalid.findings.map(f => f.code)).toContain('backup.schedule-invalid');

    expect(databaseView(input({ scheduledBackups: [] })).findings.map(f => f.code)).toEqual(['backup.unscheduled']);
    expect(
      databaseView(input({ scheduledBackups: [scheduledBackup(undefined, { spec: { suspend: true } })] })).findings.map(f => f.code),
    ).toEqual(['backup.suspended']);
  });

  it('says so when the ObjectStore has no recovery point', () => {
    const store = objectStore();
    const view = databaseView(input({ objectStores: [{ ...store, status: { serverRecoveryWindow: {} } }] }));
    expect(view.findings.map(f => f.code)).toEqual(['backup.no-recovery-point']);
  });
});
