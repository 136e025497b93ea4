import type {
  ApplicationView,
  BackupView,
  CertificateView,
  ClusterOpsView,
  ClusterStatus,
  DatabaseView,
  DeploymentView,
  EntityOpsView,
  EventView,
  ExternalSecretView,
  Finding,
  PodView,
  PvcView,
} from '@gsv/plugin-gsv-ops-common';
import {
  daysAgo,
  FIXTURE_NOW,
  hoursAgo,
  inDays,
  inHours,
  minutesAgo,
  secondsAgo,
} from './time';

/*
 * Realistic Ops views of agent-registry in the GSV dev cluster, shaped like the backend's answers: healthy, degraded
 * (crash-looping rollout, GitOps drift, a filling volume), an expiring certificate, a failed backup, a cluster that
 * stopped answering, a service with nothing deployed, and a large service for the render measurement.
 */

const GiB = 1024 ** 3;
const REGISTRY_IMAGE = 'ghcr.io/gsv-platform/agent-registry';
const ENTITY_REF = 'component:default/agent-registry';

export const devCluster = (
  overrides: Partial<ClusterStatus> = {},
): ClusterStatus => ({
  name: 'gsv-dev',
  title: 'GSV dev',
  environment: 'dev',
  synced: true,
  lastHeardAt: secondsAgo(2),
  ageSeconds: 2,
  ...overrides,
});

export function pod(
  name: string,
  overrides: Partial<PodView> = {},
  image = `${REGISTRY_IMAGE}:1.14.2`,
): PodView {
  const base: PodView = {
    namespace: 'cmp',
    name,
    status: 'Running',
    phase: 'Running',
    ready: true,
    readyContainers: 1,
    totalContainers: 1,
    restarts: 0,
    nodeName: 'gsv-dev-worker-1',
    createdAt: daysAgo(2),
    owner: {
      kind: 'ReplicaSet',
      namespace: 'cmp',
      name: 'agent-registry-7d9f8c6b5',
    },
    containers: [
      {
        name: 'app',
        image,
        imageTag: image.split(':').pop(),
        ready: true,
        restartCount: 0,
        state: 'Running',
        resources: {
          requests: { cpu: '250m', memory: '512Mi' },
          limits: { cpu: '1', memory: '1Gi' },
        },
      },
    ],
    level: 'ok',
  };
  return { ...base, ...overrides };
}

function crashLoopingPod(name: string): PodView {
  const image = `${REGISTRY_IMAGE}:1.15.0`;
  return pod(
    name,
    {
      status: 'CrashLoopBackOff',
      ready: false,
      readyContainers: 0,
      restarts: 14,
      createdAt: minutesAgo(38),
      owner: {
        kind: 'ReplicaSet',
        namespace: 'cmp',
        name: 'agent-registry-5c4d7f9b8',
      },
      containers: [
        {
          name: 'app',
          image,
          imageTag: '1.15.0',
          ready: false,
          restartCount: 14,
          state: 'CrashLoopBackOff',
          message: `back-off 5m0s restarting failed container=app pod=${name}`,
          lastTerminationReason: 'Error',
        },
      ],
      level: 'critical',
    },
    image,
  );
}

function healthyDeployment(): DeploymentView {
  return {
    namespace: 'cmp',
    name: 'agent-registry',
    kind: 'Deployment',
    desiredReplicas: 3,
    readyReplicas: 3,
    availableReplicas: 3,
    updatedReplicas: 3,
    revision: '12',
    rollout: { complete: true, inProgress: false, stalled: false },
    images: [`${REGISTRY_IMAGE}:1.14.2`],
    restarts: 1,
    hpa: {
      namespace: 'cmp',
      name: 'agent-registry',
      target: { kind: 'Deployment', namespace: 'cmp', name: 'agent-registry' },
      minReplicas: 2,
      maxReplicas: 10,
      currentReplicas: 3,
      desiredReplicas: 3,
      lastScaleTime: hoursAgo(5),
      metrics: ['cpu 42% / 70%', 'memory 61% / 80%'],
      ableToScale: true,
      scalingLimited: false,
    },
    pods: [
      pod('agent-registry-7d9f8c6b5-2xk8p', {
        restarts: 1,
        nodeName: 'gsv-dev-worker-2',
      }),
      pod('agent-registry-7d9f8c6b5-9qwtz'),
      pod('agent-registry-7d9f8c6b5-h7c4m', {
        nodeName: 'gsv-dev-worker-3',
        createdAt: hoursAgo(5),
      }),
    ],
    level: 'ok',
    findings: [],
  };
}

