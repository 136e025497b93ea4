import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import type { Entity } from '@backstage/catalog-model';
import {
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  scaffolderActionsExtensionPoint,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { startDevCluster, type DevCluster } from '@gsv/devcluster';
import { createTestContext, loggedLines } from './__testUtils__/actionTestKit';
// The test runs the real engine next to the module, as a backend does.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import gsvOpsBackend from '@gsv/plugin-gsv-ops-backend';
import { scaffolderModuleGsvRunbooks } from './module';

// The actions against the real operations engine (gsv-ops-backend) and the embedded cluster: no fakes in between.
jest.setTimeout(60_000);

const REPO_ROOT = path.resolve(__dirname, '../../..');

function repositoryCatalog(): Entity[] {
  return yaml
    .parseAllDocuments(
      fs.readFileSync(path.join(REPO_ROOT, 'catalog-info.yaml'), 'utf8'),
    )
    .map(document => document.toJS() as Entity);
}

describe('runbook actions against gsv-ops-backend and the embedded cluster', () => {
  let cluster: DevCluster;
  let backend: TestBackend;
  const actions = new Map<string, TemplateAction<any, any, any>>();

  beforeAll(async () => {
    // simulated time runs fast (rollouts finish quickly); a backup runs for a long time, so it can be cancelled
    cluster = await startDevCluster({
      port: 0,
      name: 'gsv-dev',
      clock: { speed: 20 },
      timing: { backupRunMs: 3_600_000 },
    });
    backend = await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          {
            addActions: (...added: TemplateAction<any, any, any>[]) =>
              added.forEach(a => actions.set(a.id, a)),
          },
        ],
      ],
      features: [
        gsvOpsBackend,
        scaffolderModuleGsvRunbooks,
        catalogServiceMock.factory({ entities: repositoryCatalog() }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
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
              clusters: { 'gsv-dev': { environment: 'dev' } },
              operations: { verifySeconds: 1 },
            },
          },
        }),
      ],
    });
    // the engine checks targets against gsv-ops-backend's watch cache: wait until it has listed the cluster
    const address = backend.server.address();
    const base = `http://127.0.0.1:${
      typeof address === 'object' && address ? address.port : 0
    }`;
    for (let i = 0; i < 200; i++) {
      const response = await fetch(`${base}/api/gsv-ops/platform/health`);
      const health = response.ok ? await response.json() : undefined;
      if (
        health?.clusters?.length &&
        health.clusters.every((c: { synced: boolean }) => c.synced)
      )
        break;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  });

  afterAll(async () => {
    await backend?.stop();
    await cluster?.stop();
  });

  const restartInput = {
    entityRef: 'component:default/agent-registry',
    cluster: 'gsv-dev',
    parameters: {
      namespace: 'cmp',
      deployment: 'agent-registry',
      timeoutSeconds: 120,
    },
  };

  it('dry-runs, then restarts after that reviewed dry run, streaming the engine’s steps', async () => {
    const restart = actions.get('gsv:deployment:restart')!;
    const writesBefore = cluster.requestLog.writes({
      resource: 'deployments',
      name: 'agent-registry',
    }).length;

    const dry = createTestContext(restartInput, { isDryRun: true });
    await restart.handler(dry.ctx);
    const reviewedId = dry.ctx.output.mock.calls.find(
      ([name]: [string]) => name === 'operationId',
    )[1];
    expect(dry.ctx.output).toHaveBeenCalledWith('status', 'succeeded');
    expect(loggedLines(dry.logger).join('\n')).toMatch(
      /planned change of Deployment cmp\/agent-registry/,
    );
    expect(
      cluster.requestLog.writes({
        resource: 'deployments',
        name: 'agent-registry',
      }),
    ).toHaveLength(writesBefore);

    const run = createTestContext({
      ...restartInput,
      reviewedDryRunId: reviewedId,
    });
    await restart.handler(run.ctx);

    const lines = loggedLines(run.logger);
    // the engine checked the review against the request
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^\\[validate\\] succeeded: .*; reviewed as dry run ${reviewedId}`,
        ),
      ),
    );
    expect(lines.some(line => /^\[wait\] succeeded/.test(line))).toBe(true);
    expect(run.ctx.output).toHaveBeenCalledWith('status', 'succeeded');
    expect(run.ctx.output).toHaveBeenCalledWith(
      'opsTabUrl',
      'http://localhost:3000/catalog/default/component/agent-registry/ops',
    );
    expect(
      cluster.requestLog.writes({
        resource: 'deployments',
        name: 'agent-registry',
        verb: 'patch',
      }).length,
    ).toBeGreaterThan(writesBefore);
  });

  it('pauses an autoscaler through gsv:autoscaler:scale: dry run, then the reviewed run, with the reminder to undo', async () => {
    const scale = actions.get('gsv:autoscaler:scale')!;
    const input = {
      entityRef: 'component:default/agent-registry',
      cluster: 'gsv-dev',
      parameters: { namespace: 'cmp', autoscaler: 'agent-registry', pauseAt: 4, timeoutSeconds: 120 },
    };
    const dry = createTestContext(input, { isDryRun: true });
    await scale.handler(dry.ctx);
    expect(dry.ctx.output).toHaveBeenCalledWith('status', 'succeeded');
    const reviewedId = dry.ctx.output.mock.calls.find(([name]: [string]) => name === 'operationId')[1];
    expect(cluster.requestLog.writes({ resource: 'horizontalpodautoscalers' })).toHaveLength(0);

    const run = createTestContext({ ...input, reviewedDryRunId: reviewedId });
    await scale.handler(run.ctx);
    expect(run.ctx.output).toHaveBeenCalledWith('status', 'succeeded');
    const summary = run.ctx.output.mock.calls.find(([name]: [string]) => name === 'summary')[1];
    expect(summary).toMatch(/^Set HPA cmp\/agent-registry to paused at 4 \(was min 2, max 10\); 4 replicas\. Paused: .*Undo it with the Scale autoscaler runbook \(min 2, max 10\)/);
    const hpa = cluster.store.get('horizontalpodautoscalers.autoscaling', 'cmp', 'agent-registry')!;
    expect(hpa.spec).toMatchObject({ minReplicas: 4, maxReplicas: 4 });
  });

  it('cancels the operation when the task is cancelled, and refuses a second one on the same target meanwhile', async () => {
    const backup = actions.get('gsv:database:backup')!;
    const input = {
      entityRef: 'resource:default/cmp-postgres',
      cluster: 'gsv-dev',
      parameters: {
        namespace: 'cmp',
        cluster: 'cmp-postgres',
        timeoutSeconds: 600,
      },
    };
    const review = createTestContext(input, { isDryRun: true });
    await backup.handler(review.ctx);
    const reviewedDryRunId = review.ctx.output.mock.calls.find(
      ([name]: [string]) => name === 'operationId',
    )[1];
    const controller = new AbortController();
    const first = createTestContext(
      { ...input, reviewedDryRunId },
      { signal: controller.signal },
    );
    const running = backup.handler(first.ctx);
    // wait until the engine has created the Backup and is waiting for it
    for (
      let i = 0;
      i < 100 &&
      !loggedLines(first.logger).some(line => line.startsWith('[wait]'));
      i++
    ) {
      await new Promise(resolve => setTimeout(resolve, 100));
    }

    // even its dry run is refused while the target is locked
    const second = createTestContext(input, { isDryRun: true });
    await expect(backup.handler(second.ctx)).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(
        /is being operated on by operation [0-9a-f-]{36} \(database-backup/,
      ),
    });

    controller.abort();
    await expect(running).rejects.toThrow(
      /was cancelled \(operation [0-9a-f-]{36}\)/,
    );
    expect(first.ctx.output).toHaveBeenCalledWith('status', 'cancelled');
  });

  it('refuses bad input before anything reaches the engine or the cluster', async () => {
    const scale = actions.get('gsv:deployment:scale')!;
    const writesBefore = cluster.requestLog.writes().length;
    const { ctx } = createTestContext({
      entityRef: 'component:default/agent-registry',
      cluster: 'gsv-dev',
      parameters: {
        namespace: 'cmp',
        deployment: 'agent-registry',
        replicas: 1000,
      },
    });

    await expect(scale.handler(ctx)).rejects.toMatchObject({
      name: 'InputError',
    });
    expect(cluster.requestLog.writes()).toHaveLength(writesBefore);
  });

  it('reports the engine’s refusal of a target that is not the entity’s', async () => {
    const restart = actions.get('gsv:deployment:restart')!;
    const { ctx } = createTestContext({
      entityRef: 'component:default/agent-registry',
      cluster: 'gsv-dev',
      parameters: { namespace: 'sso', deployment: 'keycloak' },
    });

    await expect(restart.handler(ctx)).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining(
        'is not one of the deployment targets of component:default/agent-registry',
      ),
    });
  });
});
