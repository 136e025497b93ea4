import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { DrReadinessView, EntityOpsView, OpsTargetList, PlatformHealthView } from '@gsv/plugin-gsv-ops-common';
import request from 'supertest';
import { NOW_ISO } from './__fixtures__/objects';
import { agentRegistryEntity, keycloakEntity, platformObjects } from './__fixtures__/platform';
import { FakeKubernetesClient } from './__testUtils__/FakeKubernetesClient';
import { gsvOpsClusterSupplierExtensionPoint } from '@gsv/plugin-gsv-ops-node';
import { gsvOpsPlugin } from './plugin';
import { ALL_KINDS } from './services/WatchCache/kinds';

jest.setTimeout(20_000);

// The fixtures describe the platform at 2024-12-04T10:00:00Z: freeze Date there, keep real timers.
beforeAll(() => {
  jest.useFakeTimers({
    now: new Date(NOW_ISO),
    doNotFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'hrtime', 'performance'],
  });
});
afterAll(() => jest.useRealTimers());

const VIEW = '/api/gsv-ops/entities/component/default/agent-registry/view';
const PLATFORM = '/api/gsv-ops/platform/health';
const TARGETS = '/api/gsv-ops/entities/component/default/agent-registry/targets?kind=deployment';
const DR = '/api/gsv-ops/entities/component/default/agent-registry/dr-readiness';
const PLATFORM_DR = '/api/gsv-ops/platform/dr-readiness';

