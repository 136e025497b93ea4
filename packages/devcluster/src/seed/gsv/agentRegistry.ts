import type { StoredObject } from '../../api/types';
import { base64 } from '../../controllers/certManager/fakePem';
import { resourceVersionOf } from '../../controllers/ExternalSecretController';
import { ownerReference } from '../../controllers/helpers';
import { DAY, HOUR, MINUTE, Seeder } from '../Seeder';
import { componentLabels, PART_OF, safeSuffix } from './labels';

/** The agent registry (API, Celery worker, Redis), its HPA, ingress, cleanup CronJob and ExternalSecret. */

export function seedAgentRegistry(seeder: Seeder, dev: boolean, domain: string): { namespace: string; worker: StoredObject[] } {
  const labels = componentLabels('agent-registry', { 'app.kubernetes.io/component': 'api' });
  const selector = { 'app.kubernetes.io/name': 'agent-registry', 'app.kubernetes.io/component': 'api' };
  const image = (tag: string) => `ghcr.io/digitlify-inc/agent-registry:${tag}`;
  seeder.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'agent-registry', namespace: 'cmp', labels } }, 60 * DAY);
  seeder.create(
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'agent-registry-config', namespace: 'cmp', labels },
      data: {
        DJANGO_SETTINGS_MODULE: 'registry.settings.production',
        DATABASE_HOST: 'cmp-postgres-rw',
        DATABASE_NAME: 'agent_registry',
        CELERY_BROKER_URL: 'redis://redis.cmp.svc:6379/0',
        ALLOWED_HOSTS: `agent-registry.${domain}`,
        QDRANT_URL: 'http://qdrant:6333',
      },
    },
    60 * DAY,
  );
  seeder.pvc('cmp', 'agent-registry-media', {
    size: '10Gi',
    usedFraction: dev ? 0.38 : 0.31,
    growthPerDay: 0.02 * 2 ** 30,
    labels: componentLabels('agent-registry'),
    accessModes: ['ReadWriteMany'],
    storageClassName: 'standard-rwx',
  });
  const common = {
    envFrom: [{ configMapRef: { name: 'agent-registry-config' } }, { secretRef: { name: 'agent-registry-secrets' } }],
    volumeMounts: [{ name: 'media', mountPath: '/app/media' }],
  };
  seeder.deployment({
    namespace: 'cmp',
    name: 'agent-registry',
    labels,
    selector,
    replicas: 3,
    createdAgo: 45 * DAY,
    rolledOutAgo: 3 * DAY,
    history: [
      { image: image('v1.2.1'), rolledOutAgo: 45 * DAY },
      { image: image('v1.2.2'), rolledOutAgo: 12 * DAY },
    ],
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    serviceAccountName: 'agent-registry',
    revisionHistoryLimit: 10,
    volumes: [{ name: 'media', persistentVolumeClaim: { claimName: 'agent-registry-media' } }],
    containers: [
      {
        name: 'agent-registry',
        image: image('v1.2.3'),
        command: ['gunicorn', 'registry.wsgi:application', '--bind', '0.0.0.0:8000', '--workers', '4'],
        ports: [{ name: 'http', containerPort: 8000 }],
        resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
        readinessProbe: { httpGet: { path: '/health/', port: 'http' }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 3 },
        livenessProbe: { httpGet: { path: '/health/', port: 'http' }, initialDelaySeconds: 30, periodSeconds: 20 },
        ...common,
      },
    ],
  });
  seeder.service('cmp', 'agent-registry', labels, selector, [{ name: 'http', port: 80, targetPort: 'http' }], {}, 45 * DAY);
  seeder.create(
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'agent-registry', namespace: 'cmp', labels },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'agent-registry' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
      status: {
        currentReplicas: 3,
        desiredReplicas: 3,
        lastScaleTime: seeder.ago(2 * DAY),
        currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 62, averageValue: '155m' } } }],
        conditions: [
          { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size', lastTransitionTime: seeder.ago(2 * DAY) },
          { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)', lastTransitionTime: seeder.ago(45 * DAY) },
          { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range', lastTransitionTime: seeder.ago(2 * DAY) },
        ],
      },
    },
    45 * DAY,
  );
  seeder.create(
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'agent-registry', namespace: 'cmp', labels, annotations: { 'traefik.ingress.kubernetes.io/router.entrypoints': 'websecure' } },
      spec: {
        ingressClassName: 'traefik',
        tls: [{ hosts: [`agent-registry.${domain}`], secretName: 'agent-registry-tls' }],
        rules: [{ host: `agent-registry.${domain}`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'agent-registry', port: { name: 'http' } } } }] } }],
      },
      status: { loadBalancer: { ingress: [{ ip: dev ? '172.18.255.200' : '203.0.113.10' }] } },
    },
    45 * DAY,
  );

  const workerLabels = componentLabels('agent-registry-worker', { 'app.kubernetes.io/component': 'worker' });
  const workerSelector = { 'app.kubernetes.io/name': 'agent-registry-worker', 'app.kubernetes.io/component': 'worker' };
  const worker = seeder.deployment({
    namespace: 'cmp',
    name: 'agent-registry-worker',
    labels: workerLabels,
    selector: workerSelector,
    replicas: 2,
    createdAgo: 45 * DAY,
    rolledOutAgo: 3 * DAY,
    history: [
      { image: image('v1.2.1'), rolledOutAgo: 45 * DAY },
      { image: image('v1.2.2'), rolledOutAgo: 12 * DAY },
    ],
    serviceAccountName: 'agent-registry',
    restarts: dev ? [0, 1] : [0, 0],
    containers: [
      {
        name: 'worker',
        image: image('v1.2.3'),
        command: ['celery', '-A', 'registry', 'worker', '--loglevel=INFO', '--concurrency=4'],
        resources: { requests: { cpu: '200m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
        readinessProbe: { exec: { command: ['celery', '-A', 'registry', 'inspect', 'ping', '-d', 'celery@$HOSTNAME'] }, initialDelaySeconds: 15, periodSeconds: 30 },
        envFrom: common.envFrom,
      },
    ],
  });
  const redis = { 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/instance': 'cmp-redis', ...PART_OF };
  seeder.deployment({
    namespace: 'cmp',
    name: 'redis',
    labels: redis,
    selector: { 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/instance': 'cmp-redis' },
    replicas: 1,
    createdAgo: 60 * DAY,
    containers: [{ name: 'redis', image: 'docker.io/bitnami/redis:7.4.1', ports: [{ name: 'redis', containerPort: 6379 }], resources: { requests: { cpu: '50m', memory: '128Mi' } } }],
  });
  seeder.service('cmp', 'redis', redis, { 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/instance': 'cmp-redis' }, [{ name: 'redis', port: 6379, targetPort: 6379 }], {}, 60 * DAY);

  seedCleanupCronJob(seeder, { ...componentLabels('agent-registry', { 'app.kubernetes.io/component': 'cleanup' }), app: 'agent-registry-cleanup' });
  seedExternalSecret(seeder, labels);
  return { namespace: 'cmp', worker: worker.pods };
}

export function seedCleanupCronJob(seeder: Seeder, labels: Record<string, string>): void {
  const schedule = '30 3 * * *';
  const template = {
    metadata: { labels },
    spec: {
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'OnFailure',
          containers: [{ name: 'cleanup', image: 'ghcr.io/digitlify-inc/agent-registry:v1.2.3', command: ['python', 'manage.py', 'clearsessions'], resources: { requests: { cpu: '50m', memory: '128Mi' } } }],
        },
      },
      backoffLimit: 2,
    },
  };
  const cronJob = seeder.create(
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'agent-registry-cleanup', namespace: 'cmp', labels },
      spec: { schedule, concurrencyPolicy: 'Forbid', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, jobTemplate: template },
    },
    45 * DAY,
  );
  const lastRuns: number[] = [];
  const today330 = Math.floor(seeder.now / DAY) * DAY + 3 * HOUR + 30 * MINUTE;
  let run = today330 <= seeder.now ? today330 : today330 - DAY;
  for (let index = 0; index < 3; index++, run -= DAY) lastRuns.unshift(run);
  for (const scheduled of lastRuns) {
    const ago = seeder.now - scheduled;
    const job = seeder.create(
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          name: `agent-registry-cleanup-${Math.floor(scheduled / MINUTE)}`,
          namespace: 'cmp',
          labels,
          annotations: { 'batch.kubernetes.io/cronjob-scheduled-timestamp': seeder.ago(ago) },
          ownerReferences: [ownerReference(cronJob)],
        },
        spec: JSON.parse(JSON.stringify(template.spec)),
      },
      ago,
    );
    seeder.completedPod(job, `${job.metadata.name}-${safeSuffix(job.metadata.name)}`, job.spec.template, ago - 1000, 14_000);
    seeder.setStatus(job, {
      startTime: seeder.ago(ago - 1000),
      completionTime: seeder.ago(ago - 16_000),
      succeeded: 1,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
      conditions: [
        { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: seeder.ago(ago - 16_000), lastTransitionTime: seeder.ago(ago - 16_000) },
        { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: seeder.ago(ago - 16_000), lastTransitionTime: seeder.ago(ago - 16_000) },
      ],
    });
  }
  const last = lastRuns[lastRuns.length - 1];
  seeder.setStatus(cronJob, { lastScheduleTime: seeder.ago(seeder.now - last), lastSuccessfulTime: seeder.ago(seeder.now - last - 16_000) });
}

