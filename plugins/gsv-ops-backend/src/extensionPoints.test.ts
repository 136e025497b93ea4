import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { gsvOpsClusterSupplierExtensionPoint, gsvOpsRunbooksExtensionPoint } from '@gsv/plugin-gsv-ops-node';
import request from 'supertest';
import { agentRegistryEntity } from './__fixtures__/platform';
import { platformObjects } from './__fixtures__/platform';
import { FakeKubernetesClient } from './__testUtils__/FakeKubernetesClient';
import { gsvOpsPlugin } from './plugin';
import { ALL_KINDS } from './services/WatchCache/kinds';

jest.setTimeout(30_000);

describe('the extension points of @gsv/plugin-gsv-ops-node', () => {
  it('lets a module supply the clusters and replace a runbook’s implementation; the engine still admits it', async () => {
    const fake = new FakeKubernetesClient('gsv-dev', platformObjects());
    const customRestart = createBackendModule({
      pluginId: 'gsv-ops',
      moduleId: 'custom-restart',
      register(env) {
        env.registerInit({
          deps: { clusters: gsvOpsClusterSupplierExtensionPoint, runbooks: gsvOpsRunbooksExtensionPoint },
          async init({ clusters, runbooks }) {
            clusters.setClusterSupplier({
              getClusters: async () => [{ name: 'gsv-dev', environment: 'dev', namespaces: [], requestTimeoutMs: 1000, client: fake }],
            });
            runbooks.setRunbook({
              id: 'deployment-restart',
              target: p => ({ kind: 'Deployment', namespace: p.namespace, name: p.deployment, targetKind: 'deployment' }),
              run: async ctx => ({ summary: `Custom restart of ${ctx.params.namespace}/${ctx.params.deployment}: nothing sent` }),
            });
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [
        gsvOpsPlugin,
        customRestart,
        catalogServiceMock.factory({ entities: [agentRegistryEntity] }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootConfig.factory({ data: { gsvOps: { pvcUsage: { source: 'none' } } } }),
      ],
    });
    for (let i = 0; i < 300 && fake.paths.filter(p => p.endsWith('?watch')).length < ALL_KINDS.length; i++) {
      await new Promise(r => setTimeout(r, 10));
    }
    const post = (deployment: string) =>
      request(backend.server)
        .post('/api/gsv-ops/operations')
        .set('Authorization', mockCredentials.user.header('user:default/jane'))
        .send({
          runbook: 'deployment-restart',
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: { namespace: 'cmp', deployment },
          dryRun: true,
        });
    const ok = await post('agent-registry');
    expect(ok.status).toBe(201);
    expect(ok.body.summary).toBe('Custom restart of cmp/agent-registry: nothing sent');
    // the replaced runbook goes through the same admission: a target of another entity is refused
    const refused = await post('keycloak');
    expect(refused.status).toBe(400);
    await backend.stop();
  });
});
