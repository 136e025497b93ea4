import type { JsonObject } from '@backstage/types';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { RUNBOOKS, type OperationRecord } from '@gsv/plugin-gsv-ops-common';
import request from 'supertest';
import { agentRegistryEntity, keycloakEntity, platformObjects } from '../__fixtures__/platform';
import { FakeKubernetesClient } from '../__testUtils__/FakeKubernetesClient';
import { gsvOpsClusterSupplierExtensionPoint } from '@gsv/plugin-gsv-ops-node';
import { gsvOpsPlugin } from '../plugin';
import {
  KubeObject,
  KubernetesApiError,
  KubernetesClient,
  KubernetesRequest,
  KubernetesWatchRequest,
  WatchEvent,
} from '../services/ClusterRegistry/types';
import { ALL_KINDS } from '../services/WatchCache/kinds';

jest.setTimeout(30_000);

const OBJECT = /^\/(?:api\/v1|apis\/[^/]+\/[^/]+)\/namespaces\/([^/]+)\/([^/]+)\/([^/]+)(?:\/(status|scale))?$/;

/**
 * The read side's in-memory cluster for lists and watches, plus what the engine needs on top: single-object reads
 * and writes that answer like an API server (a dry run answers the patched object without storing it). Records every
 * request, so a test can assert that none reached the cluster.
 */
class EngineTestClient implements KubernetesClient {
  readonly requests: Array<{ method: string; path: string; query?: KubernetesRequest['query'] }> = [];
  constructor(readonly fake: FakeKubernetesClient, private readonly objects: Record<string, KubeObject[]>) {}

  async requestJson<T>(req: KubernetesRequest): Promise<T> {
    const method = req.method ?? 'GET';
    const single = OBJECT.exec(req.path);
    if (!single) return this.fake.requestJson<T>(req);
    this.requests.push({ method, path: req.path, query: req.query });
    const [, namespace, plural, name] = single;
    const found = (this.objects[plural] ?? []).find(o => o.metadata.namespace === namespace && o.metadata.name === name);
    if (!found) {
      throw new KubernetesApiError({ cluster: 'gsv-dev', reason: 'NotFound', upstreamStatus: 404, message: `Cluster gsv-dev answered 404: ${plural} "${name}" not found` });
    }
    if (method === 'GET') return found as T;
    if (req.query?.dryRun !== 'All') throw new Error('this test cluster only accepts dry runs');
    const patch = req.body as { metadata?: { annotations?: Record<string, string> } };
    return {
      ...found,
      metadata: { ...found.metadata, annotations: { ...found.metadata.annotations, ...patch.metadata?.annotations } },
    } as T;
  }

  watch(req: KubernetesWatchRequest): AsyncIterable<WatchEvent> {
    return this.fake.watch(req);
  }

  writes() {
    return this.requests.filter(r => r.method !== 'GET');
  }
}

async function startBackend(options: { permission?: (name: string) => boolean; operations?: JsonObject } = {}) {
  const objects = platformObjects();
  const fake = new FakeKubernetesClient('gsv-dev', objects);
  const client = new EngineTestClient(fake, objects);
  const clusters = createBackendModule({
    pluginId: 'gsv-ops',
    moduleId: 'test-clusters',
    register(env) {
      env.registerInit({
        deps: { supplier: gsvOpsClusterSupplierExtensionPoint },
        async init({ supplier }) {
          supplier.setClusterSupplier({
            getClusters: async () => [{ name: 'gsv-dev', environment: 'dev', namespaces: [], requestTimeoutMs: 2000, client }],
          });
        },
      });
    },
  });
  const decide = options.permission ?? (() => true);
  const backend = await startTestBackend({
    features: [
      gsvOpsPlugin,
      clusters,
      catalogServiceMock.factory({ entities: [agentRegistryEntity, keycloakEntity] }),
      mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(r => ({ result: decide(r.permission.name) ? AuthorizeResult.ALLOW : AuthorizeResult.DENY })),
      }).factory,
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
      mockServices.rootConfig.factory({ data: { gsvOps: { pvcUsage: { source: 'none' }, operations: options.operations ?? {} } } }),
      mockServices.userInfo.mock({
        getUserInfo: async credentials => {
          const user = (credentials.principal as { userEntityRef: string }).userEntityRef;
          return { userEntityRef: user, ownershipEntityRefs: [user, ...(user === 'user:default/pat' ? ['group:default/platform-team'] : [])] };
        },
      }).factory,
    ],
  });
  for (let i = 0; i < 200 && fake.paths.filter(p => p.endsWith('?watch')).length < ALL_KINDS.length; i++) {
    await new Promise(r => setTimeout(r, 10));
  }
  return { backend, client };
}

const USER = mockCredentials.user.header('user:default/jane');
const SERVICE = mockCredentials.service.header({ onBehalfOf: mockCredentials.service('plugin:scaffolder'), targetPluginId: 'gsv-ops' });

const restartDryRun = {
  runbook: 'deployment-restart',
  entityRef: 'component:default/agent-registry',
  cluster: 'gsv-dev',
  parameters: { namespace: 'cmp', deployment: 'agent-registry' },
  dryRun: true,
  origin: 'test',
};

