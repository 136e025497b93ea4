import { resolve } from 'node:path';
import request from 'supertest';
import {
  coreServices,
  createServiceFactory,
  type BackendFeature,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import signalsPlugin from '@backstage/plugin-signals-backend';
import gsvPolicy from '@gsv/plugin-permission-backend-module-gsv-policy';
import gsvRunbooks from '@gsv/plugin-scaffolder-backend-module-gsv-runbooks';
import gsvOpsPlugin from '@gsv/plugin-gsv-ops-backend';
import type { JsonObject } from '@backstage/types';
import { startDevCluster, type DevCluster } from '@gsv/devcluster';
import {
  mockAuthWithActorsFactory,
  mockHttpAuthWithActorsFactory,
} from './mockAuthWithActors';

const repositoryRoot = resolve(__dirname, '../../../..');

/**
 * The people of the tests: jane owns agent-registry (CMP team), pat and paula are in the platform team, bob owns
 * nothing.
 */
export const people: Record<string, string[]> = {
  'user:default/jane': ['user:default/jane', 'group:default/cmp-team'],
  'user:default/pat': ['user:default/pat', 'group:default/platform-team'],
  'user:default/paula': ['user:default/paula', 'group:default/platform-team'],
  'user:default/bob': ['user:default/bob'],
};

export const userInfoFactory = createServiceFactory({
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

/**
 * Every plugin the composed backend runs, in the order it adds them (packages/backend/src/index.ts), minus the app
 * and auth backends, which register no permissions and need a built app or real sign-in.
 */
export const COMPOSED_PLUGIN_IDS = [
  'catalog',
  'permission',
  'scaffolder',
  'kubernetes',
  'gsv-ops',
];

/**
 * The backend as packages/backend composes it — catalog (reading the repository's catalog-info.yaml), the permission
 * backend with the GSV policy, the scaffolder with the runbook actions, the official Kubernetes plugin, GSV Ops,
 * notifications, signals and the MCP server over the actions registry — against two embedded clusters, dev and
 * prod, each with two identities:
 * the official plugin's read-only service account and GSV Ops' own. `operations` is GSV Ops' `gsvOps.operations`.
 */
export async function startComposedBackend(
  options: {
    operations?: JsonObject;
    /** GSV Ops' `gsvOps.notifications`. */
    notifications?: JsonObject;
    /** More features, e.g. the real scheduler instead of the mock one. */
    features?: BackendFeature[];
  } = {},
) {
  const [dev, prod] = await Promise.all([
    startDevCluster({ port: 0, name: 'gsv-dev' }),
    startDevCluster({ port: 0, name: 'gsv-prod' }),
  ]);
  const cluster = (name: string, c: DevCluster) => ({
    name,
    url: c.url,
    authProvider: 'serviceAccount',
    serviceAccountToken: c.tokens.kubernetesPlugin,
    caData: c.caData,
  });
  const backend = await startTestBackend({
    features: [
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          backend: { actions: { pluginSources: ['gsv-ops'] } },
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
                clusters: [cluster('gsv-dev', dev), cluster('gsv-prod', prod)],
              },
            ],
          },
          gsvOps: {
            clusters: {
              'gsv-dev': {
                environment: 'dev',
                serviceAccountToken: dev.tokens.backend,
                // the dev cluster's own Prometheus (the archiver metrics of DR readiness); prod has none
                prometheus: { baseUrl: dev.monitoring!.prometheusUrl },
              },
              'gsv-prod': {
                environment: 'prod',
                serviceAccountToken: prod.tokens.backend,
              },
            },
            policy: { platformTeams: ['group:default/platform-team'] },
            ...(options.operations ? { operations: options.operations } : {}),
            ...(options.notifications
              ? { notifications: options.notifications }
              : {}),
          },
        },
      }),
      mockAuthWithActorsFactory,
      mockHttpAuthWithActorsFactory,
      permissionsServiceFactory,
      permissionsRegistryServiceFactory,
      actionsRegistryServiceFactory,
      actionsServiceFactory,
      userInfoFactory,
      catalogPlugin,
      scaffolderEntityModel,
      permissionPlugin,
      gsvPolicy,
      scaffolderPlugin,
      gsvRunbooks,
      kubernetesPlugin,
      gsvOpsPlugin,
      notificationsPlugin,
      signalsPlugin,
      mcpActionsPlugin,
      ...(options.features ?? []),
    ],
  });
  const server = backend.server;

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

  // startTestBackend stops the backend itself after the test file
  const stop = async () => {
    await Promise.all([dev.stop(), prod.stop()]);
  };
  return { server, dev, prod, stop };
}

export type ComposedBackend = Awaited<ReturnType<typeof startComposedBackend>>;

export async function eventually(
  check: () => Promise<void>,
  timeoutMs = 60_000,
) {
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
