import { HEALTHY_PHASE, PLUGIN_NAME } from '../../controllers/cnpg/cnpgObjects';
import { DAY, HOUR, MINUTE, Seeder } from '../Seeder';
import { seedInstances, seedObjectStore } from './database';

const ARCHIVE_FAILURE =
  'AccessDenied: User: arn:aws:iam::123456789012:user/keycloak-backup is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::gsv-backups-dev/keycloak-postgres/wals/*"';

/**
 * Dev only: `sso/keycloak-postgres`, Keycloak's one-instance CloudNativePG cluster, in the state DR readiness exists to
 * catch: its WAL archiving has failed for three hours (the ObjectStore's credentials lost s3:PutObject), its only
 * backup is a manual one of 20 days ago, and it has no ScheduledBackup. It is selected by Keycloak's
 * `backstage.io/kubernetes-id` label; its pods do not carry it (they are not Keycloak's pods).
 */
export function seedKeycloakDatabase(seeder: Seeder, now: number): void {
  const age = 45 * DAY;
  const inherited = { 'app.kubernetes.io/part-of': 'gsv-platform', 'app.kubernetes.io/name': 'keycloak-postgres' };
  const destinationPath = 's3://gsv-backups-dev/keycloak-postgres';
  const store = seedObjectStore(seeder, {
    namespace: 'sso',
    name: 'keycloak-postgres-store',
    destinationPath,
    credentials: 'keycloak-backup-creds',
    labels: inherited,
    age,
  });
  const cluster = seeder.create(
    {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: { name: 'keycloak-postgres', namespace: 'sso', labels: { ...inherited, 'backstage.io/kubernetes-id': 'keycloak' } },
      spec: {
        instances: 1,
        imageName: 'ghcr.io/cloudnative-pg/postgresql:16.4',
        storage: { size: '5Gi', storageClass: 'standard' },
        bootstrap: { initdb: { database: 'keycloak', owner: 'keycloak' } },
        inheritedMetadata: { labels: inherited },
        plugins: [{ name: PLUGIN_NAME, isWALArchiver: true, parameters: { barmanObjectName: 'keycloak-postgres-store' } }],
        monitoring: { enablePodMonitor: true },
      },
    },
    age,
  );
  seedInstances(seeder, cluster, { usedFractions: [0.35], age, labels: inherited });

  const backupAt = now - 20 * DAY;
  const stamp = new Date(backupAt).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const backup = seeder.create(
    {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Backup',
      metadata: { name: `keycloak-postgres-${stamp}`, namespace: 'sso', labels: { 'cnpg.io/cluster': 'keycloak-postgres' } },
      spec: { cluster: { name: 'keycloak-postgres' }, method: 'plugin', pluginConfiguration: { name: PLUGIN_NAME } },
    },
    20 * DAY,
  );
  seeder.setStatus(backup, {
    phase: 'completed',
    method: 'plugin',
    online: true,
    startedAt: seeder.ago(20 * DAY),
    stoppedAt: seeder.ago(20 * DAY - 21_000),
    backupId: new Date(backupAt).toISOString().replace(/[-:]/g, '').slice(0, 15),
    serverName: 'keycloak-postgres',
    destinationPath,
    majorVersion: 16,
    beginWal: '000000010000000000000004',
    endWal: '000000010000000000000004',
    instanceID: { podName: 'keycloak-postgres-1', ContainerID: `containerd://9c2${stamp}` },
  });
  seeder.setStatus(store, {
    serverRecoveryWindow: {
      'keycloak-postgres': { firstRecoverabilityPoint: seeder.ago(20 * DAY), lastSuccessfulBackupTime: seeder.ago(20 * DAY - 21_000) },
    },
  });
  seeder.setStatus(cluster, {
    instances: 1,
    readyInstances: 1,
    instanceNames: ['keycloak-postgres-1'],
    latestGeneratedNode: 1,
    currentPrimary: 'keycloak-postgres-1',
    targetPrimary: 'keycloak-postgres-1',
    timelineID: 1,
    phase: HEALTHY_PHASE,
    writeService: 'keycloak-postgres-rw',
    readService: 'keycloak-postgres-r',
    image: 'ghcr.io/cloudnative-pg/postgresql:16.4',
    conditions: [
      { type: 'Ready', status: 'True', reason: 'ClusterIsReady', message: 'Cluster is Ready', lastTransitionTime: seeder.ago(4 * DAY - 10 * MINUTE) },
      { type: 'ContinuousArchiving', status: 'False', reason: 'ContinuousArchivingFailing', message: `unexpected failure invoking barman-cloud-wal-archive: ${ARCHIVE_FAILURE}`, lastTransitionTime: seeder.ago(3 * HOUR) },
      { type: 'LastBackupSucceeded', status: 'True', reason: 'LastBackupSucceeded', message: 'Backup was successful', lastTransitionTime: seeder.ago(20 * DAY - 21_000) },
    ],
  });
  // The controllers keep archiving failing (and backups failing) until the fault is fixed.
  seeder.simulation.breakObjectStore('sso/keycloak-postgres-store', ARCHIVE_FAILURE);
}
