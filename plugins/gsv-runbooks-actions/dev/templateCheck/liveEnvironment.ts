import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { PlatformHealthView } from '@gsv/plugin-gsv-ops-common';
import { startDevCluster } from '@gsv/devcluster';
import { scaffolderModuleGsvRunbooks } from '../../src/module';
import { call, errorText } from './backendCalls';

const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** The repository's catalog: the GSV platform the templates operate on, and its people. */
function repositoryCatalog(): Entity[] {
  return ['catalog-info.yaml', 'org.yaml'].flatMap(file =>
    yaml
      .parseAllDocuments(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'))
      .map(document => document.toJS() as Entity)
      .filter(Boolean),
  );
}

/**
 * The `gsvOps` section of the repository's app-config.yaml, as the app runs with it, with GSV Ops' own token of the
 * embedded cluster in place of its `${GSV_DEVCLUSTER_TOKEN}` placeholder.
 */
function appGsvOpsConfig(gsvOpsToken: string): JsonObject {
  const config = yaml.parse(
    fs.readFileSync(path.join(REPO_ROOT, 'app-config.yaml'), 'utf8'),
  );
  const gsvOps = config.gsvOps ?? {};
  // The metrics endpoints are `${GSV_DEVCLUSTER_*}` placeholders that `npm start` fills in; runbooks don't use them.
  for (const cluster of Object.values<JsonObject>(gsvOps.clusters ?? {})) {
    delete cluster.prometheus;
    delete cluster.alertmanager;
    if (cluster.serviceAccountToken) cluster.serviceAccountToken = gsvOpsToken;
  }
  return gsvOps;
}

/** Starts the embedded cluster (packages/devcluster), seeded with the GSV platform, on a free loopback port. */
async function startEmbeddedCluster() {
  const cluster = await startDevCluster({
    port: 0,
    name: 'gsv-dev',
    seed: 'gsv',
  });
  // the same identities as `npm start` (least-privilege RBAC of deploy/): GSV Ops' own, and the read-only one
  return {
    url: cluster.url,
    token: cluster.tokens.backend,
    readerToken: cluster.tokens.kubernetesPlugin,
    caData: cluster.caData,
    stop: () => cluster.stop(),
  };
}

/** Waits until gsv-ops-backend's watch cache has listed every kind of every cluster (the picker reads from it). */
async function waitForSync(baseUrl: string) {
  const deadline = Date.now() + 60_000;
  let last = '';
  while (Date.now() < deadline) {
    const health = await call<PlatformHealthView>(
      baseUrl,
      'GET',
      '/api/gsv-ops/platform/health',
    );
    const clusters = health.status === 200 ? health.body.clusters ?? [] : [];
    if (clusters.length && clusters.every(cluster => cluster.synced)) return;
    last =
      health.status === 200
        ? JSON.stringify(clusters)
        : `${health.status} ${errorText(health.body)}`;
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  throw new Error(
    `gsv-ops-backend did not sync the embedded cluster within 60 s: ${last}`,
  );
}

/** The embedded cluster and a backend with gsv-ops, the scaffolder and this module on loopback, once synced. */
export async function startLiveEnvironment() {
  const cluster = await startEmbeddedCluster();
  try {
    const backend = await startTestBackend({
      features: [
        import('@gsv/plugin-gsv-ops-backend'),
        import('@backstage/plugin-scaffolder-backend'),
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
                      title: 'GSV dev (embedded cluster)',
                      url: cluster.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: cluster.readerToken,
                      caData: cluster.caData,
                    },
                  ],
                },
              ],
            },
            gsvOps: appGsvOpsConfig(cluster.token),
          },
        }),
      ],
    });
    const address = backend.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForSync(baseUrl);
    return {
      baseUrl,
      stop: async () => {
        await backend.stop();
        await cluster.stop();
      },
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
