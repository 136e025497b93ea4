/**
 * Realistic objects of the GSV platform, shaped after the upstream API types (see the domain reference):
 * healthy, expiring and failing variants. "Now" in these fixtures is 2024-12-04T10:00:00Z.
 */
import type { KubeObject } from '../services/ClusterRegistry/types';

export const NOW_ISO = '2024-12-04T10:00:00Z';

type Patch = { metadata?: Record<string, unknown>; spec?: Record<string, unknown>; status?: Record<string, unknown> };

function object(base: KubeObject, patch: Patch = {}): KubeObject {
  return {
    ...base,
    metadata: { ...base.metadata, ...(patch.metadata ?? {}) } as KubeObject['metadata'],
    spec: patch.spec ? { ...base.spec, ...patch.spec } : base.spec,
    status: patch.status ? { ...base.status, ...patch.status } : base.status,
  };
}

// ---------------------------------------------------------------- cert-manager

export const healthyCertificate = (patch?: Patch) =>
  object(
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'agent-registry-tls', namespace: 'cmp', generation: 1, uid: 'cert-1', labels: { 'app.kubernetes.io/name': 'agent-registry' } },
      spec: {
        secretName: 'agent-registry-tls',
        issuerRef: { name: 'letsencrypt-prod', kind: 'ClusterIssuer', group: 'cert-manager.io' },
        dnsNames: ['agent-registry.dev.gsv.example'],
        duration: '2160h0m0s',
        renewBefore: '720h0m0s',
      },
      status: {
        conditions: [
          { type: 'Ready', status: 'True', reason: 'Ready', message: 'Certificate is up to date and has not expired', lastTransitionTime: '2024-11-04T08:12:40Z', observedGeneration: 1 },
        ],
        notBefore: '2024-11-04T07:12:39Z',
        notAfter: '2025-02-02T07:12:38Z',
        renewalTime: '2025-01-03T07:12:38Z',
        revision: 3,
      },
    },
    patch,
  );

/** keycloak-tls: valid, expiring in about 5 days, renewal time passed long ago and the renewal keeps failing. */
export const expiringCertificate = () =>
  object(healthyCertificate(), {
    metadata: { name: 'keycloak-tls', namespace: 'sso', uid: 'cert-2', labels: {} },
    spec: { secretName: 'keycloak-tls', dnsNames: ['sso.dev.gsv.example'] },
    status: {
      conditions: [
        // Issuing first: readiness must be read by type, not position (ops guide §1.1 reads conditions[0]).
        { type: 'Issuing', status: 'False', reason: 'Failed', message: 'The certificate request has failed to complete and will be retried: Failed to wait for order resource "keycloak-tls-4-991" to become ready: order is in "invalid" state', lastTransitionTime: '2024-12-04T07:00:00Z', observedGeneration: 1 },
        { type: 'Ready', status: 'True', reason: 'Ready', message: 'Certificate is up to date and has not expired', lastTransitionTime: '2024-09-10T08:00:00Z', observedGeneration: 1 },
      ],
      notBefore: '2024-09-10T08:00:00Z',
      notAfter: '2024-12-09T08:00:00Z',
      renewalTime: '2024-11-09T08:00:00Z',
      revision: 3,
      lastFailureTime: '2024-12-04T07:00:00Z',
      failedIssuanceAttempts: 3,
    },
  });

/** wildcard-dev-tls: expired, issuance failed twice, in cert-manager's backoff. */
export const failingCertificate = () =>
  object({
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: 'wildcard-dev-tls', namespace: 'cert-manager', generation: 2, uid: 'cert-3' },
    spec: { secretName: 'wildcard-dev-tls', dnsNames: ['*.dev.gsv.example'], issuerRef: { name: 'letsencrypt-prod', kind: 'ClusterIssuer' } },
    status: {
      conditions: [
        { type: 'Ready', status: 'False', reason: 'Expired', message: 'Certificate expired on Sun, 01 Dec 2024 00:00:00 UTC', lastTransitionTime: '2024-12-01T00:00:01Z', observedGeneration: 2 },
        { type: 'Issuing', status: 'False', reason: 'Failed', message: 'The certificate request has failed to complete and will be retried: Failed to wait for order resource "wildcard-dev-tls-1-123" to become ready: order is in "invalid" state', lastTransitionTime: '2024-12-04T09:00:00Z', observedGeneration: 2 },
      ],
      notBefore: '2024-09-02T00:00:00Z',
      notAfter: '2024-12-01T00:00:00Z',
      revision: 4,
      lastFailureTime: '2024-12-04T09:00:00Z',
      failedIssuanceAttempts: 2,
    },
  });