function databasePods(): PodView[] {
  return [1, 2, 3].map(index =>
    pod(
      `cmp-postgres-${index}`,
      {
        owner: { kind: 'Cluster', namespace: 'cmp', name: 'cmp-postgres' },
        nodeName: `gsv-dev-worker-${index}`,
        createdAt: daysAgo(3),
      },
      'ghcr.io/cloudnative-pg/postgresql:16.4',
    ),
  );
}

function certificate(
  overrides: Partial<CertificateView> &
    Pick<CertificateView, 'name' | 'namespace'>,
): CertificateView {
  return {
    secretName: overrides.name,
    dnsNames: [`${overrides.name.replace(/-tls$/, '')}.dev.gsv.example`],
    issuer: {
      name: 'letsencrypt-prod',
      kind: 'ClusterIssuer',
      group: 'cert-manager.io',
    },
    ready: 'True',
    readyReason: 'Ready',
    readyMessage: 'Certificate is up to date and has not expired',
    notBefore: daysAgo(28),
    notAfter: inDays(62),
    renewalTime: inDays(32),
    daysToExpiry: 62,
    revision: 3,
    issuing: false,
    level: 'ok',
    findings: [],
    ...overrides,
  };
}

function healthyCertificates(): CertificateView[] {
  return [
    certificate({ namespace: 'cmp', name: 'agent-registry-tls' }),
    certificate({
      namespace: 'cert-manager',
      name: 'wildcard-dev-tls',
      dnsNames: ['*.dev.gsv.example'],
      notBefore: daysAgo(45),
      notAfter: inDays(45),
      renewalTime: inDays(15),
      daysToExpiry: 45,
      revision: 7,
    }),
  ];
}

export function backup(
  index: number,
  overrides: Partial<BackupView> = {},
): BackupView {
  const startedHoursAgo = 6 + index * 24;
  const stamp = new Date(FIXTURE_NOW - startedHoursAgo * 3600 * 1000)
    .toISOString()
    .replace(/[-:T]/g, '')
    .slice(0, 14);
  return {
    namespace: 'cmp',
    name: `cmp-postgres-daily-${stamp}`,
    phase: 'completed',
    method: 'plugin',
    target: 'prefer-standby',
    scheduled: true,
    scheduledBackup: 'cmp-postgres-daily',
    startedAt: hoursAgo(startedHoursAgo),
    stoppedAt: secondsAgo(startedHoursAgo * 3600 - 38),
    durationSeconds: 38,
    backupId: `${stamp.slice(0, 8)}T${stamp.slice(8)}`,
    createdAt: hoursAgo(startedHoursAgo),
    ...overrides,
  };
}