describe('operations routes', () => {
  describe('POST /api/gsv-ops/operations', () => {
    it('answers 401 without credentials, and nothing reaches the cluster', async () => {
      const { backend, client } = await startBackend();
      const res = await request(backend.server).post('/api/gsv-ops/operations').send(restartDryRun);
      expect(res.status).toBe(401);
      expect(client.requests).toEqual([]);
      await backend.stop();
    });

    it('answers 403 when the runbook permission is denied, and nothing reaches the cluster', async () => {
      const { backend, client } = await startBackend({ permission: name => name !== 'gsv-ops.deployment.restart' });
      const res = await request(backend.server).post('/api/gsv-ops/operations').set('Authorization', USER).send(restartDryRun);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ name: 'NotAllowedError', message: expect.stringContaining('gsv-ops.deployment.restart') });
      expect(client.requests).toEqual([]);
      await backend.stop();
    });

    it('answers 403 to a service without a user behind it', async () => {
      const { backend } = await startBackend();
      const res = await request(backend.server).post('/api/gsv-ops/operations').set('Authorization', SERVICE).send(restartDryRun);
      expect(res.status).toBe(403);
      await backend.stop();
    });

    it('answers 400 for bad input, and nothing reaches the cluster', async () => {
      const { backend, client } = await startBackend();
      const bad = [
        { ...restartDryRun, runbook: 'reboot-cluster' },
        { ...restartDryRun, dryRun: undefined },
        { ...restartDryRun, parameters: { namespace: 'cmp', deployment: 'Agent_Registry' } },
        { ...restartDryRun, incident: { id: 'INC-1', severity: 'P3' } },
        { ...restartDryRun, extra: true },
      ];
      for (const body of bad) {
        const res = await request(backend.server).post('/api/gsv-ops/operations').set('Authorization', USER).send(body);
        expect(res.status).toBe(400);
        expect(res.body.error.name).toBe('InputError');
      }
      expect(client.requests).toEqual([]);
      await backend.stop();
    });

    it('answers 415 for a form post, 413 above 64 kB and 400 for broken JSON, in one sentence without a stack', async () => {
      const { backend, client } = await startBackend();
      const post = () => request(backend.server).post('/api/gsv-ops/operations').set('Authorization', USER);
      const form = await post().type('form').send('runbook=deployment-restart');
      const huge = await post().send({ ...restartDryRun, origin: 'x'.repeat(70 * 1024) });
      const broken = await post().set('Content-Type', 'application/json').send('null');
      expect([form.status, huge.status, broken.status]).toEqual([415, 413, 400]);
      expect(broken.body.error.message).toBe('The request body is not valid JSON (an object is expected)');
      for (const res of [form, huge, broken]) expect(JSON.stringify(res.body)).not.toMatch(/stack|node_modules|\.ts:\d+/);
      expect(client.requests).toEqual([]);
      await backend.stop();
    });

    it('answers 201 with the finished dry run when allowed', async () => {
      const { backend, client } = await startBackend();
      const res = await request(backend.server).post('/api/gsv-ops/operations').set('Authorization', USER).send(restartDryRun);
      expect(res.status).toBe(201);
      const op = res.body as OperationRecord;
      expect(op).toMatchObject({
        runbook: 'deployment-restart',
        status: 'succeeded',
        dryRun: true,
        initiatedBy: 'user:default/jane',
        origin: 'test',
        environment: 'dev',
        target: { kind: 'Deployment', namespace: 'cmp', name: 'agent-registry' },
      });
      expect(op.summary).toMatch(/^Dry run: would restart deployment cmp\/agent-registry/);
      // The diff is what this test cluster answered to the dry run (it applies annotations only).
      expect(op.steps.find(s => s.name === 'plan')?.detail?.diff).toContain(`+    gsv.io/operation-id: ${op.id}`);
      expect(client.writes().map(w => w.query?.dryRun)).toEqual(['All']);
      await backend.stop();
    });
  });

  describe('GET /api/gsv-ops/operations/:id and GET /api/gsv-ops/operations', () => {
    it('answers 401 / 403 / 200', async () => {
      let allowRead = true;
      const { backend } = await startBackend({ permission: name => name !== 'gsv-ops.entity.read' || allowRead });
      const created = await request(backend.server).post('/api/gsv-ops/operations').set('Authorization', USER).send(restartDryRun);
      const id = created.body.id;
      const paths = [`/api/gsv-ops/operations/${id}`, '/api/gsv-ops/operations?entityRef=component:default/agent-registry&limit=5'];
      for (const path of paths) {
        expect((await request(backend.server).get(path)).status).toBe(401);
      }
      allowRead = false;
      for (const path of paths) {
        const res = await request(backend.server).get(path).set('Authorization', USER);
        expect(res.status).toBe(403);
      }
      allowRead = true;
      const one = await request(backend.server).get(paths[0]).set('Authorization', SERVICE);
      expect(one.status).toBe(200);
      expect(one.body.id).toBe(id);
      const list = await request(backend.server).get(paths[1]).set('Authorization', USER);
      expect(list.status).toBe(200);
      expect(list.body.items.map((o: OperationRecord) => o.id)).toEqual([id]);
      expect((await request(backend.server).get('/api/gsv-ops/operations/not-a-uuid').set('Authorization', USER)).status).toBe(400);
      expect((await request(backend.server).get('/api/gsv-ops/operations?limit=100000').set('Authorization', USER)).status).toBe(400);
      expect(
        (await request(backend.server).get('/api/gsv-ops/operations/00000000-0000-4000-8000-000000000000').set('Authorization', USER)).status,
      ).toBe(404);
      await backend.stop();
    });
  });

  describe('POST /api/gsv-ops/operations/:id/cancel', () => {
    it('answers 401 / 403 / 200', async () => {
      let allowCancel = true;
      const { backend } = await startBackend({ permission: name => name !== 'gsv-ops.deployment.restart' || allowCancel });
      const created = await request(backend.server).post('/api/gsv-ops/operations').set('Authorization', USER).send(restartDryRun);
      const path = `/api/gsv-ops/operations/${created.body.id}/cancel`;
      expect((await request(backend.server).post(path)).status).toBe(401);
      allowCancel = false;
      expect((await request(backend.server).post(path).set('Authorization', USER)).status).toBe(403);
      allowCancel = true;
      const res = await request(backend.server).post(path).set('Authorization', USER);
      expect(res.status).toBe(200);
      // A finished operation is returned unchanged.
      expect(res.body.status).toBe('succeeded');
      await backend.stop();
    });
  });

  describe('approvals: POST /operations/:id/approve and /reject, GET /approvals', () => {
    it('holds a run that needs approval, lists it, and answers 401 / 400 / 403 / 200 to decisions', async () => {
      const { backend, client } = await startBackend({
        operations: { approvals: { rules: [{ runbooks: ['deployment-restart'], approvers: 1 }] } },
      });
      const server = backend.server;
      const PAT = mockCredentials.user.header('user:default/pat');
      const dry = await request(server).post('/api/gsv-ops/operations').set('Authorization', USER).send(restartDryRun);
      const run = await request(server)
        .post('/api/gsv-ops/operations')
        .set('Authorization', USER)
        .send({ ...restartDryRun, dryRun: false, reviewedDryRunId: dry.body.id });
      expect(run.status).toBe(201);
      expect(run.body).toMatchObject({ status: 'awaiting-approval', approval: { status: 'requested', required: 1 } });
      const id = run.body.id;

      expect((await request(server).get('/api/gsv-ops/approvals')).status).toBe(401);
      expect((await request(server).get('/api/gsv-ops/approvals').set('Authorization', SERVICE)).status).toBe(403);
      const listed = await request(server).get('/api/gsv-ops/approvals?entityRef=component:default/agent-registry').set('Authorization', PAT);
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual([expect.objectContaining({ canDecide: true, operation: expect.objectContaining({ id }) })]);
      expect(listed.body.items[0].plan[0].detail.diff).toContain('gsv.io/operation-id');

      const approve = `/api/gsv-ops/operations/${id}/approve`;
      expect((await request(server).post(approve)).status).toBe(401);
      expect((await request(server).post(approve).set('Authorization', PAT).send({ comment: 'ok', extra: 1 })).status).toBe(400);
      const own = await request(server).post(approve).set('Authorization', USER).send({});
      expect(own.status).toBe(403);
      expect(own.body.error.message).toMatch(/You requested this operation/);
      const rejected = await request(server).post(`/api/gsv-ops/operations/${id}/reject`).set('Authorization', PAT).send({ comment: 'not now' });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', summary: 'Rejected by user:default/pat: not now. Nothing was changed.' });
      expect((await request(server).post(approve).set('Authorization', PAT).send({})).status).toBe(409);
      expect(client.writes().map(w => w.query?.dryRun)).toEqual(['All']);
      await backend.stop();
    });
  });

  describe('GET /api/gsv-ops/maintenance', () => {
    it('answers 401 / 400 / 403 / 200 with the calendar the engine enforces', async () => {
      let allowRead = true;
      const { backend } = await startBackend({
        permission: name => name !== 'gsv-ops.platform.read' || allowRead,
        operations: { policy: { maintenanceWindows: { prod: [{ name: 'Weekly', cron: '0 2 * * 2', duration: { hours: 2 } }] } } },
      });
      const server = backend.server;
      expect((await request(server).get('/api/gsv-ops/maintenance?environment=prod')).status).toBe(401);
      expect((await request(server).get('/api/gsv-ops/maintenance').set('Authorization', USER)).status).toBe(400);
      allowRead = false;
      expect((await request(server).get('/api/gsv-ops/maintenance?environment=prod').set('Authorization', USER)).status).toBe(403);
      allowRead = true;
      const res = await request(server).get('/api/gsv-ops/maintenance?environment=prod').set('Authorization', USER);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ environment: 'prod', restricted: true, windows: [{ name: 'Weekly', next: expect.any(Array) }] });
      expect(res.body.runbooks).toHaveLength(RUNBOOKS.length);
      await backend.stop();
    });
  });
});
