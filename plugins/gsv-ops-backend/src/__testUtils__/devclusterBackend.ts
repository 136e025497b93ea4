import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import type { DevCluster } from '@gsv/devcluster';
import request from 'supertest';
import { gsvOpsPlugin } from '../plugin';

/**
 * A test backend with GSV Ops reaching a devcluster as `gsv-dev` with its own service account, a catalog of
 * `entities`, every permission decided as `result`, anonymous requests left anonymous (the mock's default is a
 * signed-in user) and `gsvOps` config. Resolves once agent-registry's Ops view is synced.
 */
export async function startBackendOnDevCluster(options: {
  cluster: DevCluster;
  entities: Entity[];
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  gsvOps: JsonObject;
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
          gsvOps: options.gsvOps,
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
