import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  EntityRightSizingView,
  PlatformRightSizingView,
} from '@gsv/plugin-gsv-ops-common';
import { startDevCluster, type DevCluster } from '@gsv/devcluster';
import request from 'supertest';
import { agentRegistryEntity, keycloakEntity } from '../__fixtures__/platform';
import { startDevClusterBackend } from '../__testUtils__/devClusterBackend';

jest.setTimeout(60_000);

const entityPath = (name: string) =>
  `/api/gsv-ops/entities/component/default/${name}/right-sizing`;
const PLATFORM = '/api/gsv-ops/platform/right-sizing';
const MI = 2 ** 20;

const workerEntity: Entity = {
  ...agentRegistryEntity,
  metadata: {
    name: 'agent-registry-worker',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'agent-registry-worker' },
  },
};

describe('the right-sizing routes', () => {
  let cluster: DevCluster;

  beforeAll(async () => {
    cluster = await startDevCluster({ port: 0 });
  });
  afterAll(() => cluster.stop());

  const backend = (
    result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
    monitoring = true,
  ) =>
    startDevClusterBackend({
      cluster,
      entities: [agentRegistryEntity, keycloakEntity, workerEntity],
      result,
      // the embedded Prometheus starts with an hour of history
      gsvOps: { rightSizing: { window: '1h', minimumHistory: '30m' } },
      clusterSettings: monitoring
        ? { prometheus: { baseUrl: cluster.monitoring!.prometheusUrl } }
        : {},
    });

  const get = (server: Parameters<typeof request>[0], path: string) =>
    request(server)
      .get(path)
      .set('Authorization', mockCredentials.user.header());

  it('refuses callers without credentials, and without permission', async () => {
    const allowed = await backend(AuthorizeResult.ALLOW);
    expect((await request(allowed).get(entityPath('keycloak'))).status).toBe(
      401,
    );
    expect((await request(allowed).get(PLATFORM)).status).toBe(401);
    const denied = await backend(AuthorizeResult.DENY);
    expect((await get(denied, entityPath('keycloak'))).status).toBe(403);
    expect((await get(denied, PLATFORM)).status).toBe(403);
  });

  it('compares requests with p95 usage and suggests a request, with the runbook that sets it', async () => {
    const server = await backend(AuthorizeResult.ALLOW);
    const response = await get(server, entityPath('agent-registry-worker'));
    expect(response.status).toBe(200);
    const view = response.body as EntityRightSizingView;
    expect(view).toMatchObject({
      cluster: 'gsv-dev',
      usageConfigured: true,
      errors: [],
      settings: { window: '1h', minimumHistorySeconds: 1800, headroom: 1.2 },
    });
    const worker = view.containers.find(c => c.container === 'worker')!;
    expect(worker.historySeconds).toBeGreaterThanOrEqual(1800);
    // the worker uses ~150Mi of its 512Mi request: ×1.2 headroom, rounded up to 16Mi
    expect(worker.memory).toMatchObject({
      request: 512 * MI,
      verdict: 'over-provisioned',
    });
    expect(worker.memory.p95).toBeGreaterThan(140 * MI);
    expect(worker.memory.p95).toBeLessThan(160 * MI);
    expect(['176Mi', '192Mi']).toContain(worker.memory.suggestedRequest);
    expect(worker.action).toMatchObject({
      runbook: 'deployment-set-resources',
      target: {
        kind: 'Deployment',
        namespace: 'cmp',
        name: 'agent-registry-worker',
      },
      parameters: {
        namespace: 'cmp',
        deployment: 'agent-registry-worker',
        container: 'worker',
        requests: { memory: worker.memory.suggestedRequest },
      },
    });

    expect(
      (await get(server, `${entityPath('keycloak')}?cluster=nope`)).status,
    ).toBe(404);
    expect(
      (await get(server, `${entityPath('keycloak')}?cluster=`)).status,
    ).toBe(400);
  });

  it("lists the namespace's unmounted volumes and finished Jobs", async () => {
    const server = await backend(AuthorizeResult.ALLOW);
    const view = (await get(server, entityPath('agent-registry')))
      .body as EntityRightSizingView;
    expect(view.unusedPvcs).toEqual([
      expect.objectContaining({
        namespace: 'cmp',
        name: 'agent-registry-media-export',
        capacityBytes: 20 * 2 ** 30,
      }),
    ]);
    const [jobs] = view.completedJobs;
    // two migrations and the database's initdb, three cleanup runs (their CronJob's), one failed re-index
    expect(jobs).toMatchObject({
      namespace: 'cmp',
      succeeded: 6,
      failed: 1,
      ownedByCronJobs: 3,
    });
    expect(Date.now() - Date.parse(jobs.oldestFinishedAt!)).toBeGreaterThan(
      11 * 86_400_000,
    );
    expect(jobs.action).toEqual({
      runbook: 'workload-cleanup',
      target: { kind: 'Namespace', name: 'cmp' },
      parameters: { namespace: 'cmp', completedJobsOlderThanHours: 24 },
    });
  });

  it('ranks the fleet by waste and counts each namespace once', async () => {
    const server = await backend(AuthorizeResult.ALLOW);
    const response = await get(server, PLATFORM);
    expect(response.status).toBe(200);
    const view = response.body as PlatformRightSizingView;
    expect(view.services.map(s => s.entityRef).sort()).toEqual([
      'component:default/agent-registry',
      'component:default/agent-registry-worker',
      'component:default/keycloak',
    ]);
    const scores = view.services.map(s => s.wasteScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // keycloak requests 500m on each of two pods and uses about a quarter of it
    expect(view.containers).toContainEqual(
      expect.objectContaining({
        entityRef: 'component:default/keycloak',
        container: 'keycloak',
        cpu: expect.objectContaining({ verdict: 'over-provisioned' }),
      }),
    );
    expect(view.unusedPvcBytes).toBe(20 * 2 ** 30);
    expect(view.completedJobs.map(j => [j.cluster, j.namespace])).toEqual([
      ['gsv-dev', 'cmp'],
    ]);
  });

  it('still lists requests and leftovers without Prometheus', async () => {
    const server = await backend(AuthorizeResult.ALLOW, false);
    const view = (await get(server, entityPath('agent-registry')))
      .body as EntityRightSizingView;
    expect(view.usageConfigured).toBe(false);
    expect(view.containers[0]).toMatchObject({
      container: 'agent-registry',
      cpu: { request: 0.25, verdict: 'not-enough-data' },
    });
    expect(view.containers[0]).not.toHaveProperty('action');
    expect(view.unusedPvcs).toHaveLength(1);
  });
});