function healthyDatabase(): DatabaseView {
  const recentBackups = Array.from({ length: 7 }, (_, i) => backup(i));
  return {
    namespace: 'cmp',
    name: 'cmp-postgres',
    phase: 'Cluster in healthy state',
    healthy: true,
    instances: 3,
    readyInstances: 3,
    currentPrimary: 'cmp-postgres-1',
    targetPrimary: 'cmp-postgres-1',
    switchoverInProgress: false,
    instanceNames: ['cmp-postgres-1', 'cmp-postgres-2', 'cmp-postgres-3'],
    replicas: ['cmp-postgres-2', 'cmp-postgres-3'],
    instanceStatuses: [
      {
        name: 'cmp-postgres-1',
        role: 'primary',
        ready: true,
        status: 'Running',
      },
      {
        name: 'cmp-postgres-2',
        role: 'replica',
        ready: true,
        status: 'Running',
      },
      {
        name: 'cmp-postgres-3',
        role: 'replica',
        ready: true,
        status: 'Running',
      },
    ],
    image: 'ghcr.io/cloudnative-pg/postgresql:16.4',
    walArchiving: { status: 'ok', message: 'Continuous archiving is working' },
    lastSuccessfulBackup: recentBackups[0],
    lastSuccessfulBackupAgeSeconds: 6 * 3600 - 38,
    recoveryWindow: {
      objectStore: 'cmp-postgres-store',
      firstRecoverabilityPoint: daysAgo(7),
      lastSuccessfulBackupTime: recentBackups[0].stoppedAt,
    },
    scheduledBackups: [
      {
        namespace: 'cmp',
        name: 'cmp-postgres-daily',
        schedule: '0 0 2 * * *',
        suspended: false,
        lastScheduleTime: hoursAgo(6),
        nextScheduleTime: inHours(18),
        periodSeconds: 86400,
      },
    ],
    nextBackupTime: inHours(18),
    recentBackups,
    level: 'ok',
    findings: [],
  };
}

function healthyApplication(): ApplicationView {
  return {
    namespace: 'argocd',
    name: 'agent-registry',
    project: 'cmp',
    repoURL: 'https://github.com/gsv-platform/platform-gitops.git',
    path: 'platform/overlays/dev/agent-registry',
    targetRevision: 'main',
    syncStatus: 'Synced',
    healthStatus: 'Healthy',
    revision: '4f1c2a9d8e7b6c5a4f3e2d1c0b9a8f7e6d5c4b3a',
    lastSyncedAt: hoursAgo(5),
    operationPhase: 'Succeeded',
    operationMessage: 'successfully synced (all tasks run)',
    outOfSyncResources: [],
    history: [
      {
        id: 41,
        revision: '4f1c2a9d8e7b6c5a4f3e2d1c0b9a8f7e6d5c4b3a',
        deployStartedAt: secondsAgo(5 * 3600 + 52),
        deployedAt: hoursAgo(5),
        initiatedBy: 'automated',
      },
      {
        id: 40,
        revision: '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b',
        deployStartedAt: secondsAgo(2 * 86400 + 47),
        deployedAt: daysAgo(2),
        initiatedBy: 'maria.keller@gsv.example',
      },
      {
        id: 39,
        revision: '1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c',
        deployStartedAt: secondsAgo(6 * 86400 + 61),
        deployedAt: daysAgo(6),
        initiatedBy: 'automated',
      },
    ],
    conditions: [],
    level: 'ok',
    findings: [],
  };
}

function healthyExternalSecret(): ExternalSecretView {
  return {
    namespace: 'cmp',
    name: 'agent-registry-secrets',
    store: 'ClusterSecretStore/vault',
    refreshInterval: '1h0m0s',
    refreshPolicy: 'Periodic',
    ready: 'True',
    reason: 'SecretSynced',
    message: 'secret synced',
    refreshTime: minutesAgo(24),
    targetSecret: 'agent-registry-secrets',
    forceSync: { effective: true },
    consumers: [
      { kind: 'Deployment', namespace: 'cmp', name: 'agent-registry' },
    ],
    level: 'ok',
    findings: [],
  };
}

/** The ops guide's disk thresholds (§1.2): above 80% a warning, above 90% critical. */
function pvcLevel(usedRatio: number | undefined): PvcView['level'] {
  if (usedRatio === undefined) return 'unknown';
  if (usedRatio > 0.9) return 'critical';
  if (usedRatio > 0.8) return 'warning';
  return 'ok';
}

function pvc(
  index: number,
  usedRatio: number | undefined,
  overrides: Partial<PvcView> = {},
): PvcView {
  const capacityBytes = 20 * GiB;
  return {
    namespace: 'cmp',
    name: `cmp-postgres-${index}`,
    phase: 'Bound',
    storageClass: 'standard',
    capacityBytes,
    usedBytes:
      usedRatio === undefined
        ? undefined
        : Math.round(capacityBytes * usedRatio),
    usedRatio,
    usedByPods: [`cmp-postgres-${index}`],
    level: pvcLevel(usedRatio),
    findings: [],
    ...overrides,
  };
}

