import { DateTime } from 'luxon';
import { databaseView, type DatabaseInput } from '../domain/databases';
import { DEFAULT_THRESHOLDS } from '../domain/thresholds';
import { backup, cnpgCluster, cnpgPod, NOW_ISO, objectStore, scheduledBackup } from './objects';

/** The Ops view of `cmp/cmp-postgres` at NOW_ISO: healthy, archiving, last night's backup, a daily schedule. */
export function cmpPostgresView(patch: Partial<DatabaseInput> = {}) {
  return databaseView({
    cluster: cnpgCluster(),
    backups: [backup('cmp-postgres-daily-20241204020000', 'completed', '2024-12-04T02:00:03Z', '2024-12-04T02:00:41Z')],
    scheduledBackups: [scheduledBackup()],
    objectStores: [objectStore()],
    pods: [cnpgPod(1, 'primary'), cnpgPod(2, 'replica')],
    now: DateTime.fromISO(NOW_ISO, { zone: 'utc' }),
    thresholds: DEFAULT_THRESHOLDS,
    ...patch,
  });
}