async function startBackend(options: { permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY; fake?: FakeKubernetesClient } = {}) {
  const fake = options.fake ?? new FakeKubernetesClient('gsv-dev', platformObjects());
  const clusters = createBackendModule({
    pluginId: 'gsv-ops',
    moduleId: 'test-clusters',
    register(env) {
      env.registerInit({
        deps: { supplier: gsvOpsClusterSupplierExtensionPoint },
        async init({ supplier }) {
          supplier.setClusterSupplier({
            getClusters: async () => [
              { name: 'gsv-dev', title: 'GSV dev', environment: 'dev', namespaces: [], requestTimeoutMs: 1000, client: fake },
            ],
          });
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      gsvOpsPlugin,
      clusters,
      catalogServiceMock.factory({ entities: [agentRegistryEntity, keycloakEntity] }),
      mockServices.permissions.factory({ result: options.permission ?? AuthorizeResult.ALLOW }),
      // a request without an Authorization header is unauthenticated (the mock's default is a user)
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
      mockServices.rootConfig.factory({ data: { gsvOps: { pvcUsage: { source: 'none' } } } }),
    ],
  });
  // the fake cluster syncs within a few ticks: every kind listed and watched
  for (let i = 0; i < 100 && fake.paths.filter(p => p.endsWith('?watch')).length < ALL_KINDS.length; i++) {
    await new Promise(r => setTimeout(r, 10));
  }
  return { backend, fake };
}

describe('gsv-ops backend plugin', () => {
  describe.each([
    ['the Ops view of an entity', VIEW],
    ['the platform health view', PLATFORM],
    ['the picker', TARGETS],
    ['the DR readiness of an entity', DR],
    ['the DR readiness of the platform', PLATFORM_DR],
  ])('%s', (_name, path) => {
    it('answers 401 without credentials', async () => {
      const { backend } = await startBackend();
      const res = await request(backend.server).get(path);
      expect(res.status).toBe(401);
      await backend.stop();
    });

    it('answers 403 when the permission is denied', async () => {
      const { backend } = await startBackend({ permission: AuthorizeResult.DENY });
      const res = await request(backend.server).get(path).set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
      await backend.stop();
    });

    it('answers 200 when allowed', async () => {
      const { backend } = await startBackend();
      const res = await request(backend.server).get(path).set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      await backend.stop();
    });
  });

  it('serves the entity view from the cache, with an etag, 304 and a long poll woken by a change', async () => {
    const { backend, fake } = await startBackend();
    const auth = mockCredentials.user.header();
    const first = await request(backend.server).get(VIEW).set('Authorization', auth);
    expect(first.status).toBe(200);
    const view = first.body as EntityOpsView;
    expect(first.headers.etag).toBe(view.etag);
    expect(view.entityRef).toBe('component:default/agent-registry');
    expect(view.clusters).toHaveLength(1);
    const dev = view.clusters[0];
    expect(dev.cluster).toMatchObject({ name: 'gsv-dev', environment: 'dev', synced: true });
    expect(dev.deployments.map(d => d.name)).toEqual(['agent-registry']);
    expect(dev.deployments[0].pods.map(p => p.status)).toEqual(['Running', 'Running', 'CrashLoopBackOff']);
    expect(dev.deployments[0].hpa?.maxReplicas).toBe(10);
    expect(dev.certificates.map(c => [c.name, c.ready])).toEqual([
      ['wildcard-dev-tls', 'False'],
      ['agent-registry-tls', 'True'],
    ]);
    expect(dev.databases.map(d => [d.name, d.healthy, d.lastSuccessfulBackup?.name])).toEqual([
      ['cmp-postgres', true, 'cmp-postgres-daily-20241204020000'],
    ]);
    expect(dev.applications.map(a => a.name)).toEqual(['agent-registry']);
    // the worker's pod template reads the same Secret: both need a restart after a rotation
    expect(dev.externalSecrets[0].consumers).toEqual([
      { kind: 'Deployment', namespace: 'cmp', name: 'agent-registry' },
      { kind: 'Deployment', namespace: 'cmp', name: 'agent-registry-worker' },
    ]);
    expect(dev.pvcs.map(p => p.name)).toEqual(['cmp-postgres-1', 'cmp-postgres-2']);
    expect(view.level).toBe('critical');
    expect(view.findings.map(f => f.code)).toEqual(expect.arrayContaining(['pod.crashloop', 'certificate.expired']));
    expect(view.findings.every(f => f.cluster === 'gsv-dev')).toBe(true);

    // gzip, compressed once for every viewer of this content; the same JSON to a client that does not take gzip
    expect(first.headers['content-encoding']).toBe('gzip');
    expect(first.headers.vary).toMatch(/Accept-Encoding/);
    const plain = await request(backend.server).get(VIEW).set('Authorization', auth).set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toEqual(view);

    // conditional read: nothing changed → 304 without a body
    const notModified = await request(backend.server).get(VIEW).set('Authorization', auth).set('If-None-Match', view.etag);
    expect(notModified.status).toBe(304);
    expect(notModified.headers.etag).toBe(view.etag);

    // long poll: a change in the cluster answers the waiting request, without any request to the cluster
    const before = fake.requestCount;
    const started = Date.now();
    const waiting = request(backend.server)
      .get(`${VIEW}?waitSeconds=10`)
      .set('Authorization', auth)
      .set('If-None-Match', view.etag)
      .then(r => r);
    await new Promise(r => setTimeout(r, 200));
    const pods = platformObjects().pods;
    fake.put('pods', { ...pods[2], status: { ...pods[0].status } });
    const updated = await waiting;
    expect(updated.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(updated.body.etag).not.toBe(view.etag);
    expect(updated.body.clusters[0].deployments[0].pods.map((p: { status: string }) => p.status)).toEqual([
      'Running',
      'Running',
      'Running',
    ]);
    expect(fake.requestCount).toBe(before);
    await backend.stop();
  });

  it('ends a long poll with 304 when nothing relevant changes', async () => {
    const { backend, fake } = await startBackend();
    const auth = mockCredentials.user.header();
    const { body } = await request(backend.server).get(VIEW).set('Authorization', auth);
    const waiting = request(backend.server).get(`${VIEW}?waitSeconds=1`).set('Authorization', auth).set('If-None-Match', body.etag);
    // a change in another namespace must not answer the agent-registry view
    fake.put('deployments', { ...platformObjects().deployments[2], status: { replicas: 1, availableReplicas: 0 } });
    const res = await waiting;
    expect(res.status).toBe(304);
    await backend.stop();
  });

  it('checks the entity permission against the entity ref', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: jest.fn(async requests => requests.map(() => ({ result: AuthorizeResult.ALLOW }) as const)),
    });
    const fake = new FakeKubernetesClient('gsv-dev', platformObjects());
    const backend = await startTestBackend({
      features: [
        gsvOpsPlugin,
        createBackendModule({
          pluginId: 'gsv-ops',
          moduleId: 'test-clusters',
          register(env) {
            env.registerInit({
              deps: { supplier: gsvOpsClusterSupplierExtensionPoint },
              async init({ supplier }) {
                supplier.setClusterSupplier({
                  getClusters: async () => [{ name: 'gsv-dev', environment: 'dev', namespaces: [], requestTimeoutMs: 1000, client: fake }],
                });
              },
            });
          },
        }),
        catalogServiceMock.factory({ entities: [agentRegistryEntity] }),
        permissions.factory,
        mockServices.rootConfig.factory({ data: { gsvOps: { pvcUsage: { source: 'none' } } } }),
      ],
    });
    await request(backend.server).get(VIEW).set('Authorization', mockCredentials.user.header());
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: expect.objectContaining({ name: 'gsv-ops.entity.read' }), resourceRef: 'component:default/agent-registry' }],
      expect.objectContaining({ credentials: expect.anything() }),
    );
    await backend.stop();
  });

  it('answers 404 for an unknown entity or cluster and 400 for bad input', async () => {
    const { backend } = await startBackend();
    const auth = mockCredentials.user.header();
    const missing = await request(backend.server).get('/api/gsv-ops/entities/component/default/nope/view').set('Authorization', auth);
    expect(missing.status).toBe(404);
    const noCluster = await request(backend.server).get(`${VIEW}?cluster=gsv-prod`).set('Authorization', auth);
    expect(noCluster.status).toBe(404);
    const badWait = await request(backend.server).get(`${VIEW}?waitSeconds=99`).set('Authorization', auth);
    expect(badWait.status).toBe(400);
    expect(badWait.body.error.name).toBe('InputError');
    const badKind = await request(backend.server).get('/api/gsv-ops/entities/component/default/agent-registry/targets?kind=secret').set('Authorization', auth);
    expect(badKind.status).toBe(400);
    await backend.stop();
  });

  it('serves the platform health check across the cluster', async () => {
    const { backend } = await startBackend();
    const res = await request(backend.server).get(PLATFORM).set('Authorization', mockCredentials.user.header());
    const view = res.body as PlatformHealthView;
    expect(view.clusters.map(c => c.name)).toEqual(['gsv-dev']);
    expect(view.nodes.map(n => n.name)).toEqual(['node-1', 'node-2']);
    expect(view.nonRunningPods.map(r => r.item.name)).toEqual(['agent-registry-5d8f7-c']);
    expect(view.applications.map(r => [r.item.name, r.item.syncStatus])).toEqual([
      ['keycloak', 'OutOfSync'],
      ['agent-registry', 'Synced'],
    ]);
    expect(view.certificates.map(r => r.item.name)).toEqual(['wildcard-dev-tls', 'keycloak-tls', 'agent-registry-tls']);
    expect(view.warningEvents.map(r => r.item.reason)).toEqual(['BackOff', 'Failed']);
    expect(view.level).toBe('critical');
    await backend.stop();
  });

  it('serves DR readiness per database of the entity and of the platform; 400 for bad input', async () => {
    const { backend } = await startBackend();
    const auth = mockCredentials.user.header();
    const entity = await request(backend.server).get(`${DR}?cluster=gsv-dev`).set('Authorization', auth);
    expect(entity.status).toBe(200);
    const line = (entity.body as DrReadinessView).items[0];
    // no Prometheus configured: the window ends now while ContinuousArchiving is True; never rehearsed
    expect(line).toMatchObject({ cluster: 'gsv-dev', name: 'cmp-postgres', status: 'at-risk', canRestoreToPoint: true, window: { toSource: 'archiving-condition' } });
    expect(line.blockers.map(b => b.id)).toEqual(['never-rehearsed']);
    const platform = await request(backend.server).get(PLATFORM_DR).set('Authorization', auth);
    expect((platform.body as DrReadinessView).items.map(i => i.name)).toEqual(['cmp-postgres']);
    expect((await request(backend.server).get(`${DR}?since=1`).set('Authorization', auth)).status).toBe(400);
    expect((await request(backend.server).get(`${PLATFORM_DR}?cluster=x`).set('Authorization', auth)).status).toBe(400);
    await backend.stop();
  });

  it('lists picker targets of each kind for an entity', async () => {
    const { backend } = await startBackend();
    const auth = mockCredentials.user.header();
    const get = async (kind: string) =>
      (await request(backend.server).get(`/api/gsv-ops/entities/component/default/agent-registry/targets?kind=${kind}`).set('Authorization', auth))
        .body as OpsTargetList;
    const deployments = await get('deployment');
    expect(deployments.items.map(t => [t.name, t.description])).toEqual([
      ['agent-registry', '3/3 ready, v1.2.3'],
      ['agent-registry-worker', '2/2 ready, v1.2.3'],
    ]);
    expect(deployments.items[0]).toMatchObject({ cluster: 'gsv-dev', environment: 'dev', kind: 'Deployment', namespace: 'cmp' });
    expect((deployments.items[0].details as any).revisions.map((r: any) => r.revision)).toEqual(['12', '11']);
    const databases = await get('database');
    expect(databases.items[0]).toMatchObject({ kind: 'Cluster', name: 'cmp-postgres', details: { replicas: ['cmp-postgres-2'], backupMethod: 'plugin', currentPrimary: 'cmp-postgres-1' } });
    expect((await get('certificate')).items.map(t => t.name)).toEqual(['wildcard-dev-tls', 'agent-registry-tls']);
    expect((await get('externalSecret')).items[0].details).toMatchObject({ targetSecret: 'agent-registry-secrets', forceSync: { effective: true } });
    expect((await get('application')).items[0]).toMatchObject({ name: 'agent-registry', description: 'Synced / Healthy, 9f1c2e7' });
    // where its workloads, databases, secrets and volumes live; not the namespace of a shared certificate
    expect((await get('namespace')).items.map(t => t.name)).toEqual(['cmp']);
    await backend.stop();
  });

  it('answers /health without credentials', async () => {
    const { backend } = await startBackend();
    const res = await request(backend.server).get('/api/gsv-ops/health');
    expect(res.status).toBe(200);
    await backend.stop();
  });
});
