import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  EntityBloatReports,
  OperationRecord,
} from '@gsv/plugin-gsv-ops-common';
import { startDevCluster, type DevCluster } from '@gsv/devcluster';
import type { Server } from 'node:http';
import request from 'supertest';
import { agentRegistryEntity, keycloakEntity } from '../__fixtures__/platform';
import { startDevClusterBackend } from '../__testUtils__/devClusterBackend';
import { FAST_TIMING } from '../operations/__testUtils__/testbed';

jest.setTimeout(120_000);

const USER = mockCredentials.user.header('user:default/jane');
const REPORTS =
  '/api/gsv-ops/entities/component/default/agent-registry/bloat-reports';

/** End to end over HTTP: the maintenance runbook's psql Job on the embedded cluster, then the route reading its result. */
describe('the bloat reports route', () => {
  let cluster: DevCluster;
  let server: Server;

  beforeAll(async () => {
    cluster = await startDevCluster({
      port: 0,
      name: 'gsv-dev',
      clock: { speed: 10 },
      timing: FAST_TIMING,
    });
    server = await startDevClusterBackend({
      cluster,
      entities: [agentRegistryEntity, keycloakEntity],
      result: AuthorizeResult.ALLOW,
      gsvOps: { operations: { verifySeconds: 1 } },
    });
  });
  afterAll(() => cluster?.stop());

  const reports = async (query = '') => {
    const res = await request(server)
      .get(`${REPORTS}${query}`)
      .set('Authorization', USER);
    expect(res.status).toBe(200);
    return res.body as EntityBloatReports;
  };

  /** Runs database-maintenance on cmp-postgres as a person does: the dry run, then the real run naming it. */
  async function maintain(
    parameters: Record<string, unknown>,
  ): Promise<OperationRecord> {
    const body = {
      runbook: 'database-maintenance',
      entityRef: 'component:default/agent-registry',
      cluster: 'gsv-dev',
      parameters: { namespace: 'cmp', cluster: 'cmp-postgres', ...parameters },
      dryRun: true,
    };
    const post = (b: object) =>
      request(server)
        .post('/api/gsv-ops/operations')
        .set('Authorization', USER)
        .send(b);
    const dry = await post(body);
    expect(dry.status).toBe(201);
    const real = await post({
      ...body,
      dryRun: false,
      reviewedDryRunId: dry.body.id,
    });
    expect(real.status).toBe(201);
    for (let i = 0; i < 600; i++) {
      const op = (
        await request(server)
          .get(`/api/gsv-ops/operations/${real.body.id}`)
          .set('Authorization', USER)
      ).body;
      if (op.finishedAt) return op;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`operation ${real.body.id} did not finish`);
  }

  it('refuses a caller without credentials or without the entity read permission, and an unknown entity', async () => {
    expect((await request(server).get(REPORTS)).status).toBe(401);
    const unknown = await request(server)
      .get('/api/gsv-ops/entities/component/default/nope/bloat-reports')
      .set('Authorization', USER);
    expect([unknown.status, unknown.body.error.message]).toEqual([
      404,
      'No entity component:default/nope',
    ]);
    const denied = await startDevClusterBackend({
      cluster,
      entities: [agentRegistryEntity],
      result: AuthorizeResult.DENY,
    });
    const res = await request(denied).get(REPORTS).set('Authorization', USER);
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts|\/work\//);
  });

  it('has no report until one ran, then the last report of cmp-postgres, and the report after a VACUUM once one ran', async () => {
    expect((await reports('?cluster=gsv-dev')).reports).toEqual([]);

    const report = await maintain({ operation: 'bloat-report' });
    expect(report.status).toBe('succeeded');
    const first = await reports('?cluster=gsv-dev');
    expect(first.reports).toHaveLength(1);
    expect(first.reports[0]).toMatchObject({
      cluster: 'gsv-dev',
      namespace: 'cmp',
      database: 'cmp-postgres',
      operationId: report.id,
      operation: 'bloat-report',
      finishedAt: report.finishedAt,
      initiatedBy: 'user:default/jane',
    });
    expect(first.reports[0].tables).toHaveLength(4);
    expect(first.reports[0].tables[0]).toMatchObject({
      schema: 'public',
      table: 'agents_webhookdelivery',
      deadTuples: 402100,
      deadPercent: 33.1,
    });
    expect(first.reports[0]).not.toHaveProperty('job');

    const vacuum = await maintain({
      operation: 'vacuum-analyze',
      table: 'public.agents_webhookdelivery',
    });
    expect(vacuum.status).toBe('succeeded');
    const [after] = (await reports()).reports;
    expect(after).toMatchObject({
      operationId: vacuum.id,
      operation: 'vacuum-analyze',
      vacuumed: 'public.agents_webhookdelivery',
    });
    expect(
      after.tables.find(t => t.table === 'agents_webhookdelivery'),
    ).toMatchObject({ deadTuples: 0, deadPercent: 0 });
  });

  it('answers a bad cluster query with a 400 that says what is expected', async () => {
    const res = await request(server)
      .get(`${REPORTS}?cluster=`)
      .set('Authorization', USER);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      '/entities/<kind>/<namespace>/<name>/bloat-reports[?cluster=<name>]',
    );
  });
});
