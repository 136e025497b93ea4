import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { DevCluster } from '@gsv/devcluster';
import request from 'supertest';
import { gsvOpsPlugin } from '../plugin';

/**
 * A backend with GSV Ops on the embedded cluster as `gsv-dev` (environment dev), the given catalog and a permission
 * answer for every request; anonymous requests stay anonymous. Resolves once agent-registry's view has synced.
 */
export async function startDevClusterBackend(options: {
  cluster: DevCluster;
  entities: Entity[];
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  /** More settings of the `gsv-dev` cluster under `gsvOps.clusters` (e.g. its Prometheus). */
  clusterSettings?: Record<string, unknown>;
  /** More settings under `gsvOps`. */
  gsvOps?: Record<string, unknown>;
}) {
  const { cluster } = options;
  const { server } = await startTestBackend({
    features: [
      gsvOpsPlugin,
      catalogServiceMock.factory({ entities: options.entities }),
      mockServices.permissions.factory({ result: options.result }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: 'gsv-dev',
                    url: cluster.url,
                    authProvider: 'serviceAccount',
                    serviceAccountToken: cluster.tokens.backend,
                    caData: cluster.caData,
                  },
                ],
              },
            ],
          },
          gsvOps: {
            ...options.gsvOps,
            clusters: {
              'gsv-dev': { environment: 'dev', ...options.clusterSettings },
            },
          },
        },
      }),
    ],
  });
  for (let i = 0; i < 100; i++) {
    const view = await request(server)
      .get('/api/gsv-ops/entities/component/default/agent-registry/view')
      .set('Authorization', mockCredentials.user.header());
    if (view.status === 200 && view.body.clusters?.[0]?.cluster.synced) break;
    await new Promise(r => setTimeout(r, 100));
  }
  return server;
}