export const pendingCertificateRequest = () =>
  object({
    apiVersion: 'cert-manager.io/v1',
    kind: 'CertificateRequest',
    metadata: {
      name: 'wildcard-dev-tls-5',
      namespace: 'cert-manager',
      annotations: { 'cert-manager.io/certificate-name': 'wildcard-dev-tls', 'cert-manager.io/certificate-revision': '5' },
      ownerReferences: [{ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', name: 'wildcard-dev-tls', uid: 'cert-3', controller: true }],
    },
    spec: { issuerRef: { name: 'letsencrypt-prod', kind: 'ClusterIssuer', group: 'cert-manager.io' } },
    status: {
      conditions: [
        { type: 'Approved', status: 'True', reason: 'cert-manager.io', message: 'Certificate request has been approved by cert-manager.io', lastTransitionTime: '2024-12-04T08:59:00Z' },
        { type: 'Ready', status: 'False', reason: 'Failed', message: 'Failed to wait for order resource "wildcard-dev-tls-1-123" to become ready: order is in "invalid" state', lastTransitionTime: '2024-12-04T09:00:00Z' },
      ],
      failureTime: '2024-12-04T09:00:00Z',
    },
  });

// ---------------------------------------------------------------- CloudNativePG

export const cnpgCluster = (patch?: Patch) =>
  object(
    {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: { name: 'cmp-postgres', namespace: 'cmp', generation: 3, uid: 'pg-1', creationTimestamp: '2024-10-01T00:00:00Z' },
      spec: {
        instances: 3,
        storage: { size: '20Gi' },
        plugins: [{ name: 'barman-cloud.cloudnative-pg.io', isWALArchiver: true, parameters: { barmanObjectName: 'cmp-postgres-store' } }],
      },
      status: {
        instances: 3,
        readyInstances: 3,
        instanceNames: ['cmp-postgres-1', 'cmp-postgres-2', 'cmp-postgres-3'],
        instancesStatus: { healthy: ['cmp-postgres-1', 'cmp-postgres-2', 'cmp-postgres-3'] },
        currentPrimary: 'cmp-postgres-1',
        targetPrimary: 'cmp-postgres-1',
        currentPrimaryTimestamp: '2024-12-01T03:14:07.120034Z',
        phase: 'Cluster in healthy state',
        timelineID: 2,
        writeService: 'cmp-postgres-rw',
        readService: 'cmp-postgres-r',
        image: 'ghcr.io/cloudnative-pg/postgresql:16.4',
        conditions: [
          { type: 'Ready', status: 'True', reason: 'ClusterIsReady', message: 'Cluster is Ready', lastTransitionTime: '2024-12-01T03:14:20Z' },
          { type: 'ContinuousArchiving', status: 'True', reason: 'ContinuousArchivingSuccess', message: 'Continuous archiving is working', lastTransitionTime: '2024-12-01T03:15:02Z' },
          { type: 'LastBackupSucceeded', status: 'True', reason: 'LastBackupSucceeded', message: 'Backup was successful', lastTransitionTime: '2024-12-04T02:00:41Z' },
        ],
      },
    },
    patch,
  );

export const backup = (name: string, phase: string, startedAt: string, stoppedAt?: string, error?: string) =>
  object({
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Backup',
    metadata: {
      name,
      namespace: 'cmp',
      creationTimestamp: startedAt,
      labels: { 'cnpg.io/cluster': 'cmp-postgres', 'cnpg.io/scheduled-backup': 'cmp-postgres-daily' },
    },
    spec: { cluster: { name: 'cmp-postgres' }, method: 'plugin', pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' } },
    status: {
      phase,
      method: 'plugin',
      online: true,
      startedAt,
      ...(stoppedAt ? { stoppedAt } : {}),
      ...(error ? { error } : {}),
      ...(phase === 'completed' ? { backupId: startedAt.replace(/[-:]/g, '').replace('Z', ''), serverName: 'cmp-postgres' } : {}),
    },
  });

export const scheduledBackup = (schedule = '0 0 2 * * *', patch?: Patch) =>
  object(
    {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'ScheduledBackup',
      metadata: { name: 'cmp-postgres-daily', namespace: 'cmp' },
      spec: { schedule, cluster: { name: 'cmp-postgres' }, backupOwnerReference: 'self', method: 'plugin', pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' }, immediate: true },
      status: { lastCheckTime: '2024-12-04T02:00:00Z', lastScheduleTime: '2024-12-04T02:00:00Z', nextScheduleTime: '2024-12-05T02:00:00Z' },
    },
    patch,
  );

export const objectStore = () =>
  object({
    apiVersion: 'barmancloud.cnpg.io/v1',
    kind: 'ObjectStore',
    metadata: { name: 'cmp-postgres-store', namespace: 'cmp' },
    spec: { configuration: { destinationPath: 's3://gsv-backups/cmp-postgres' } },
    status: { serverRecoveryWindow: { 'cmp-postgres': { firstRecoverabilityPoint: '2024-11-27T02:00:12Z', lastSuccessfulBackupTime: '2024-12-04T02:00:41Z' } } },
  });

export const cnpgPod = (n: number, role: 'primary' | 'replica', ready = true) =>
  object({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `cmp-postgres-${n}`,
      namespace: 'cmp',
      uid: `pgpod-${n}`,
      labels: { 'cnpg.io/cluster': 'cmp-postgres', 'cnpg.io/instanceName': `cmp-postgres-${n}`, 'cnpg.io/podRole': 'instance', 'cnpg.io/instanceRole': role, role },
      ownerReferences: [{ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', name: 'cmp-postgres', uid: 'pg-1', controller: true }],
    },
    spec: {
      nodeName: `node-${n}`,
      containers: [{ name: 'postgres', image: 'ghcr.io/cloudnative-pg/postgresql:16.4' }],
      volumes: [{ name: 'pgdata', persistentVolumeClaim: { claimName: `cmp-postgres-${n}` } }],
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: [{ name: 'postgres', ready, restartCount: 0, state: { running: { startedAt: '2024-12-01T03:00:00Z' } } }],
    },
  });

// ---------------------------------------------------------------- workloads

export const deployment = (patch?: Patch) =>
  object(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'agent-registry',
        namespace: 'cmp',
        uid: 'dep-1',
        generation: 7,
        labels: { 'backstage.io/kubernetes-id': 'agent-registry', app: 'agent-registry' },
        annotations: { 'deployment.kubernetes.io/revision': '12' },
      },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'agent-registry' } },
        template: {
          metadata: { labels: { app: 'agent-registry', 'backstage.io/kubernetes-id': 'agent-registry' } },
          spec: {
            containers: [
              {
                name: 'agent-registry',
                image: 'ghcr.io/digitlify-inc/agent-registry:v1.2.3',
                envFrom: [{ secretRef: { name: 'agent-registry-secrets' } }],
                resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '4Gi' } },
              },
            ],
          },
        },
      },
      status: {
        observedGeneration: 7,
        replicas: 3,
        updatedReplicas: 3,
        readyReplicas: 3,
        availableReplicas: 3,
        conditions: [
          { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
          { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
        ],
      },
    },
    patch,
  );

