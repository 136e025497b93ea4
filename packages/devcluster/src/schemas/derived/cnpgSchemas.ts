import type { OpenApiSchema } from '../types';
import { array, boolean, dateTime, integer, map, object, open, resource, string } from './schemaBuilders';
import { poolerSchema } from './poolerSchemas';
import { prometheusOperatorSchemas } from './prometheusOperatorSchemas';
import { trivySchemas } from './trivySchemas';

/**
 * CloudNativePG's CRDs are not published in any package this machine can reach (no npm package carries them, and
 * the release manifest lives on GitHub only). These schemas are derived from CNPG's documented API (v1.27 API
 * reference, api/v1/*_types.go, and the Barman Cloud plugin's ObjectStore) for the kinds we emulate: every top-level
 * field of each spec and status is declared with its type, so an invented field fails; sub-objects we do not model
 * are declared as open objects (`x-kubernetes-preserve-unknown-fields`). See the package README.
 */

const strings = array(string());
const localObjectReference = object({ name: string() }, { required: ['name'] });

const condition = object(
  {
    lastTransitionTime: dateTime(),
    message: string(),
    observedGeneration: { type: 'integer', format: 'int64' },
    reason: string(),
    status: { type: 'string', enum: ['True', 'False', 'Unknown'] },
    type: string(),
  },
  { required: ['lastTransitionTime', 'message', 'reason', 'status', 'type'] },
);

const pluginConfiguration = object({ name: string('Name is the name of the plugin managing this backup'), parameters: map(string()) }, { required: ['name'] });

const clusterSpec = object(
  {
    affinity: open(), backup: open('The configuration to be used for backups'), bootstrap: open('Instructions to bootstrap this cluster'),
    certificates: open(), description: string(), enablePDB: boolean(), enableSuperuserAccess: boolean(), env: array(open()),
    envFrom: array(open()), ephemeralVolumeSource: open(), ephemeralVolumesSizeLimit: open(), externalClusters: array(open()),
    failoverDelay: integer(), imageCatalogRef: open(), imageName: string('Name of the container image, supporting both tags and digests'),
    imagePullPolicy: string(), imagePullSecrets: array(localObjectReference), inheritedMetadata: object({ annotations: map(string()), labels: map(string()) }),
    instances: { ...integer('Number of instances required in the cluster'), default: 1 }, livenessProbeTimeout: integer(),
    logLevel: { type: 'string', enum: ['error', 'warning', 'info', 'debug', 'trace'] }, managed: open(), maxSyncReplicas: integer(),
    minSyncReplicas: integer(), monitoring: open(), nodeMaintenanceWindow: open(),
    plugins: array(object({ enabled: boolean(), isWALArchiver: boolean(), name: string(), parameters: map(string()) }, { required: ['name'] })),
    podSecurityContext: open(), postgresGID: { type: 'integer', format: 'int64' }, postgresUID: { type: 'integer', format: 'int64' },
    postgresql: open('Configuration of the PostgreSQL server'), primaryUpdateMethod: { type: 'string', enum: ['switchover', 'restart'] },
    primaryUpdateStrategy: { type: 'string', enum: ['unsupervised', 'supervised'] }, priorityClassName: string(), probes: open(),
    projectedVolumeTemplate: open(), replica: open(), replicationSlots: open(), resources: open(), schedulerName: string(),
    seccompProfile: open(), securityContext: open(), serviceAccountTemplate: open(), smartShutdownTimeout: integer(), startDelay: integer(),
    stopDelay: integer(), storage: object({ pvcTemplate: open(), resizeInUseVolumes: boolean(), size: string(), storageClass: string() }),
    superuserSecret: localObjectReference, switchoverDelay: integer(), tablespaces: array(open()), topologySpreadConstraints: array(open()),
    walStorage: open(),
  },
  { description: 'Specification of the desired behavior of the cluster.' },
);

/** The `phase` values the real operator writes (constants in api/v1/cluster_types.go). */
export const CNPG_CLUSTER_PHASES = [
  'Cluster in healthy state', 'Setting up primary', 'Creating a new replica', 'Switchover in progress', 'Failing over',
  'Upgrading cluster', 'Upgrading Postgres major version', 'Cluster upgrade delayed', 'Waiting for user action',
  'Primary instance is being restarted in-place', 'Primary instance is being restarted without a switchover',
  'Online upgrade in progress', 'Applying configuration', 'Promoting to primary cluster',
  'Waiting for the instances to become active', 'Cluster is unrecoverable and needs manual intervention',
  'Unable to create required cluster objects', 'Invalid cluster definition', 'Cluster has incomplete or invalid image catalog',
];

/** The `phase` values of a Backup (api/v1/backup_types.go). */
export const CNPG_BACKUP_PHASES = ['pending', 'started', 'running', 'finalizing', 'completed', 'failed', 'walArchivingFailing'];

/**
 * Free-text fields whose values the real operator draws from a fixed set of constants. The CRD does not enforce
 * them (so neither does the emulator's API), but what our controllers write is checked against them.
 */
export const DOCUMENTED_VALUES: Array<{ group: string; kind: string; path: string[]; values: string[] }> = [
  { group: 'postgresql.cnpg.io', kind: 'Cluster', path: ['status', 'phase'], values: CNPG_CLUSTER_PHASES },
  { group: 'postgresql.cnpg.io', kind: 'Backup', path: ['status', 'phase'], values: CNPG_BACKUP_PHASES },
];

