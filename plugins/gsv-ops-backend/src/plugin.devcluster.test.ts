/*
 * Integration tests against the embedded cluster (@gsv/devcluster): a real HTTPS API server seeded with the GSV
 * platform, with its fault injection. The backend talks to it exactly as to a real cluster, with the
 * least-privilege service account of deploy/base/rbac.yaml.
 */
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { EntityOpsView, PlatformHealthView } from '@gsv/plugin-gsv-ops-common';
import { DevCluster, RequestLogEntry, startDevCluster } from '@gsv/devcluster';
import request from 'supertest';
import { agentRegistryEntity, keycloakEntity } from './__fixtures__/platform';
import { HttpKubernetesClient } from './services/ClusterRegistry/HttpKubernetesClient';
import { gsvOpsPlugin } from './plugin';

jest.setTimeout(60_000);

const AGENT = '/api/gsv-ops/entities/component/default/agent-registry/view';
const KEYCLOAK = '/api/gsv-ops/entities/component/default/keycloak/view';
const PLATFORM = '/api/gsv-ops/platform/health';
const auth = mockCredentials.user.header();

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() - start > timeoutMs) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, 100));
  }
}

function clusterConfig(clusters: Array<{ name: string; cluster: DevCluster; environment: string }>) {
  return {
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: clusters.map(({ name, cluster }) => ({
            name,
            url: cluster.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: cluster.tokens.backend,
            caData: cluster.caData,
          })),
        },
      ],
    },
    gsvOps: {
      clusters: Object.fromEntries(
        clusters.map(({ name, environment }) => [name, { environment, requestTimeoutSeconds: 1, probeIntervalSeconds: 1 }]),
      ),
    },
  };
}

