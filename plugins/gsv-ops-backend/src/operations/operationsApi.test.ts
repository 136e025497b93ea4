import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startDevCluster, type DevCluster } from '@gsv/devcluster';
import type { OperationRecord } from '@gsv/plugin-gsv-ops-common';
import request from 'supertest';
import { agentRegistryEntity, keycloakEntity } from '../__fixtures__/platform';
import { gsvOpsPlugin } from '../plugin';
import { FAST_TIMING } from './__testUtils__/testbed';

jest.setTimeout(90_000);

/**
 * The "done when" of the issue, through HTTP and the real plugin wiring (config, database migrations, scheduler,
 * auditor, the read path's cache and targets) against the embedded cluster: dry-run a restart of agent-registry,
 * review the plan, run it, watch it finish, find it in the entity's recent operations.
 */
describe('the operations API of the plugin, against the embedded cluster', () => {
  let dev: DevCluster;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const auth = mockCredentials.user.header('user:default/jane');

  beforeAll(async () => {
    dev = await startDevCluster({ port: 0, name: 'gsv-dev', clock: { speed: 10 }, timing: FAST_TIMING });
    backend = await startTestBackend({
      features: [
        gsvOpsPlugin,
        catalogServiceMock.factory({ entities: [agentRegistryEntity, keycloakEntity] }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'gsv-dev',
                      url: dev.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: dev.tokens.backend,
                      caData: dev.caData,
                    },
                  ],
                },
              ],
            },
            gsvOps: {
              clusters: { 'gsv-dev': { environment: 'dev' } },
              pvcUsage: { source: 'none' },
              operations: { verifySeconds: 1 },
            },
          },
        }),
      ],
    });
    // The read path must have listed the cluster before the engine can resolve targets.
    for (let i = 0; i < 300; i++) {
      const res = await request(backend.server)
        .get('/api/gsv-ops/entities/component/default/agent-registry/targets?kind=deployment')
        .set('Authorization', auth);
      if (res.status === 200 && res.body.items.length > 0) break;
      await new Promise(r => setTimeout(r, 50));
    }
  });

  afterAll(async () => {
    await backend?.stop();
    await dev?.stop();
  });

  const body = (dryRun: boolean) => ({
    runbook: 'deployment-restart',
    entityRef: 'component:default/agent-registry',
    cluster: 'gsv-dev',
    parameters: { namespace: 'cmp', deployment: 'agent-registry' },
    dryRun,
    origin: 'ops-tab',
  });

  it('dry-runs, runs, reports and lists a restart of agent-registry', async () => {
    dev.requestLog.clear();
    const dry = await request(backend.server).post('/api/gsv-ops/operations').set('Authorization', auth).send(body(true));
    expect(dry.status).toBe(201);
    expect(dry.body.status).toBe('succeeded');
    expect(dry.body.steps.find((s: any) => s.name === 'plan').detail.diff).toContain('kubectl.kubernetes.io/restartedAt');
    expect(dev.requestLog.writes(e => e.user.includes('gsv-backstage'))).toEqual([]);

    const started = await request(backend.server).post('/api/gsv-ops/operations').set('Authorization', auth).send(body(false));
    expect(started.status).toBe(201);
    expect(['pending', 'running']).toContain(started.body.status);

    let op: OperationRecord = started.body;
    for (let i = 0; i < 600 && ['pending', 'running'].includes(op.status); i++) {
      await new Promise(r => setTimeout(r, 50));
      op = (await request(backend.server).get(`/api/gsv-ops/operations/${started.body.id}`).set('Authorization', auth)).body;
    }
    expect(op.status).toBe('succeeded');
    expect(op.steps.map(s => s.name)).toEqual(['validate', 'policy', 'lock', 'read', 'plan', 'apply', 'wait', 'verify']);
    expect(dev.requestLog.writes(e => e.user.includes('gsv-backstage')).map(e => `${e.verb} ${e.resource}/${e.name}`)).toEqual([
      'patch deployments/agent-registry',
    ]);

    const list = await request(backend.server)
      .get('/api/gsv-ops/operations?entityRef=component:default/agent-registry&limit=5')
      .set('Authorization', auth);
    expect(list.status).toBe(200);
    expect(list.body.items.map((o: OperationRecord) => [o.id, o.dryRun])).toEqual([
      [op.id, false],
      [dry.body.id, true],
    ]);
  });

  it('cancels a running operation through the API', async () => {
    const started = await request(backend.server).post('/api/gsv-ops/operations').set('Authorization', auth).send(body(false));
    expect(started.status).toBe(201);
    const id = started.body.id;
    // Wait until it is waiting for the rollout, then cancel.
    for (let i = 0; i < 200; i++) {
      const op = (await request(backend.server).get(`/api/gsv-ops/operations/${id}`).set('Authorization', auth)).body as OperationRecord;
      if (op.steps.some(s => s.name === 'wait')) break;
      await new Promise(r => setTimeout(r, 10));
    }
    const cancelled = await request(backend.server).post(`/api/gsv-ops/operations/${id}/cancel`).set('Authorization', auth);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.summary).toMatch(/^Cancelled by user:default\/jane\. The change was already applied/);
    // The target is free again at once.
    const next = await request(backend.server).post('/api/gsv-ops/operations').set('Authorization', auth).send(body(true));
    expect(next.status).toBe(201);
  });
});