export function seedExternalSecret(seeder: Seeder, labels: Record<string, string>): void {
  const es = seeder.create(
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'agent-registry-secrets', namespace: 'cmp', labels },
      spec: {
        refreshInterval: '1h0m0s',
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
        target: { name: 'agent-registry-secrets', creationPolicy: 'Owner' },
        data: [
          { secretKey: 'DATABASE_PASSWORD', remoteRef: { key: 'secret/cmp/database', property: 'password' } },
          { secretKey: 'DJANGO_SECRET_KEY', remoteRef: { key: 'secret/cmp/django', property: 'secret_key' } },
          { secretKey: 'GITHUB_WEBHOOK_SECRET', remoteRef: { key: 'secret/cmp/github', property: 'webhook_secret' } },
        ],
      },
    },
    45 * DAY,
  );
  const refreshed = 20 * MINUTE;
  seeder.setStatus(es, {
    refreshTime: seeder.ago(refreshed),
    syncedResourceVersion: resourceVersionOf(es),
    binding: { name: 'agent-registry-secrets' },
    conditions: [{ type: 'Ready', status: 'True', reason: 'SecretSynced', message: 'secret synced', lastTransitionTime: seeder.ago(45 * DAY) }],
  });
  seeder.create(
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'agent-registry-secrets',
        namespace: 'cmp',
        labels: { 'reconcile.external-secrets.io/managed': 'true' },
        annotations: { 'reconcile.external-secrets.io/data-hash': '6d0c8b3a2f1e4d5c6b7a8f9e0d1c2b3a' },
        ownerReferences: [ownerReference(es)],
      },
      type: 'Opaque',
      data: { DATABASE_PASSWORD: base64('s3cr3t-db'), DJANGO_SECRET_KEY: base64('django-insecure-key'), GITHUB_WEBHOOK_SECRET: base64('whsec') },
    },
    45 * DAY,
  );
}

/** The Django migrations of the agent registry's image v1.2.3: the last two were never applied (ops guide §4.4). */
export function agentRegistryMigrations(): Array<{ name: string; applied: boolean }> {
  const applied = [
    'admin.0001_initial',
    'admin.0002_logentry_remove_auto_add',
    'admin.0003_logentry_add_action_flag_choices',
    'agents.0001_initial',
    'agents.0012_agent_search_vector',
    'agents.0013_webhookdelivery',
    'auth.0012_alter_user_first_name_max_length',
    'contenttypes.0002_remove_content_type_name',
    'sessions.0001_initial',
  ];
  const unapplied = ['agents.0014_agent_capability_index', 'agents.0015_webhookdelivery_retry_count'];
  return [...applied.map(name => ({ name, applied: true })), ...unapplied.map(name => ({ name, applied: false }))];
}
