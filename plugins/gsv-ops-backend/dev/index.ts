/*
 * Standalone development backend for GSV Ops (`npm start` in this folder): an embedded cluster seeded with the GSV
 * platform, the plugin, a catalog holding the platform's services, mocked auth (every request is the mock user)
 * and an allow-all permission service. For development only.
 *
 *   curl http://localhost:7007/api/gsv-ops/entities/component/default/agent-registry/view
 */
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startDevCluster } from '@gsv/devcluster';
import { agentRegistryEntity, keycloakEntity } from '../src/__fixtures__/platform';

async function main() {
  const cluster = await startDevCluster({ port: 0, name: 'gsv-dev' });
  process.stdout.write(`devcluster at ${cluster.url}\n`);

  const backend = createBackend();
  backend.add(
    mockServices.rootConfig.factory({
      data: {
        backend: { baseUrl: 'http://localhost:7007', listen: { port: 7007 }, database: { client: 'better-sqlite3', connection: ':memory:' } },
        kubernetes: {
          serviceLocatorMethod: { type: 'multiTenant' },
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                { name: 'gsv-dev', url: cluster.url, authProvider: 'serviceAccount', serviceAccountToken: cluster.tokens.backend, caData: cluster.caData },
              ],
            },
          ],
        },
        gsvOps: { clusters: { 'gsv-dev': { environment: 'dev' } } },
      },
    }),
  );
  backend.add(mockServices.auth.factory());
  backend.add(mockServices.httpAuth.factory());
  backend.add(mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }));
  backend.add(catalogServiceMock.factory({ entities: [agentRegistryEntity, keycloakEntity] }));
  backend.add(import('../src'));
  await backend.start();

  const stop = async () => {
    await backend.stop();
    await cluster.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
