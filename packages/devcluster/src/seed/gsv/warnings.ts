import type { StoredObject } from '../../api/types';
import { MINUTE, Seeder, DAY } from '../Seeder';
import type { DatabaseSeed } from './database';

/** The recent warning events of the dev variant (probe failures, a failed backup, a near-full volume). */

export function seedWarnings(seeder: Seeder, dev: boolean, workerPods: StoredObject[], keycloakPods: StoredObject[], database: DatabaseSeed): void {
  if (!dev) return;
  const worker = workerPods[workerPods.length - 1];
  seeder.event(worker, 'Warning', 'Unhealthy', 'Readiness probe failed: Error: No nodes replied within time constraint', {
    count: 4,
    firstAgo: 50 * MINUTE,
    lastAgo: 12 * MINUTE,
    component: 'kubelet',
    host: worker.spec?.nodeName,
    fieldPath: 'spec.containers{worker}',
  });
  const keycloak = keycloakPods[0];
  seeder.event(keycloak, 'Warning', 'Unhealthy', `Liveness probe failed: Get "http://${keycloak.status?.podIP}:9000/health/live": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`, {
    firstAgo: 25 * MINUTE,
    component: 'kubelet',
    host: keycloak.spec?.nodeName,
    fieldPath: 'spec.containers{keycloak}',
  });
  if (database.failedBackup) {
    seeder.event(database.failedBackup, 'Warning', 'Failed', `Backup failed: ${database.failedBackup.status?.error}`, {
      firstAgo: seeder.now - Date.parse(database.failedBackup.status?.stoppedAt ?? seeder.ago(3 * DAY)),
      component: 'cloudnative-pg-backup',
    });
  }
  const primaryPod = seeder.api.store.get('/pods', 'cmp', 'cmp-postgres-1');
  if (primaryPod) {
    seeder.event(primaryPod, 'Warning', 'FreeDiskSpaceLow', 'Volume pgdata (claim cmp-postgres-1) is 92% full', {
      count: 6,
      firstAgo: 55 * MINUTE,
      lastAgo: 5 * MINUTE,
      component: 'cloudnative-pg',
    });
  }
}
