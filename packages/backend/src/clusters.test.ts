import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import kubernetesPlugin, {
  AwsIamStrategy,
} from '@backstage/plugin-kubernetes-backend';
import { kubernetesAuthStrategyExtensionPoint } from '@backstage/plugin-kubernetes-node';
import permissionPlugin from '@backstage/plugin-permission-backend';
import gsvPolicy from '@gsv/plugin-permission-backend-module-gsv-policy';
import gsvOps from '@gsv/plugin-gsv-ops-backend';
import { startDevCluster, type DevCluster } from '@gsv/devcluster';
import { eventually, userInfoFactory } from './__testUtils__/composedBackend';
import {
  mockAuthWithActorsFactory,
  mockHttpAuthWithActorsFactory,
} from './__testUtils__/mockAuthWithActors';

/**
 * GSV Ops reaches clusters the official way: through the official Kubernetes plugin's cluster supplier and
 * authentication strategies, with no GSV-specific cluster config. Three embedded clusters:
 * - `eks-config`: located by config, `authProvider: aws` (an EKS-style presigned STS token from static keys);
 * - `eks-catalog`: located by the catalog (a `kubernetes-cluster` Resource entity), also `aws`;
 * - `custom`: `authProvider: gsvtest`, a strategy a backend module adds through the official extension point.
 * Each cluster knows only the identity it expects; the Ops tab shows all three, synced, with agent-registry's objects.
 */

jest.setTimeout(180_000);

const repositoryRoot = resolve(__dirname, '../../..');
const AWS_KEYS = {
  accessKeyId: 'AKIAGSVOPSTEST000001',
  secretAccessKey: 'gsv-ops-test-secret-key-0000000000000000',
};
const AWS_USER = 'arn:aws:iam::111122223333:user/gsv-ops';
const CUSTOM_USER = 'gsv-ops-custom-identity';

/** Binds GSV Ops' ClusterRoles (deploy/base/rbac.yaml) to a user of this cluster, as aws-auth would map it. */
function grantGsvOps(cluster: DevCluster, username: string) {
  for (const role of ['gsv-ops-read', 'gsv-ops-write']) {
    cluster.store.create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `${role}-${username.replace(/[^a-z0-9-]/g, '-')}` },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: role,
      },
      subjects: [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: username },
      ],
    } as any);
  }
}

