import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { DevCluster } from '@gsv/devcluster';
import {
  startComposedBackend,
  type ComposedBackend,
} from './__testUtils__/composedBackend';

/**
 * The backend as packages/backend composes it, against two embedded clusters, dev and prod.
 * What it proves: the plugins boot together, and the policy decides who may operate what, where.
 */

jest.setTimeout(120_000);

describe('the GSV backend', () => {
  let prod: DevCluster;
  let server: ComposedBackend['server'];
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ server, prod, stop } = await startComposedBackend());
  });

  afterAll(async () => {
    await stop?.();
  });

  const restart = (
    who: string,
    entity: string,
    cluster: string,
    namespace: string,
    deployment: string,
  ) =>
    request(server)
      .post('/api/gsv-ops/operations')
      .set('Authorization', mockCredentials.user.header(who))
      .send({
        runbook: 'deployment-restart',
        entityRef: entity,
        cluster,
        parameters: { namespace, deployment },
        dryRun: true,
      });

  it('refuses callers without credentials', async () => {
    const response = await request(server).get(
      '/api/gsv-ops/entities/component/default/agent-registry/view',
    );
    expect(response.status).toBe(401);
  });

  it('shows the service as seen in its cluster', async () => {
    const response = await request(server)
      .get('/api/gsv-ops/entities/component/default/agent-registry/view')
      .set('Authorization', mockCredentials.user.header('user:default/jane'));
    const devView = response.body.clusters.find(
      (c: any) => c.cluster.name === 'gsv-dev',
    );
    expect(devView.deployments.map((d: any) => d.name)).toContain(
      'agent-registry',
    );
  });

  it('says which databases could be restored now: keycloak-postgres not in dev, with its blockers', async () => {
    const platform = await request(server)
      .get('/api/gsv-ops/platform/dr-readiness')
      .set('Authorization', mockCredentials.user.header('user:default/pat'));
    expect(platform.status).toBe(200);
    const [worst] = platform.body.items;
    expect(worst).toMatchObject({
      cluster: 'gsv-dev',
      name: 'keycloak-postgres',
      status: 'not-ready',
      canRestoreToPoint: false,
      window: { toSource: 'archiver-metric' },
    });
    expect(worst.blockers.map((b: any) => b.id)).toContain(
      'wal-archiving-failing',
    );

    const entity = await request(server)
      .get(
        '/api/gsv-ops/entities/component/default/agent-registry/dr-readiness',
      )
      .set('Authorization', mockCredentials.user.header('user:default/jane'));
    expect(entity.status).toBe(200);
    const byCluster = Object.fromEntries(
      entity.body.items.map((i: any) => [i.cluster, i]),
    );
    // dev measures the loss from its Prometheus; prod has none configured, so only the archiving condition speaks
    expect(byCluster['gsv-dev']).toMatchObject({
      name: 'cmp-postgres',
      canRestoreToPoint: true,
      window: { toSource: 'archiver-metric' },
    });
    expect(byCluster['gsv-prod']).toMatchObject({
      name: 'cmp-postgres',
      canRestoreToPoint: true,
      window: { toSource: 'archiving-condition' },
    });
    expect(byCluster['gsv-prod'].rpoSeconds).toBeUndefined();
  });

  it('lets an owner dry-run a restart of their service in dev', async () => {
    const response = await restart(
      'user:default/jane',
      'component:default/agent-registry',
      'gsv-dev',
      'cmp',
      'agent-registry',
    );
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      dryRun: true,
      status: 'succeeded',
      initiatedBy: 'user:default/jane',
    });
  });

  it('refuses an owner in production, and a service they do not own', async () => {
    const prodResponse = await restart(
      'user:default/jane',
      'component:default/agent-registry',
      'gsv-prod',
      'cmp',
      'agent-registry',
    );
    expect(prodResponse.status).toBe(403);
    const keycloak = await restart(
      'user:default/jane',
      'component:default/keycloak',
      'gsv-dev',
      'sso',
      'keycloak',
    );
    expect(keycloak.status).toBe(403);
    expect(prod.requestLog.count({ verb: 'patch' })).toBe(0);
  });

  it('lets the platform team operate in production', async () => {
    const response = await restart(
      'user:default/pat',
      'component:default/agent-registry',
      'gsv-prod',
      'cmp',
      'agent-registry',
    );
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      dryRun: true,
      status: 'succeeded',
      environment: 'prod',
    });
  });

  it('registers the runbook actions with the scaffolder', async () => {
    const response = await request(server)
      .get('/api/scaffolder/v2/actions')
      .set('Authorization', mockCredentials.user.header('user:default/jane'));
    expect(response.status).toBe(200);
    expect(response.body.map((a: { id: string }) => a.id)).toEqual(
      expect.arrayContaining([
        'gsv:deployment:restart',
        'gsv:database:backup',
        'gsv:certificate:renew',
      ]),
    );
  });
});