const clusterStatus = object(
  {
    availableArchitectures: array(open()), certificates: open(), cloudNativePGCommitHash: string(), cloudNativePGOperatorHash: string(),
    conditions: array(condition), configMapResourceVersion: open(), currentPrimary: string('Current primary instance'),
    currentPrimaryFailingSinceTimestamp: string(), currentPrimaryTimestamp: string(), danglingPVC: strings, demotionToken: string(),
    firstRecoverabilityPoint: string(), firstRecoverabilityPointByMethod: map(dateTime()), healthyPVC: strings, image: string(),
    initializingPVC: strings, instanceNames: strings, instances: integer('The total number of PVC Groups detected in the cluster'),
    instancesReportedState: map(object({ ip: string(), isPrimary: boolean(), timeLineID: integer() }, { required: ['isPrimary'] })),
    instancesStatus: map(strings), jobCount: integer(), lastFailedBackup: string(), lastPromotionToken: string(),
    lastSuccessfulBackup: string(), lastSuccessfulBackupByMethod: map(dateTime()), latestGeneratedNode: integer(), managedRolesStatus: open(),
    onlineUpdateEnabled: boolean(), pgDataImageInfo: open(), phase: string('Current phase of the cluster'), phaseReason: string(),
    pluginStatus: array(open()), poolerIntegrations: open(), pvcCount: integer(), readService: string(), readyInstances: integer(),
    resizingPVC: strings, secretsResourceVersion: open(), switchReplicaClusterStatus: open(), systemID: string(), tablespacesStatus: array(open()),
    targetPrimary: string(), targetPrimaryTimestamp: string(), timelineID: integer(), topology: open(), unusablePVC: strings, writeService: string(),
  },
  { description: 'Most recently observed status of the cluster.' },
);

const backupTarget = { type: 'string', enum: ['primary', 'prefer-standby'] } as OpenApiSchema;
const backupMethod = { type: 'string', enum: ['barmanObjectStore', 'volumeSnapshot', 'plugin'] } as OpenApiSchema;

const backupSpec = object(
  { cluster: localObjectReference, method: backupMethod, online: boolean(), onlineConfiguration: open(), pluginConfiguration, target: backupTarget },
  { required: ['cluster'], description: 'Specification of the desired behavior of the backup.' },
);

const backupStatus = object(
  {
    azureCredentials: open(), backupId: string(), backupLabelFile: string(), backupName: string(), beginLSN: string(), beginWal: string(),
    commandError: string(), commandOutput: string(), destinationPath: string(), encryption: string(), endLSN: string(), endWal: string(),
    endpointCA: open(), endpointURL: string(), error: string(), googleCredentials: open(),
    instanceID: object({ ContainerID: string(), podName: string(), sessionID: string() }), majorVersion: integer(), method: string(),
    online: boolean(), phase: string('The last backup status'), pluginMetadata: map(string()), s3Credentials: open(), serverName: string(),
    snapshotBackupStatus: open(), startedAt: dateTime(), stoppedAt: dateTime(), tablespaceMapFile: string(),
  },
  { description: 'Most recently observed status of the backup.' },
);

const scheduledBackupSpec = object(
  {
    backupOwnerReference: { type: 'string', enum: ['none', 'self', 'cluster'] }, cluster: localObjectReference, immediate: boolean(),
    method: backupMethod, online: boolean(), onlineConfiguration: open(), pluginConfiguration,
    schedule: string('The schedule does not follow the same format used in Kubernetes CronJobs as it includes an additional seconds specifier'),
    suspend: boolean(), target: backupTarget,
  },
  { required: ['cluster', 'schedule'] },
);

const scheduledBackupStatus = object({ lastCheckTime: dateTime(), lastScheduleTime: dateTime(), nextScheduleTime: dateTime() });

const objectStoreSpec = object(
  {
    configuration: object(
      {
        azureCredentials: open(), data: open(), destinationPath: string(), endpointCA: open(), endpointURL: string(), googleCredentials: open(),
        historyTags: map(string()), s3Credentials: open(), serverName: string(), tags: map(string()), wal: open(),
      },
      { required: ['destinationPath'] },
    ),
    instanceSidecarConfiguration: open(),
    retentionPolicy: string(),
  },
  { required: ['configuration'] },
);

const objectStoreStatus = object({
  serverRecoveryWindow: map(object({ firstRecoverabilityPoint: dateTime(), lastFailedBackupTime: dateTime(), lastSuccessfulBackupTime: dateTime() })),
});

export const derivedCustomSchemas: Record<string, Record<string, OpenApiSchema>> = {
  'postgresql.cnpg.io': {
    'v1/Cluster': resource('Cluster defines the API schema for a highly available PostgreSQL database cluster managed by CloudNativePG.', clusterSpec, clusterStatus),
    'v1/Backup': resource('A Backup resource is a request for a PostgreSQL backup by the user.', backupSpec, backupStatus),
    'v1/ScheduledBackup': resource('ScheduledBackup is the Schema for the scheduledbackups API.', scheduledBackupSpec, scheduledBackupStatus),
    'v1/Pooler': poolerSchema,
  },
  'barmancloud.cnpg.io': {
    'v1/ObjectStore': resource('ObjectStore is the Schema for the objectstores API of the Barman Cloud plugin.', objectStoreSpec, objectStoreStatus),
  },
  'aquasecurity.github.io': trivySchemas,
  'monitoring.coreos.com': prometheusOperatorSchemas,
};