describe('GSV Ops on the official Kubernetes plugin’s clusters and strategies', () => {
  let clusters: Record<'eksConfig' | 'eksCatalog' | 'custom', DevCluster>;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let work: string;

  beforeAll(async () => {
    const aws = (clusterId: string) => ({
      clusterId,
      identities: [{ ...AWS_KEYS, username: AWS_USER }],
    });
    const [eksConfig, eksCatalog, custom] = await Promise.all([
      startDevCluster({
        port: 0,
        name: 'eks-config',
        aws: aws('eks-config'),
        monitoring: false,
      }),
      startDevCluster({
        port: 0,
        name: 'eks-catalog',
        aws: aws('eks-catalog'),
        monitoring: false,
      }),
      startDevCluster({ port: 0, name: 'custom', monitoring: false }),
    ]);
    clusters = { eksConfig, eksCatalog, custom };
    grantGsvOps(eksConfig, AWS_USER);
    grantGsvOps(eksCatalog, AWS_USER);
    grantGsvOps(custom, CUSTOM_USER);
    const customToken = custom.issueToken({
      username: CUSTOM_USER,
      groups: [],
    });

    work = mkdtempSync(join(tmpdir(), 'gsv-clusters-'));
    writeFileSync(
      join(work, 'cluster.yaml'),
      JSON.stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'eks-catalog',
          annotations: {
            'kubernetes.io/api-server': eksCatalog.url,
            'kubernetes.io/api-server-certificate-authority': eksCatalog.caData,
            'kubernetes.io/auth-provider': 'aws',
            'kubernetes.io/x-k8s-aws-id': 'eks-catalog',
          },
        },
        spec: {
          type: 'kubernetes-cluster',
          owner: 'group:default/platform-team',
        },
      }),
    );

    // Strategies added through the official extension point replace the built-in ones: add aws back, and ours.
    const strategies = createBackendModule({
      pluginId: 'kubernetes',
      moduleId: 'test-strategies',
      register(reg) {
        reg.registerInit({
          deps: { authStrategies: kubernetesAuthStrategyExtensionPoint },
          async init({ authStrategies }) {
            authStrategies.addAuthStrategy(
              'aws',
              new AwsIamStrategy({
                config: mockServices.rootConfig({
                  data: { aws: { mainAccount: AWS_KEYS } },
                }),
              }),
            );
            authStrategies.addAuthStrategy('gsvtest', {
              getCredential: async () => ({
                type: 'bearer token',
                token: customToken,
              }),
              validateCluster: () => [],
              presentAuthMetadata: () => ({}),
            });
          },
        });
      },
    });

    const backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            permission: { enabled: true },
            aws: { mainAccount: AWS_KEYS },
            gsvOps: { clusterRefreshSeconds: 1 },
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
                  ],
                },
              ],
              locations: [
                {
                  type: 'file',
                  target: resolve(repositoryRoot, 'catalog-info.yaml'),
                },
                { type: 'file', target: resolve(repositoryRoot, 'org.yaml') },
                { type: 'file', target: join(work, 'cluster.yaml') },
              ],
            },
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'eks-config',
                      url: eksConfig.url,
                      caData: eksConfig.caData,
                      authProvider: 'aws',
                    },
                    {
                      name: 'custom',
                      url: custom.url,
                      caData: custom.caData,
                      authProvider: 'gsvtest',
                    },
                  ],
                },
                { type: 'catalog', dangerouslyAllowClusterUrls: ['127.0.0.1'] },
              ],
            },
          },
        }),
        mockAuthWithActorsFactory,
        mockHttpAuthWithActorsFactory,
        permissionsServiceFactory,
        permissionsRegistryServiceFactory,
        // the real scheduler: GSV Ops lists the supplier's clusters again every second here
        schedulerServiceFactory,
        userInfoFactory,
        catalogPlugin,
        permissionPlugin,
        gsvPolicy,
        kubernetesPlugin,
        strategies,
        gsvOps,
      ],
    });
    server = backend.server;
  });

  afterAll(async () => {
    await Promise.all(Object.values(clusters ?? {}).map(c => c.stop()));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('shows every cluster on the Ops tab, synced, each reached with the identity it expects', async () => {
    await eventually(async () => {
      const view = await request(server)
        .get('/api/gsv-ops/entities/component/default/agent-registry/view')
        .set('Authorization', mockCredentials.user.header('user:default/jane'));
      expect(view.status).toBe(200);
      const shown = Object.fromEntries(
        view.body.clusters.map((c: any) => [
          c.cluster.name,
          {
            synced: c.cluster.synced,
            deployments: c.deployments.map((d: any) => d.name),
          },
        ]),
      );
      for (const name of ['eks-config', 'eks-catalog', 'custom']) {
        expect({ name, ...shown[name] }).toMatchObject({
          name,
          synced: true,
          deployments: expect.arrayContaining(['agent-registry']),
        });
      }
    }, 120_000);

    const users = (cluster: DevCluster) =>
      new Set(cluster.requestLog.entries().map(e => e.user));
    expect([...users(clusters.eksConfig)]).toContain(AWS_USER);
    expect([...users(clusters.eksCatalog)]).toContain(AWS_USER);
    expect([...users(clusters.custom)]).toContain(CUSTOM_USER);
    // nobody got in without the identity the cluster expects
    for (const cluster of Object.values(clusters)) {
      expect(
        cluster.requestLog.entries().filter(e => e.status === 401),
      ).toEqual([]);
    }
  });

  it('treats a cluster without GSV Ops settings as production, the strictest', async () => {
    const response = await request(server)
      .post('/api/gsv-ops/operations')
      .set('Authorization', mockCredentials.user.header('user:default/jane'))
      .send({
        runbook: 'deployment-restart',
        entityRef: 'component:default/agent-registry',
        cluster: 'eks-catalog',
        parameters: { namespace: 'cmp', deployment: 'agent-registry' },
        dryRun: true,
      });
    expect(response.status).toBe(403);
    expect(response.body.error.message).toMatch(
      /in production \(cluster eks-catalog\) \(permission gsv-ops\.production\.operate\)/,
    );
  });
});
