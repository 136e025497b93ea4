import type { StoredObject } from '../../api/types';
import { base64 } from '../../controllers/certManager/fakePem';
import { bootstrapJob, clusterServices, HEALTHY_PHASE, instancePod, PLUGIN_NAME } from '../../controllers/cnpg/cnpgObjects';
import { ownerReference } from '../../controllers/helpers';
import { DAY, HOUR, MINUTE, Seeder } from '../Seeder';
import { safeSuffix } from './labels';

/**
 * The CloudNativePG cluster `cmp-postgres`: three instances, PVCs (the primary's near full in dev), the completed
 * initdb bootstrap pod (which `role!=primary` selects), services, the Barman Cloud ObjectStore, the daily
 * ScheduledBackup and a week of backups (one failed in dev).
 */

export interface DatabaseSeed {
  cluster: StoredObject;
  failedBackup?: StoredObject;
}

export function seedDatabase(seeder: Seeder, dev: boolean, now: number): DatabaseSeed {
  const age = 60 * DAY;
  const inherited = { 'app.kubernetes.io/part-of': 'gsv-platform', 'app.kubernetes.io/name': 'cmp-postgres' };
  const store = seedObjectStore(seeder, {
    namespace: 'cmp',
    name: 'cmp-postgres-store',
    destinationPath: `s3://gsv-backups-${dev ? 'dev' : 'prod'}/cmp-postgres`,
    credentials: 'backup-creds',
    labels: inherited,
    age,
  });
  seeder.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'cmp-postgres-app', namespace: 'cmp', labels: { 'cnpg.io/cluster': 'cmp-postgres', 'cnpg.io/reload': 'true' } }, type: 'kubernetes.io/basic-auth', data: { username: base64('agent_registry'), password: base64('s3cr3t-db'), dbname: base64('agent_registry'), host: base64('cmp-postgres-rw'), port: base64('5432') } }, age);
  const cluster = seeder.create(
    {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: { name: 'cmp-postgres', namespace: 'cmp', labels: inherited },
      spec: {
        instances: 3,
        imageName: 'ghcr.io/cloudnative-pg/postgresql:16.4',
        primaryUpdateStrategy: 'unsupervised',
        storage: { size: '20Gi', storageClass: 'standard' },
        resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } },
        postgresql: { parameters: { max_connections: '200', shared_buffers: '256MB' } },
        bootstrap: { initdb: { database: 'agent_registry', owner: 'agent_registry', secret: { name: 'cmp-postgres-app' } } },
        inheritedMetadata: { labels: inherited },
        plugins: [{ name: PLUGIN_NAME, isWALArchiver: true, parameters: { barmanObjectName: 'cmp-postgres-store' } }],
        monitoring: { enablePodMonitor: true },
      },
    },
    age,
  );
  const primary = 'cmp-postgres-1';
  const job = seeder.create(bootstrapJob(cluster, 'initdb', 20), age - MINUTE);
  seeder.completedPod(job, `cmp-postgres-1-initdb-${safeSuffix('cmp-postgres-1-initdb')}`, job.spec.template, age - MINUTE - 2000, 20_000);
  seeder.setStatus(job, {
    startTime: seeder.ago(age - MINUTE),
    completionTime: seeder.ago(age - MINUTE - 25_000),
    succeeded: 1,
    ready: 0,
    terminating: 0,
    uncountedTerminatedPods: {},
    conditions: [
      { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastTransitionTime: seeder.ago(age - MINUTE - 25_000) },
      { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastTransitionTime: seeder.ago(age - MINUTE - 25_000) },
    ],
  });

  seedInstances(seeder, cluster, { usedFractions: dev ? [0.92, 0.61, 0.6] : [0.58, 0.57, 0.57], age, labels: inherited });

  // Nightly backups of the last seven days, 02:00 UTC; in dev, the one of three nights ago failed.
  const lastRun = Math.floor((now - 2 * HOUR) / DAY) * DAY + 2 * HOUR;
  let failedBackup: StoredObject | undefined;
  const scheduled = seeder.create(
    {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'ScheduledBackup',
      metadata: { name: 'cmp-postgres-daily', namespace: 'cmp', labels: inherited },
      spec: {
        schedule: '0 0 2 * * *',
        cluster: { name: 'cmp-postgres' },
        backupOwnerReference: 'self',
        method: 'plugin',
        pluginConfiguration: { name: PLUGIN_NAME },
        immediate: true,
        target: 'prefer-standby',
      },
    },
    age,
  );
  const completedStarts: number[] = [];
  let lastSuccess = 0;
  let lastFailure = 0;
  for (let daysBack = 6; daysBack >= 0; daysBack--) {
    const at = lastRun - daysBack * DAY;
    const failed = dev && daysBack === 3;
    const stamp = new Date(at).toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const startedAt = at + 3000;
    const stoppedAt = at + (failed ? 95_000 : 38_000 + daysBack * 1000);
    const backup = seeder.create(
      {
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'Backup',
        metadata: {
          name: `cmp-postgres-daily-${stamp}`,
          namespace: 'cmp',
          labels: { 'cnpg.io/cluster': 'cmp-postgres', 'cnpg.io/scheduled-backup': 'cmp-postgres-daily' },
          ownerReferences: [ownerReference(scheduled, false)],
        },
        spec: { cluster: { name: 'cmp-postgres' }, method: 'plugin', pluginConfiguration: { name: PLUGIN_NAME }, target: 'prefer-standby' },
      },
      now - at,
    );
    const serial = 0x1a + (6 - daysBack) * 3;
    const wal = (n: number) => `00000001${n.toString(16).toUpperCase().padStart(16, '0')}`;
    const common = {
      method: 'plugin',
      online: true,
      startedAt: seeder.ago(now - startedAt),
      stoppedAt: seeder.ago(now - stoppedAt),
      backupId: new Date(startedAt).toISOString().replace(/[-:]/g, '').slice(0, 15),
      backupName: `backup-${new Date(startedAt).toISOString().replace(/[-:T]/g, '').slice(0, 14)}`,
      serverName: 'cmp-postgres',
      destinationPath: store.spec.configuration.destinationPath,
      majorVersion: 16,
      instanceID: { podName: 'cmp-postgres-2', ContainerID: `containerd://4f1${stamp}` },
      pluginMetadata: { pluginName: PLUGIN_NAME },
    };
    const status = failed
      ? {
          ...common,
          phase: 'failed',
          error: 'rpc error: code = Unknown desc = while uploading backup: operation error S3: PutObject, https response error StatusCode: 503, RequestID: 7Q9XK2M4, api error SlowDown: Please reduce your request rate.',
        }
      : {
          ...common,
          phase: 'completed',
          beginWal: wal(serial),
          endWal: wal(serial),
          beginLSN: `0/${serial.toString(16).toUpperCase()}000028`,
          endLSN: `0/${serial.toString(16).toUpperCase()}000138`,
        };
    const stored = seeder.setStatus(backup, status);
    if (failed) {
      failedBackup = stored;
      lastFailure = stoppedAt;
    } else {
      completedStarts.push(startedAt);
      lastSuccess = stoppedAt;
    }
  }
  seeder.setStatus(scheduled, {
    lastCheckTime: seeder.ago(now - lastRun),
    lastScheduleTime: seeder.ago(now - lastRun),
    nextScheduleTime: seeder.ago(now - (lastRun + DAY)),
  });
  seeder.setStatus(store, {
    serverRecoveryWindow: {
      'cmp-postgres': {
        firstRecoverabilityPoint: seeder.ago(now - Math.min(...completedStarts)),
        lastSuccessfulBackupTime: seeder.ago(now - lastSuccess),
        ...(lastFailure ? { lastFailedBackupTime: seeder.ago(now - lastFailure) } : {}),
      },
    },
  });
  const stored = seeder.setStatus(cluster, {
    instances: 3,
    readyInstances: 3,
    instanceNames: ['cmp-postgres-1', 'cmp-postgres-2', 'cmp-postgres-3'],
    latestGeneratedNode: 3,
    currentPrimary: primary,
    targetPrimary: primary,
    currentPrimaryTimestamp: `${seeder.ago(age - 2 * MINUTE).slice(0, 19)}.120034Z`,
    targetPrimaryTimestamp: `${seeder.ago(age - 2 * MINUTE - 8000).slice(0, 19)}.871120Z`,
    timelineID: 1,
    phase: HEALTHY_PHASE,
    writeService: 'cmp-postgres-rw',
    readService: 'cmp-postgres-r',
    image: 'ghcr.io/cloudnative-pg/postgresql:16.4',
    pluginStatus: [{ name: PLUGIN_NAME, version: '0.3.0', capabilities: ['TYPE_RECONCILER_HOOKS', 'TYPE_LIFECYCLE_SERVICE'], backupCapabilities: ['TYPE_BACKUP'], walCapabilities: ['TYPE_ARCHIVE_WAL', 'TYPE_RESTORE_WAL'] }],
    conditions: [
      { type: 'Ready', status: 'True', reason: 'ClusterIsReady', message: 'Cluster is Ready', lastTransitionTime: seeder.ago(4 * DAY - 10 * MINUTE) },
      { type: 'ContinuousArchiving', status: 'True', reason: 'ContinuousArchivingSuccess', message: 'Continuous archiving is working', lastTransitionTime: seeder.ago(age - 3 * MINUTE) },
      { type: 'ConsistentSystemID', status: 'True', reason: 'Unique', message: 'A single, unique system ID was found across reporting instances.', lastTransitionTime: seeder.ago(age - 3 * MINUTE) },
      { type: 'LastBackupSucceeded', status: 'True', reason: 'LastBackupSucceeded', message: 'Backup was successful', lastTransitionTime: seeder.ago(now - lastSuccess) },
    ],
  });
  return { cluster: stored, failedBackup };
}

