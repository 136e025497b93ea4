import { resolve } from 'node:path';
import request from 'supertest';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import gsvPolicy from '@gsv/plugin-permission-backend-module-gsv-policy';
import gsvRunbooks from '@gsv/plugin-scaffolder-backend-module-gsv-runbooks';
import gsvOpsPlugin from '@gsv/plugin-gsv-ops-backend';
import { startDevCluster, type DevCluster } from '@gsv/devcluster';
import {
  mockAuthWithActorsFactory,
  mockHttpAuthWithActorsFactory,
} from './__testUtils__/mockAuthWithActors';

/**
 * The backend as packages/backend composes it — catalog (reading the repository's catalog-info.yaml), the permission
 * backend with the GSV policy, GSV Ops and the runbook actions — against two embedded clusters, dev and prod.
 * What it proves: the plugins boot together, and the policy decides who may operate what, where.
 */

const repositoryRoot = resolve(__dirname, '../../..');

const people: Record<string, string[]> = {
  'user:default/jane': ['user:default/jane', 'group:default/cmp-team'],
  'user:default/pat': ['user:default/pat', 'group:default/platform-team'],
};

const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const { userEntityRef } = credentials.principal as {
        userEntityRef: string;
      };
      return {
        userEntityRef,
        ownershipEntityRefs: people[userEntityRef] ?? [userEntityRef],
      };
    },
  }),
});

jest.setTimeout(120_000);

describe('the GSV backend', () => {
  let dev: DevCluster;
  let prod: DevCluster;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    [dev, prod] = await Promise.all([
      startDevCluster({ port: 0, name: 'gsv-dev' }),
      startDevCluster({ port: 0, name: 'gsv-prod' }),
    ]);
    const cluster = (name: string, c: DevCluster) => ({
      name,
      url: c.url,
      authProvider: 'serviceAccount',
      serviceAccountToken: c.tokens.backend,
      caData: c.caData,
    });
    const backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            permission: { enabled: true },
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'Resource',
                    'Group',
                    'User',
                    'Location',
                    'Template',
                  ],
                },
              ],
              locations: [
                {
                  type: 'file',
                  target: resolve(repositoryRoot, 'catalog-info.yaml'),
                },
                { type: 'file', target: resolve(repositoryRoot, 'org.yaml') },
              ],
            },
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    cluster('gsv-dev', dev),
                    cluster('gsv-prod', prod),
                  ],
                },
              ],
            },
            gsvOps: {
              clusters: {
                'gsv-dev': { environment: 'dev' },
                'gsv-prod': { environment: 'prod' },
              },
              policy: { platformTeams: ['group:default/platform-team'] },
            },
          },
        }),
        mockAuthWithActorsFactory,
        mockHttpAuthWithActorsFactory,
        permissionsServiceFactory,
        permissionsRegistryServiceFactory,
        userInfoFactory,
        catalogPlugin,
        scaffolderEntityModel,
        permissionPlugin,
        gsvPolicy,
        scaffolderPlugin,
        gsvRunbooks,
        gsvOpsPlugin,
      ],
    });
    server = backend.server;

    // The catalog ingests the files and GSV Ops syncs its watches in the background: wait for both.
    await eventually(async () => {
      const view = await request(server)
        .get('/api/gsv-ops/entities/component/default/agent-registry/view')
        .set('Authorization', mockCredentials.user.header('user:default/jane'));
      if (view.status !== 200) {
        throw new Error(
          `view answered ${view.status}: ${JSON.stringify(view.body)}`,
        );
      }
      if (
        !view.body.clusters.some(
          (c: any) => c.cluster.name === 'gsv-dev' && c.cluster.synced,
        )
      ) {
        throw new Error('gsv-dev has not synced yet');
      }
    });
  });

  afterAll(async () => {
    await Promise.all([dev?.stop(), prod?.stop()]);
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

async function eventually(check: () => Promise<void>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(r => setTimeout(r, 500));
    }
  }
}