async function startBackend(config: object) {
  const backend = await startTestBackend({
    features: [
      gsvOpsPlugin,
      // the real scheduler, so the PVC usage collection runs as in production
      schedulerServiceFactory,
      catalogServiceMock.factory({ entities: [agentRegistryEntity, keycloakEntity] }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  return { backend };
}

async function view(server: any, path: string) {
  const res = await request(server).get(path).set('Authorization', auth);
  expect(res.status).toBe(200);
  return res.body;
}

describe('gsv-ops against the devcluster', () => {
  let cluster: DevCluster;
  let backend: Awaited<ReturnType<typeof startBackend>>['backend'];

  beforeAll(async () => {
    cluster = await startDevCluster({ port: 0, name: 'gsv-dev' });
    ({ backend } = await startBackend(clusterConfig([{ name: 'gsv-dev', cluster, environment: 'dev' }])));
    await until(async () => {
      const platform: PlatformHealthView = await view(backend.server, PLATFORM);
      return platform.clusters[0]?.synced && !platform.clusters[0].error;
    }, 30_000, 'initial sync');
    // the first PVC usage collection runs 5 s after start
    await until(async () => {
      const body: EntityOpsView = await view(backend.server, AGENT);
      return body.clusters[0]?.pvcs.some(p => p.usedBytes !== undefined);
    }, 30_000, 'PVC usage collected');
  });

  afterAll(async () => {
    await backend?.stop();
    await cluster?.stop();
  });

  it('shows agent-registry as the cluster has it: workloads, certificates, database and backups, GitOps, secrets, volumes', async () => {
    const body: EntityOpsView = await view(backend.server, AGENT);
    const dev = body.clusters[0];
    expect(dev.cluster).toMatchObject({ name: 'gsv-dev', environment: 'dev', synced: true });

    // workloads: compare with the objects
    const deployment = cluster.store.get<any>('deployments', 'cmp', 'agent-registry')!;
    const agent = dev.deployments.find(d => d.name === 'agent-registry')!;
    expect(agent.desiredReplicas).toBe(deployment.spec.replicas);
    expect(agent.availableReplicas).toBe(deployment.status.availableReplicas ?? 0);
    expect(agent.hpa).toMatchObject({ name: 'agent-registry', target: { name: 'agent-registry' } });
    const replicaSets = new Set(
      cluster.store
        .list('replicasets', { namespace: 'cmp' })
        .filter(rs => rs.metadata.ownerReferences?.some(o => o.uid === deployment.metadata.uid))
        .map(rs => rs.metadata.uid),
    );
    const pods = cluster.store
      .list('pods', { namespace: 'cmp' })
      .filter(p => p.metadata.ownerReferences?.some(o => replicaSets.has(o.uid)));
    expect(agent.pods.map(p => p.name).sort()).toEqual(pods.map(p => p.metadata.name).sort());

    // certificates by condition type
    const certificates = Object.fromEntries(dev.certificates.map(c => [c.name, c]));
    expect(certificates['agent-registry-tls']).toMatchObject({ ready: 'True', level: 'ok' });
    const wildcard = cluster.store.get<any>('certificates', 'cert-manager', 'wildcard-dev-tls')!;
    expect(certificates['wildcard-dev-tls']).toMatchObject({
      ready: 'False',
      notAfter: wildcard.status.notAfter,
      level: 'critical',
      failure: { attempts: wildcard.status.failedIssuanceAttempts, lastFailureTime: wildcard.status.lastFailureTime },
    });
    expect(certificates['wildcard-dev-tls'].failure?.nextRetryTime).toBeDefined();

    // the database from Backup objects and the ObjectStore, not the deprecated cluster fields
    const db = dev.databases[0];
    const backups = cluster.store.list<any>('backups', { namespace: 'cmp' });
    const completed = backups.filter((b: any) => b.status?.phase === 'completed').sort((a: any, b: any) => b.status.stoppedAt.localeCompare(a.status.stoppedAt));
    expect(db).toMatchObject({ name: 'cmp-postgres', healthy: true, walArchiving: { status: 'ok' } });
    expect(db.lastSuccessfulBackup?.name).toBe(completed[0].metadata.name);
    expect(db.lastFailedBackup?.phase).toBe('failed');
    const store = cluster.store.get<any>('objectstores', 'cmp', 'cmp-postgres-store')!;
    expect(db.recoveryWindow?.firstRecoverabilityPoint).toBe(store.status.serverRecoveryWindow['cmp-postgres'].firstRecoverabilityPoint);
    expect(db.scheduledBackups[0]).toMatchObject({ schedule: '0 0 2 * * *', periodSeconds: 86400 });

    expect(dev.applications.map(a => [a.name, a.syncStatus, a.healthStatus])).toEqual([
      ['agent-registry', 'Synced', 'Healthy'],
      ['agent-registry-qa', 'Synced', 'Healthy'],
    ]);
    expect(dev.externalSecrets[0]).toMatchObject({ name: 'agent-registry-secrets', ready: 'True', targetSecret: 'agent-registry-secrets' });
    expect(dev.externalSecrets[0].consumers.map(c => c.name)).toContain('agent-registry');

    // PVC usage from the kubelet summary: the ~92 % full database volume is critical
    const full = dev.pvcs.find(p => p.name === 'cmp-postgres-1')!;
    expect(full.usedRatio).toBeGreaterThan(0.9);
    expect(full.level).toBe('critical');
    expect(body.findings.map(f => f.code)).toEqual(expect.arrayContaining(['certificate.expired', 'pvc.usage']));
    // no Secret data anywhere
    expect(JSON.stringify(body)).not.toMatch(/"data":\{/);
  });

  it('shows keycloak: certificate expiring within days (critical) and the OutOfSync application (warning)', async () => {
    const body: EntityOpsView = await view(backend.server, KEYCLOAK);
    const dev = body.clusters[0];
    const cert = dev.certificates.find(c => c.name === 'keycloak-tls')!;
    expect(cert.daysToExpiry).toBeGreaterThanOrEqual(3);
    expect(cert.daysToExpiry).toBeLessThanOrEqual(6);
    expect(cert.level).toBe('critical');
    expect(dev.applications[0]).toMatchObject({ name: 'keycloak', syncStatus: 'OutOfSync', level: 'warning' });
    expect(body.level).toBe('critical');
  });

  it('serves the platform health check: nodes, certificates by expiry, fullest PVCs first, warnings, databases with their poolers', async () => {
    const body: PlatformHealthView = await view(backend.server, PLATFORM);
    const nodes = cluster.store.list('nodes');
    expect(body.nodes.map(n => n.name).sort()).toEqual(nodes.map(n => n.metadata.name).sort());
    expect(body.certificates[0].item.name).toBe('wildcard-dev-tls');
    expect(body.certificates[1].item.name).toBe('keycloak-tls');
    expect(body.pvcs[0].item).toMatchObject({ name: 'cmp-postgres-1', level: 'critical' });
    expect(body.applications.find(a => a.item.name === 'keycloak')!.item.syncStatus).toBe('OutOfSync');
    expect(body.warningEvents.length).toBeGreaterThan(0);
    // each database with the PgBouncer poolers in front of it, as on the Ops tab
    const databases = new Map(body.databases.map(d => [d.item.name, d]));
    expect(databases.get('cmp-postgres')!.item.poolers).toEqual([
      expect.objectContaining({ name: 'cmp-postgres-pooler-rw', cluster: 'cmp-postgres', type: 'rw', instances: 2, readyInstances: 2, poolMode: 'transaction' }),
    ]);
    expect(databases.get('keycloak-postgres')!.item.poolers).toBeUndefined();
  });

  it('answers viewers from memory: many views, no API-server request', async () => {
    await view(backend.server, AGENT);
    // background requests (the probe, the PVC usage collection) are not caused by viewers
    const notProbe = (e: RequestLogEntry) => e.path !== '/version' && !e.path.endsWith('/proxy/stats/summary');
    const before = cluster.requestLog.count(notProbe);
    await Promise.all(Array.from({ length: 30 }, () => view(backend.server, AGENT)));
    await view(backend.server, PLATFORM);
    const after = cluster.requestLog.count(notProbe);
    expect(after - before).toBe(0);
  });

  it('delivers a change to a waiting viewer within 2 s', async () => {
    const first: EntityOpsView = await view(backend.server, KEYCLOAK);
    const admin = new HttpKubernetesClient({ cluster: 'admin', connection: { url: cluster.url, token: cluster.tokens.admin, caPem: cluster.caPem }, requestTimeoutMs: 5000 });
    const waiting = request(backend.server).get(`${KEYCLOAK}?waitSeconds=20`).set('Authorization', auth).set('If-None-Match', first.etag);
    const answer = waiting.then(r => r);
    await new Promise(r => setTimeout(r, 300));
    const changedAt = Date.now();
    await admin.requestJson({
      method: 'PATCH',
      path: '/apis/apps/v1/namespaces/sso/deployments/keycloak',
      contentType: 'application/merge-patch+json',
      body: { spec: { replicas: 3 } },
    });
    const res = await answer;
    const latency = Date.now() - changedAt;
    admin.destroy();
    expect(res.status).toBe(200);
    expect(latency).toBeLessThan(2000);
    expect(res.body.clusters[0].deployments[0].desiredReplicas).toBe(3);
  });

  it('relists after a forced 410 and re-watches after dropped watches, without showing an error', async () => {
    const lists = () => cluster.requestLog.count({ verb: 'list', resource: 'pods' });
    const before = lists();
    cluster.faults.forceExpired({ resource: 'pods' });
    await until(() => lists() > before, 10_000, 'relist of pods');
    cluster.faults.dropWatches();
    await new Promise(r => setTimeout(r, 500));
    const body: EntityOpsView = await view(backend.server, AGENT);
    expect(body.clusters[0].cluster.error).toBeUndefined();
    expect(body.errors).toEqual([]);
    await until(async () => {
      const platform: PlatformHealthView = await view(backend.server, PLATFORM);
      return platform.clusters[0].synced && !platform.clusters[0].error;
    });
  });

  it('keeps the last known state with its age and the error while the cluster is down, and recovers on its own', async () => {
    const before: EntityOpsView = await view(backend.server, AGENT);
    await cluster.faults.down();
    try {
      const down = await until(async () => {
        const body: EntityOpsView = await view(backend.server, AGENT);
        return body.clusters[0]?.cluster.error ? body : undefined;
      }, 20_000, 'error shown');
      const dev = down.clusters[0];
      expect(dev.cluster.error).toMatchObject({ cluster: 'gsv-dev', reason: expect.stringMatching(/Unreachable|Timeout/) });
      expect(dev.cluster.lastHeardAt).toBeDefined();
      expect(dev.deployments.map(d => d.name)).toEqual(before.clusters[0].deployments.map(d => d.name));
      expect(down.errors.map(e => e.cluster)).toEqual(['gsv-dev']);
      expect(down.findings.map(f => f.code)).toContain('cluster.unreachable');
      await new Promise(r => setTimeout(r, 1200));
      const later: EntityOpsView = await view(backend.server, AGENT);
      expect(later.clusters[0].cluster.ageSeconds).toBeGreaterThanOrEqual(1);
    } finally {
      await cluster.faults.up();
    }
    const recovered = await until(async () => {
      const body: EntityOpsView = await view(backend.server, AGENT);
      return !body.clusters[0].cluster.error && body.errors.length === 0 ? body : undefined;
    }, 20_000, 'recovery');
    expect(recovered.clusters[0].cluster.synced).toBe(true);
  });
});

describe('gsv-ops with two clusters (dev and prod)', () => {
  let dev: DevCluster;
  let prod: DevCluster;
  let backend: Awaited<ReturnType<typeof startBackend>>['backend'];

  beforeAll(async () => {
    [dev, prod] = await Promise.all([startDevCluster({ port: 0, name: 'gsv-dev' }), startDevCluster({ port: 0, name: 'gsv-prod' })]);
    ({ backend } = await startBackend(
      clusterConfig([
        { name: 'gsv-dev', cluster: dev, environment: 'dev' },
        { name: 'gsv-prod', cluster: prod, environment: 'prod' },
      ]),
    ));
    await until(async () => {
      const platform: PlatformHealthView = await view(backend.server, PLATFORM);
      return platform.clusters.length === 2 && platform.clusters.every(c => c.synced && !c.error);
    }, 30_000, 'both clusters synced');
  });

  afterAll(async () => {
    await backend?.stop();
    await Promise.all([dev?.stop(), prod?.stop()]);
  });

  it('shows the service in both environments', async () => {
    const body: EntityOpsView = await view(backend.server, AGENT);
    expect(body.clusters.map(c => [c.cluster.name, c.cluster.environment])).toEqual([
      ['gsv-dev', 'dev'],
      ['gsv-prod', 'prod'],
    ]);
    // the prod variant is the healthy one: no failing certificate there
    expect(body.clusters[0].certificates.find(c => c.name === 'wildcard-dev-tls')!.level).toBe('critical');
    expect(body.clusters[1].certificates.filter(c => c.level === 'critical')).toEqual([]);
    const onlyProd: EntityOpsView = await view(backend.server, `${AGENT}?cluster=gsv-prod`);
    expect(onlyProd.clusters.map(c => c.cluster.name)).toEqual(['gsv-prod']);
  });

  it('a slow prod cluster does not delay the dev view; it shows as failing and recovers', async () => {
    const fault = prod.faults.latency({ ms: 5000 });
    try {
      await until(async () => {
        const body: EntityOpsView = await view(backend.server, AGENT);
        return body.errors.some(e => e.cluster === 'gsv-prod') ? body : undefined;
      }, 20_000, 'prod marked failing');
      const started = Date.now();
      const body: EntityOpsView = await view(backend.server, AGENT);
      expect(Date.now() - started).toBeLessThan(500);
      const devView = body.clusters.find(c => c.cluster.name === 'gsv-dev')!;
      const prodView = body.clusters.find(c => c.cluster.name === 'gsv-prod')!;
      expect(devView.cluster.error).toBeUndefined();
      expect(prodView.cluster.error?.reason).toBe('Timeout');
      expect(prodView.deployments.length).toBeGreaterThan(0); // last known state
    } finally {
      prod.faults.remove(fault);
    }
    await until(async () => {
      const body: EntityOpsView = await view(backend.server, AGENT);
      return body.errors.length === 0 ? body : undefined;
    }, 30_000, 'prod recovered');
  });
});