function assemble(
  cluster: ClusterOpsView,
  overrides: Partial<EntityOpsView> = {},
): EntityOpsView {
  return {
    entityRef: ENTITY_REF,
    generatedAt: secondsAgo(1),
    level: cluster.level,
    findings: cluster.findings,
    clusters: [cluster],
    errors: [],
    etag: `W/"${cluster.level}-${cluster.findings.length}-${FIXTURE_NOW}"`,
    ...overrides,
  };
}

function healthyCluster(): ClusterOpsView {
  return {
    cluster: devCluster(),
    level: 'ok',
    findings: [],
    deployments: [healthyDeployment()],
    otherPods: databasePods(),
    jobs: [
      {
        namespace: 'cmp',
        name: 'agent-registry-migrate-12',
        status: 'Complete',
        succeeded: 1,
        failed: 0,
        startTime: hoursAgo(5),
        completionTime: secondsAgo(5 * 3600 - 21),
      },
    ],
    certificates: healthyCertificates(),
    databases: [healthyDatabase()],
    applications: [healthyApplication()],
    externalSecrets: [healthyExternalSecret()],
    events: [],
    pvcs: [pvc(1, 0.35), pvc(2, 0.41), pvc(3, 0.38)],
  };
}

/** Everything fine. */
export function healthyView(): EntityOpsView {
  return assemble(healthyCluster());
}

/** A rollout of 1.15.0 that crash-loops, Argo CD drifting, a database volume filling up, warning events. */
export function degradedView(): EntityOpsView {
  const cluster = healthyCluster();
  const deployment = cluster.deployments[0];
  const findings: Finding[] = [
    {
      level: 'critical',
      code: 'deployment.unavailable',
      reason: 'Deployment agent-registry has 1 of 3 replicas ready',
      object: { kind: 'Deployment', namespace: 'cmp', name: 'agent-registry' },
    },
    {
      level: 'critical',
      code: 'pod.crashloop',
      reason:
        'Pod agent-registry-5c4d7f9b8-x7r2d is crash-looping (14 restarts)',
      object: {
        kind: 'Pod',
        namespace: 'cmp',
        name: 'agent-registry-5c4d7f9b8-x7r2d',
      },
    },
    {
      level: 'warning',
      code: 'application.degraded',
      reason: 'Argo CD application agent-registry is OutOfSync and Degraded',
      object: {
        kind: 'Application',
        namespace: 'argocd',
        name: 'agent-registry',
      },
    },
    {
      level: 'warning',
      code: 'pvc.usage',
      reason: 'Volume cmp-postgres-1 is 86% full',
      object: {
        kind: 'PersistentVolumeClaim',
        namespace: 'cmp',
        name: 'cmp-postgres-1',
      },
    },
  ];
  cluster.deployments = [
    {
      ...deployment,
      readyReplicas: 1,
      availableReplicas: 1,
      updatedReplicas: 2,
      revision: '13',
      rollout: {
        complete: false,
        inProgress: true,
        stalled: true,
        message:
          'ReplicaSet "agent-registry-5c4d7f9b8" has timed out progressing.',
      },
      images: [`${REGISTRY_IMAGE}:1.15.0`],
      restarts: 29,
      hpa: {
        ...deployment.hpa!,
        currentReplicas: 3,
        desiredReplicas: 4,
        metrics: ['cpu 88% / 70%'],
      },
      pods: [
        pod('agent-registry-7d9f8c6b5-2xk8p', { restarts: 1 }),
        crashLoopingPod('agent-registry-5c4d7f9b8-x7r2d'),
        { ...crashLoopingPod('agent-registry-5c4d7f9b8-m4n8q'), restarts: 14 },
        pod('agent-registry-7d9f8c6b5-h7c4m', {
          status: 'Terminating',
          ready: false,
          readyContainers: 0,
          level: 'warning',
        }),
      ],
      level: 'critical',
      findings: findings.slice(0, 2),
    },
  ];
  const app = cluster.applications[0];
  cluster.applications = [
    {
      ...app,
      syncStatus: 'OutOfSync',
      healthStatus: 'Degraded',
      healthMessage:
        'Deployment "agent-registry" exceeded its progress deadline',
      operationPhase: 'Failed',
      operationMessage:
        'one or more objects failed to apply, reason: deployments.apps "agent-registry" is invalid',
      outOfSyncResources: [
        { kind: 'ConfigMap', namespace: 'cmp', name: 'agent-registry-config' },
      ],
      conditions: [
        {
          type: 'SyncError',
          message:
            'Failed sync attempt to 7c3e9f1: one or more objects failed to apply',
        },
      ],
      level: 'warning',
      findings: [findings[2]],
    },
  ];
  cluster.pvcs = [
    pvc(1, 0.86, { findings: [findings[3]] }),
    pvc(2, 0.58),
    pvc(3, 0.57),
  ];
  cluster.events = [
    {
      namespace: 'cmp',
      type: 'Warning',
      reason: 'BackOff',
      message:
        'Back-off restarting failed container app in pod agent-registry-5c4d7f9b8-x7r2d',
      involvedObject: {
        kind: 'Pod',
        namespace: 'cmp',
        name: 'agent-registry-5c4d7f9b8-x7r2d',
      },
      count: 61,
      firstTimestamp: minutesAgo(37),
      lastTimestamp: secondsAgo(40),
    },
    {
      namespace: 'cmp',
      type: 'Warning',
      reason: 'Unhealthy',
      message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
      involvedObject: {
        kind: 'Pod',
        namespace: 'cmp',
        name: 'agent-registry-5c4d7f9b8-m4n8q',
      },
      count: 18,
      firstTimestamp: minutesAgo(36),
      lastTimestamp: minutesAgo(2),
    },
    {
      namespace: 'cmp',
      type: 'Warning',
      reason: 'ProgressDeadlineExceeded',
      message: 'Deployment "agent-registry" has timed out progressing.',
      involvedObject: {
        kind: 'Deployment',
        namespace: 'cmp',
        name: 'agent-registry',
      },
      count: 1,
      firstTimestamp: minutesAgo(28),
      lastTimestamp: minutesAgo(28),
    },
  ];
  cluster.level = 'critical';
  cluster.findings = findings;
  return assemble(cluster);
}

