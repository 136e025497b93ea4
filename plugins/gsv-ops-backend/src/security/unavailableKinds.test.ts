import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { NOW_ISO } from '../__fixtures__/objects';
import { agentRegistryEntity, platformObjects } from '../__fixtures__/platform';
import { FakeKubernetesClient } from '../__testUtils__/FakeKubernetesClient';
import { DEFAULT_THRESHOLDS } from '../domain/thresholds';
import { DefaultOpsService } from '../services/OpsService/DefaultOpsService';
import { WatchCache } from '../services/WatchCache/WatchCache';
import { FailedLogins } from './failedLogins';
import { SecurityService } from './SecurityService';

const credentials = mockCredentials.user();
const entityRef = 'component:default/agent-registry';

describe('a cluster without trivy-operator that refuses RBAC objects to GSV Ops', () => {
  it('leaves the Ops view alone and says so on the Security card', async () => {
    const client = new FakeKubernetesClient('gsv-dev', platformObjects());
    client.absent.add('vulnerabilityreports');
    // nor prometheus-operator: the alert rules card says so itself (alerting/AlertingService.ts)
    client.absent.add('prometheusrules');
    client.forbidden.add('clusterrolebindings');
    const now = Date.parse(NOW_ISO);
    const cache = new WatchCache({
      clusters: [
        {
          name: 'gsv-dev',
          environment: 'dev',
          namespaces: [],
          requestTimeoutMs: 500,
          client,
        },
      ],
      now: () => now,
      backoff: {
        initialMs: 10,
        maxMs: 40,
        resetMs: 1000,
        factor: 2,
        jitter: 0,
      },
    });
    const ops = new DefaultOpsService({
      catalog: catalogServiceMock({ entities: [agentRegistryEntity] }),
      watchCache: cache,
      thresholds: DEFAULT_THRESHOLDS,
      now: () => now,
    });
    cache.start();
    try {
      for (
        let i = 0;
        i < 300 && !cache.cluster('gsv-dev')!.status().synced;
        i++
      )
        await new Promise(r => setTimeout(r, 10));
      const result = await ops.getEntityView({ entityRef, credentials });
      if (result.notModified) throw new Error('expected content');
      const status = result.value.clusters[0].cluster;
      expect(status.absentKinds).toBeUndefined();
      expect(status.degradedKinds).toBeUndefined();
      expect(result.value.findings.map(f => f.code)).not.toContain(
        'cluster.kind-unreadable',
      );

      const security = new SecurityService({
        opsService: ops,
        watchCache: cache,
        permissions: mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        }),
        failedLogins: new FailedLogins({
          prometheusOf: () => undefined,
          metric: 'keycloak_failed_login_attempts',
        }),
        settings: {
          staleAfterDays: 7,
          topCves: 10,
          failedLoginsMetric: 'keycloak_failed_login_attempts',
        },
        now: () => now,
      });
      const [cluster] = (
        await security.entitySecurity({ entityRef, credentials })
      ).clusters;
      expect(cluster.unavailable).toEqual([
        expect.stringMatching(/^clusterrolebindings: .*403/),
        'vulnerabilityreports: trivy-operator is not installed (no VulnerabilityReport CRD)',
      ]);
      expect(
        cluster.vulnerabilities.images.every(
          image => image.report === undefined,
        ),
      ).toBe(true);
      expect(cluster.failedLogins.status).toBe('no-prometheus');
    } finally {
      ops.close();
      await cache.stop();
    }
  });
});
