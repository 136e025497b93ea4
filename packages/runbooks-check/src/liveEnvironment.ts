import fs from 'node:fs';
import yaml from 'yaml';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { PlatformHealthView } from '@gsv/plugin-gsv-ops-common';
import { startDevCluster } from '@gsv/devcluster';
import scaffolderModuleGsvRunbooks from '@gsv/plugin-scaffolder-backend-module-gsv-runbooks';
import { call, errorText } from './backendCalls';
import { repositoryFile } from './repositoryFiles';
import type { TargetCluster } from './kubeconfigCluster';

/** The repository's catalog: the GSV platform the templates operate on, and its people. */
function repositoryCatalog(): Entity[] {
  return ['catalog-info.yaml', 'org.yaml'].flatMap(file =>
    yaml
      .parseAllDocuments(fs.readFileSync(repositoryFile(file), 'utf8'))
      .map(document => document.toJS() as Entity)
      .filter(Boolean),
  );
}

/**
 * The `gsvOps` section of the repository's app-config.yaml, as the app runs with it (its policy, approvals, caps),
 * declaring the one cluster the check runs against, with GSV Ops' own token of it. The metrics endpoints are left
 * out: runbooks don't use them.
 */
function appGsvOpsConfig(cluster: LiveCluster): JsonObject {
  const config = yaml.parse(
    fs.readFileSync(repositoryFile('app-config.yaml'), 'utf8'),
  );
  return {
    ...config.gsvOps,
    clusters: {
      [cluster.name]: {
        environment: cluster.environment,
        serviceAccountToken: cluster.token,
      },
    },
  };
}

/** The cluster the live part runs against, with the token the official Kubernetes plugin's declaration uses. */
type LiveCluster = Omit<TargetCluster, 'source'> & {
  readerToken: string;
  stop: () => Promise<void>;
};

/** Starts the embedded cluster (packages/devcluster), seeded with the GSV platform, on a free loopback port. */
async function startEmbeddedCluster(): Promise<LiveCluster> {
  const cluster = await startDevCluster({
    port: 0,
    name: 'gsv-dev',
    seed: 'gsv',
  });
  // the same identities as `npm start` (least-privilege RBAC of deploy/): GSV Ops' own, and the read-only one
  return {
    name: 'gsv-dev',
    environment: 'dev',
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
    `gsv-ops-backend did not sync the cluster within 60 s: ${last}`,
  );
}

/**
 * A backend with gsv-ops, the scaffolder and this module on loopback, watching `target` (a cluster the check did not
 * start, which it only reads and dry-runs against) or else the embedded cluster it starts; once synced.
 */
export async function startLiveEnvironment(target?: TargetCluster) {
  const cluster: LiveCluster = target
    ? { ...target, readerToken: target.token, stop: async () => {} }
    : await startEmbeddedCluster();
  if (cluster.skipTLSVerify) {
    process.stderr.write(
      `warning: the kubeconfig sets insecure-skip-tls-verify for ${cluster.name}: its server certificate is not checked\n`,
    );
  }
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
                      name: cluster.name,
                      url: cluster.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: cluster.readerToken,
                      ...(cluster.caData ? { caData: cluster.caData } : {}),
                      // carried over from the curator's kubeconfig (insecure-skip-tls-verify), warned about above
                      ...(cluster.skipTLSVerify ? { skipTLSVerify: true } : {}),
                    },
                  ],
                },
              ],
            },
            gsvOps: appGsvOpsConfig(cluster),
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