/** The wildcard certificate fails to renew and expires in 4 days. */
export function expiringCertificateView(): EntityOpsView {
  const cluster = healthyCluster();
  const finding: Finding = {
    level: 'critical',
    code: 'certificate.expiring',
    reason:
      'Certificate wildcard-dev-tls expires in 4 days and its renewal is failing',
    object: {
      kind: 'Certificate',
      namespace: 'cert-manager',
      name: 'wildcard-dev-tls',
    },
  };
  cluster.certificates = [
    cluster.certificates[0],
    {
      ...cluster.certificates[1],
      notBefore: daysAgo(86),
      notAfter: inDays(4),
      renewalTime: daysAgo(26),
      daysToExpiry: 4,
      issuing: true,
      failure: {
        reason: 'Failed',
        message:
          'The certificate request has failed to complete and will be retried: Failed to wait for order resource "wildcard-dev-tls-8-2817301" to become ready: order is in "invalid" state',
        lastFailureTime: hoursAgo(1),
        attempts: 2,
        nextRetryTime: inHours(1),
      },
      level: 'critical',
      findings: [finding],
    },
  ];
  cluster.level = 'critical';
  cluster.findings = [finding];
  cluster.events = [
    {
      namespace: 'cert-manager',
      type: 'Warning',
      reason: 'Failed',
      message:
        'The certificate request has failed to complete and will be retried: order is in "invalid" state',
      involvedObject: {
        kind: 'Certificate',
        namespace: 'cert-manager',
        name: 'wildcard-dev-tls',
      },
      count: 2,
      firstTimestamp: hoursAgo(3),
      lastTimestamp: hoursAgo(1),
    },
  ];
  return assemble(cluster);
}