/**
 * The instance PVCs, running pods (the first is the primary) and services of a seeded CloudNativePG cluster, one
 * instance per entry of `usedFractions` (how full its volume is).
 */
export function seedInstances(seeder: Seeder, cluster: StoredObject, options: { usedFractions: number[]; age: number; labels: Record<string, string> }): void {
  const { namespace = '', name = '' } = cluster.metadata;
  const { age, labels } = options;
  options.usedFractions.forEach((usedFraction, index) => {
    const instance = `${name}-${index + 1}`;
    seeder.pvc(namespace, instance, {
      size: cluster.spec.storage.size,
      usedFraction,
      growthPerDay: 0.15 * 2 ** 30,
      labels: { ...labels, 'cnpg.io/cluster': name, 'cnpg.io/instanceName': instance, 'cnpg.io/pvcRole': 'PG_DATA' },
      createdAgo: age - (index + 1) * 5 * MINUTE,
    });
  });
  options.usedFractions.forEach((_, index) => {
    const template = instancePod(cluster, index + 1, index === 0 ? 'primary' : 'replica');
    seeder.runningPod(cluster, template.metadata.name!, { namespace, name, labels: {}, selector: {}, replicas: 1, containers: template.spec.containers, createdAgo: age }, 4 * DAY - (index + 1) * 3 * MINUTE, 0, {
      labels: template.metadata.labels,
      spec: template.spec,
    });
  });
  for (const service of clusterServices(cluster)) seeder.create(service, age);
}

/** A Barman Cloud ObjectStore on S3 with its credentials Secret (`ACCESS_KEY_ID`, `ACCESS_SECRET_KEY`). */
export function seedObjectStore(
  seeder: Seeder,
  options: { namespace: string; name: string; destinationPath: string; credentials: string; labels: Record<string, string>; age: number },
): StoredObject {
  const { namespace, credentials, age } = options;
  const store = seeder.create(
    {
      apiVersion: 'barmancloud.cnpg.io/v1',
      kind: 'ObjectStore',
      metadata: { name: options.name, namespace, labels: options.labels },
      spec: {
        configuration: {
          destinationPath: options.destinationPath,
          endpointURL: 'https://s3.eu-central-1.amazonaws.com',
          s3Credentials: { accessKeyId: { name: credentials, key: 'ACCESS_KEY_ID' }, secretAccessKey: { name: credentials, key: 'ACCESS_SECRET_KEY' } },
          wal: { compression: 'gzip' },
        },
        retentionPolicy: '30d',
      },
    },
    age,
  );
  seeder.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: credentials, namespace }, type: 'Opaque', data: { ACCESS_KEY_ID: base64('AKIAEXAMPLE'), ACCESS_SECRET_KEY: base64('example') } }, age);
  return store;
}