export const replicaSet = (name: string, revision: string, ownerUid = 'dep-1') =>
  object({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'cmp',
      uid: `rs-${name}`,
      labels: { app: 'agent-registry', 'backstage.io/kubernetes-id': 'agent-registry' },
      annotations: { 'deployment.kubernetes.io/revision': revision },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'agent-registry', uid: ownerUid, controller: true }],
    },
    spec: { replicas: 3, template: { spec: { containers: [{ name: 'agent-registry', image: 'ghcr.io/digitlify-inc/agent-registry:v1.2.3' }] } } },
    status: { replicas: 3 },
  });

export const runningPod = (name: string, rs = 'agent-registry-5d8f7'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'cmp',
    uid: `pod-${name}`,
    creationTimestamp: '2024-12-04T08:00:00Z',
    labels: { app: 'agent-registry', 'backstage.io/kubernetes-id': 'agent-registry' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, uid: `rs-${rs}`, controller: true }],
  },
  spec: {
    nodeName: 'node-1',
    containers: [{ name: 'agent-registry', image: 'ghcr.io/digitlify-inc/agent-registry:v1.2.3' }],
  },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [
      { name: 'agent-registry', image: 'ghcr.io/digitlify-inc/agent-registry:v1.2.3', ready: true, restartCount: 0, state: { running: { startedAt: '2024-12-04T08:00:05Z' } } },
    ],
  },
});

