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

  const body = (dryRun: boolean, extra: Record<string, unknown> = {}) => ({
    runbook: 'deployment-restart',
    entityRef: 'component:default/agent-registry',
    cluster: 'gsv-dev',
    parameters: { namespace: 'cmp', deployment: 'agent-registry' },
    dryRun,
    origin: 'ops-tab',
    ...extra,
  });
  const post = (payload: object) =>
    request(backend.server).post('/api/gsv-ops/operations').set('Authorization', auth).send(payload);
  /** A reviewed real run: the dry run, then the run naming it. */
  const startReviewed = async () => {
    const review = await post(body(true));
    expect(review.body.status).toBe('succeeded');
    return post(body(false, { reviewedDryRunId: review.body.id }));
  };

  it('dry-runs, runs, reports and lists a restart of agent-registry', async () => {
    dev.requestLog.clear();
    const dry = await request(backend.server).post('/api/gsv-ops/operations').set('Authorization', auth).send(body(true));
    expect(dry.status).toBe(201);
    expect(dry.body.status).toBe('succeeded');
    expect(dry.body.steps.find((s: any) => s.name === 'plan').detail.diff).toContain('kubectl.kubernetes.io/restartedAt');
    expect(dev.requestLog.writes(e => e.user.includes('gsv-backstage'))).toEqual([]);

    const started = await post(body(false, { reviewedDryRunId: dry.body.id }));
    expect(started.status).toBe(201);
    expect(['pending', 'running']).toContain(started.body.status);
    expect(started.body.reviewedDryRunId).toBe(dry.body.id);

    const op = await waitUntilEnded(started.body.id);
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

  async function waitUntilEnded(id: string): Promise<OperationRecord> {
    let op: OperationRecord | undefined;
    for (let i = 0; i < 600 && (!op || ['pending', 'running'].includes(op.status)); i++) {
      if (op) await new Promise(r => setTimeout(r, 50));
      op = (await request(backend.server).get(`/api/gsv-ops/operations/${id}`).set('Authorization', auth)).body;
    }
    return op!;
  }

  it('refuses a real run without a matching reviewed dry run, and changes nothing', async () => {
    dev.requestLog.clear();
    const missing = await post(body(false));
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe(
      "A real run of 'Restart deployment' in dev needs the dry run you reviewed: start it with dryRun: true, review the plan, then send its id as reviewedDryRunId",
    );
    const unknown = await post(body(false, { reviewedDryRunId: '00000000-0000-4000-8000-000000000000' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/does not exist/);

    const review = await post(body(true));
    const different = await post({
      ...body(false, { reviewedDryRunId: review.body.id }),
      parameters: { namespace: 'cmp', deployment: 'agent-registry', timeoutSeconds: 900 },
    });
    expect(different.status).toBe(409);
    expect(different.body.error.message).toBe(
      `The reviewed dry run ${review.body.id} planned a different request: parameters.timeoutSeconds: 300 planned, 900 now. Run the dry run of this request and review it`,
    );
    const otherPerson = await request(backend.server)
      .post('/api/gsv-ops/operations')
      .set('Authorization', mockCredentials.user.header('user:default/pat'))
      .send(body(false, { reviewedDryRunId: review.body.id }));
    expect(otherPerson.status).toBe(409);
    expect(otherPerson.body.error.message).toMatch(/was run by user:default\/jane, not by you/);
    expect(dev.requestLog.writes(e => e.user.includes('gsv-backstage'))).toEqual([]);

    const run = await post(body(false, { reviewedDryRunId: review.body.id }));
    expect(run.status).toBe(201);
    const replay = await post(body(false, { reviewedDryRunId: review.body.id }));
    expect(replay.status).toBe(409);
    expect(replay.body.error.message).toMatch(/already used by operation/);
    await waitUntilEnded(run.body.id);
  });

  it('cancels a running operation through the API', async () => {
    const started = await startReviewed();
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