/** Last night's backup failed, WAL archiving is failing, the last good backup is three days old. */
export function failedBackupView(): EntityOpsView {
  const cluster = healthyCluster();
  const database = cluster.databases[0];
  const failed = backup(0, {
    phase: 'failed',
    durationSeconds: 12,
    stoppedAt: secondsAgo(6 * 3600 - 12),
    error:
      "can't upload backup: operation error S3: PutObject, https response error StatusCode: 403, api error AccessDenied: Access Denied",
  });
  const recentBackups = [
    failed,
    backup(1, {
      phase: 'failed',
      durationSeconds: 9,
      error: 'WAL archiving is failing: not starting a base backup',
    }),
    ...Array.from({ length: 5 }, (_, i) => backup(i + 2)),
  ];
  const findings: Finding[] = [
    {
      level: 'critical',
      code: 'backup.stale',
      reason:
        'Last successful backup of cmp-postgres is 2 days old (schedule: daily)',
      object: { kind: 'Cluster', namespace: 'cmp', name: 'cmp-postgres' },
    },
    {
      level: 'critical',
      code: 'backup.wal-archiving',
      reason: 'WAL archiving of cmp-postgres is failing',
      object: { kind: 'Cluster', namespace: 'cmp', name: 'cmp-postgres' },
    },
  ];
  cluster.databases = [
    {
      ...database,
      walArchiving: {
        status: 'failing',
        message:
          'unexpected failure invoking barman-cloud-wal-archive: exit status 4',
      },
      lastFailedBackup: failed,
      lastSuccessfulBackup: recentBackups[2],
      lastSuccessfulBackupAgeSeconds: 54 * 3600,
      recoveryWindow: {
        ...database.recoveryWindow!,
        lastSuccessfulBackupTime: recentBackups[2].stoppedAt,
        lastFailedBackupTime: failed.stoppedAt,
      },
      recentBackups,
      level: 'critical',
      findings,
    },
  ];
  cluster.level = 'critical';
  cluster.findings = findings;
  return assemble(cluster);
}

/** gsv-dev stopped answering 4 minutes ago (last known data kept); gsv-qa never synced. */
export function clusterErrorView(): EntityOpsView {
  const cluster = healthyCluster();
  cluster.cluster = devCluster({
    lastHeardAt: minutesAgo(4),
    ageSeconds: 4 * 60 + 12,
    error: {
      cluster: 'gsv-dev',
      reason: 'Unreachable',
      message: 'connect ECONNREFUSED 10.0.12.4:6443',
      since: minutesAgo(4),
    },
  });
  const finding: Finding = {
    level: 'unknown',
    code: 'cluster.unreachable',
    reason:
      'Cluster gsv-dev has not answered for 4 minutes; showing the last known state',
  };
  cluster.level = 'unknown';
  cluster.findings = [finding];
  return assemble(cluster, {
    level: 'unknown',
    findings: [finding],
    errors: [
      cluster.cluster.error!,
      {
        cluster: 'gsv-qa',
        reason: 'Unauthorized',
        message: 'the server has asked for the client to provide credentials',
        since: hoursAgo(2),
      },
    ],
  });
}

/** Annotated, but no object in any cluster carries the label. */
export function nothingDeployedView(): EntityOpsView {
  return assemble({
    cluster: devCluster(),
    level: 'ok',
    findings: [],
    deployments: [],
    otherPods: [],
    jobs: [],
    certificates: [],
    databases: [],
    applications: [],
    externalSecrets: [],
    events: [],
    pvcs: [],
  });
}