export const crashLoopPod = (name: string, rs = 'agent-registry-5d8f7'): KubeObject => {
  const pod = runningPod(name, rs);
  return {
    ...pod,
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'False' }],
      containerStatuses: [
        {
          name: 'agent-registry',
          ready: false,
          restartCount: 14,
          state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=agent-registry pod=${name}` } },
          lastState: { terminated: { reason: 'Error', exitCode: 1, finishedAt: '2024-12-04T09:58:00Z' } },
        },
      ],
    },
  };
};

export const hpa = (patch?: Patch) =>
  object(
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'agent-registry', namespace: 'cmp' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'agent-registry' },
        minReplicas: 3,
        maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
      },
      status: {
        currentReplicas: 3,
        desiredReplicas: 3,
        currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 72, averageValue: '360m' } } }],
        conditions: [
          { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale' },
          { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound' },
          { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange' },
        ],
      },
    },
    patch,
  );

// ---------------------------------------------------------------- Argo CD, ESO, PVC

export const application = (name: string, sync: string, health: string, patch?: Patch) =>
  object(
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name, namespace: 'argocd', labels: { 'gsv.io/service': name } },
      spec: {
        project: 'default',
        source: { repoURL: 'https://github.com/digitlify-inc/gsv-platform.git', path: `platform/overlays/dev/${name}`, targetRevision: 'main' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'cmp' },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
      status: {
        sync: { status: sync, revision: '9f1c2e7a4b' },
        health: { status: health, lastTransitionTime: '2024-12-04T09:58:10Z' },
        operationState: {
          operation: { sync: { revision: '9f1c2e7a4b' }, initiatedBy: { automated: true } },
          phase: 'Succeeded',
          message: 'successfully synced (all tasks run)',
          startedAt: '2024-12-04T09:57:31Z',
          finishedAt: '2024-12-04T09:57:40Z',
        },
        history: [
          { id: 40, revision: '1a2b3c4d', deployStartedAt: '2024-12-03T09:00:00Z', deployedAt: '2024-12-03T09:00:10Z', initiatedBy: { username: 'jane' } },
          { id: 41, revision: '9f1c2e7a4b', deployStartedAt: '2024-12-04T09:57:31Z', deployedAt: '2024-12-04T09:57:40Z', initiatedBy: { automated: true } },
        ],
        resources: [{ group: 'apps', version: 'v1', kind: 'Deployment', namespace: 'cmp', name, status: sync === 'OutOfSync' ? 'OutOfSync' : 'Synced' }],
        reconciledAt: '2024-12-04T10:01:02Z',
        summary: { images: [`ghcr.io/digitlify-inc/${name}:v1.2.3`] },
      },
    },
    patch,
  );

export const externalSecret = (patch?: Patch) =>
  object(
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'agent-registry-secrets', namespace: 'cmp', generation: 1, annotations: { 'force-sync': '1733306400' } },
      spec: {
        refreshInterval: '1h0m0s',
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
        target: { name: 'agent-registry-secrets', creationPolicy: 'Owner' },
        data: [{ secretKey: 'DATABASE_PASSWORD', remoteRef: { key: 'secret/cmp/database', property: 'password' } }],
      },
      status: {
        refreshTime: '2024-12-04T09:30:02Z',
        syncedResourceVersion: '1-3c9a',
        conditions: [{ type: 'Ready', status: 'True', reason: 'SecretSynced', message: 'secret synced', lastTransitionTime: '2024-11-20T08:00:00Z' }],
        binding: { name: 'agent-registry-secrets' },
      },
    },
    patch,
  );

export const pvc = (name: string, patch?: Patch) =>
  object(
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name, namespace: 'cmp', labels: { 'cnpg.io/cluster': 'cmp-postgres' } },
      spec: { storageClassName: 'standard', resources: { requests: { storage: '20Gi' } } },
      status: { phase: 'Bound', capacity: { storage: '20Gi' } },
    },
    patch,
  );

export const warningEvent = (name: string, involved: { kind: string; name: string; namespace?: string }, last: string, reason = 'BackOff', message = 'Back-off restarting failed container') => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name, namespace: involved.namespace ?? 'cmp', creationTimestamp: last },
  involvedObject: { kind: involved.kind, name: involved.name, namespace: involved.namespace ?? 'cmp' },
  type: 'Warning',
  reason,
  message,
  count: 5,
  firstTimestamp: '2024-12-04T09:00:00Z',
  lastTimestamp: last,
});