/** The same service in dev (healthy) and prod (a warning), to exercise the cluster switch. */
export function multiClusterView(): EntityOpsView {
  const dev = healthyCluster();
  const prod = healthyCluster();
  const finding: Finding = {
    level: 'warning',
    code: 'certificate.expiring',
    reason: 'Certificate agent-registry-tls expires in 12 days',
    object: {
      kind: 'Certificate',
      namespace: 'cmp',
      name: 'agent-registry-tls',
    },
  };
  prod.cluster = devCluster({
    name: 'gsv-prod',
    title: 'GSV production',
    environment: 'prod',
  });
  prod.certificates = [
    {
      ...prod.certificates[0],
      daysToExpiry: 12,
      notAfter: inDays(12),
      level: 'warning',
      findings: [finding],
    },
  ];
  prod.deployments = [
    {
      ...prod.deployments[0],
      desiredReplicas: 6,
      readyReplicas: 6,
      availableReplicas: 6,
      updatedReplicas: 6,
    },
  ];
  prod.level = 'warning';
  prod.findings = [finding];
  return assemble(dev, {
    clusters: [dev, prod],
    level: 'warning',
    findings: [finding],
  });
}

/**
 * A big service for the render measurement: `pods` pods over 8 deployments, `certificates` certificates and
 * `backups` backups, with a realistic share of trouble.
 */
export function largeView(
  size: { pods: number; certificates: number; backups: number } = {
    pods: 200,
    certificates: 20,
    backups: 50,
  },
): EntityOpsView {
  const cluster = healthyCluster();
  const deploymentCount = 8;
  const deployments: DeploymentView[] = [];
  for (let d = 0; d < deploymentCount; d++) {
    const name = d === 0 ? 'agent-registry' : `agent-registry-shard-${d}`;
    const count =
      Math.floor(size.pods / deploymentCount) +
      (d < size.pods % deploymentCount ? 1 : 0);
    const pods = Array.from({ length: count }, (_, p) => {
      const podName = `${name}-7d9f8c6b5-${String(p).padStart(5, 'x')}`;
      return p % 37 === 5
        ? crashLoopingPod(podName)
        : pod(podName, { nodeName: `gsv-dev-worker-${(p % 12) + 1}` });
    });
    const ready = pods.filter(p => p.ready).length;
    deployments.push({
      ...healthyDeployment(),
      name,
      desiredReplicas: count,
      readyReplicas: ready,
      availableReplicas: ready,
      updatedReplicas: count,
      restarts: pods.reduce((sum, p) => sum + p.restarts, 0),
      pods,
      level: ready < count ? 'warning' : 'ok',
    });
  }
  cluster.deployments = deployments;
  cluster.certificates = Array.from({ length: size.certificates }, (_, i) =>
    certificate({
      namespace: 'cmp',
      name: `agent-registry-${i}-tls`,
      daysToExpiry: 5 + i * 4,
      notAfter: inDays(5 + i * 4),
      renewalTime: i < 3 ? daysAgo(1) : inDays(i * 4 - 25),
      level: i < 2 ? 'warning' : 'ok',
    }),
  );
  cluster.databases = [
    {
      ...healthyDatabase(),
      recentBackups: Array.from({ length: size.backups }, (_, i) =>
        backup(
          i,
          i % 17 === 3 ? { phase: 'failed', error: 'exit status 4' } : {},
        ),
      ),
    },
  ];
  cluster.events = Array.from(
    { length: 30 },
    (_, i): EventView => ({
      namespace: 'cmp',
      type: 'Warning',
      reason: i % 2 ? 'BackOff' : 'Unhealthy',
      message: `Back-off restarting failed container app (${i})`,
      involvedObject: {
        kind: 'Pod',
        namespace: 'cmp',
        name: `agent-registry-7d9f8c6b5-${i}`,
      },
      count: i + 1,
      lastTimestamp: minutesAgo(i),
    }),
  );
  cluster.level = 'warning';
  cluster.findings = [
    {
      level: 'warning',
      code: 'deployment.unavailable',
      reason: 'Some replicas of agent-registry are not ready',
      object: { kind: 'Deployment', namespace: 'cmp', name: 'agent-registry' },
    },
  ];
  return assemble(cluster);
}

/** The healthy cluster view with the service's workers (`agent-registry-worker`, 2 replicas, no HPA) beside it. */
export function withWorkerClusterView() {
  const view = healthyView().clusters[0];
  const [deployment] = view.deployments;
  const worker = {
    ...deployment,
    name: 'agent-registry-worker',
    hpa: undefined,
    desiredReplicas: 2,
  };
  return { ...view, deployments: [deployment, worker] };
}
