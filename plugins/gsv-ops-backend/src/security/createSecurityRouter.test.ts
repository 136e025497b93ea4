import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  EntitySecurityView,
  PlatformSecurityView,
} from '@gsv/plugin-gsv-ops-common';
import { startDevCluster, type DevCluster } from '@gsv/devcluster';
import request from 'supertest';
import { agentRegistryEntity, keycloakEntity } from '../__fixtures__/platform';
import { gsvOpsPlugin } from '../plugin';

jest.setTimeout(60_000);

const AGENT_REF = 'component:default/agent-registry';
const AGENT = '/api/gsv-ops/entities/component/default/agent-registry/security';
const KEYCLOAK = '/api/gsv-ops/entities/component/default/keycloak/security';
const PLATFORM = '/api/gsv-ops/platform/security';
const auth = mockCredentials.user.header();

type Decide = (permission: string, resourceRef?: string) => boolean;
const everything: Decide = () => true;
/** As the GSV policy decides for jane, an owner of agent-registry only (no platform team). */
const agentRegistryOwner: Decide = (permission, resourceRef) =>
  permission !== 'gsv-ops.security.read' || resourceRef === AGENT_REF;

async function until<T>(
  probe: () => Promise<T | undefined | false>,
  what: string,
): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`${what} not reached within 30 s`);
}

describe('the security routes against the devcluster', () => {
  let cluster: DevCluster;

  beforeAll(async () => {
    cluster = await startDevCluster({ port: 0 });
  });
  afterAll(() => cluster.stop());

  async function backend(decide: Decide) {
    const verdict = (allowed: boolean) =>
      ({
        result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      } as const);
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r =>
          verdict(
            decide(
              r.permission.name,
              'resourceRef' in r ? r.resourceRef : undefined,
            ),
          ),
        ),
      authorizeConditional: async requests =>
        requests.map(r => verdict(decide(r.permission.name))) as any,
    });
    const { server } = await startTestBackend({
      features: [
        gsvOpsPlugin,
        // the real scheduler: the entity index that links platform rows to entities refreshes on it
        schedulerServiceFactory,
        catalogServiceMock.factory({
          entities: [agentRegistryEntity, keycloakEntity],
        }),
        permissions.factory,
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
              clusters: {
                'gsv-dev': {
                  environment: 'dev',
                  prometheus: { baseUrl: cluster.monitoring!.prometheusUrl },
                },
              },
              security: { staleReportDays: 7 },
            },
          },
        }),
      ],
    });
    await until(async () => {
      const view = await request(server)
        .get('/api/gsv-ops/platform/health')
        .set('Authorization', auth);
      return view.status === 200 && view.body.clusters?.[0]?.synced;
    }, 'initial sync');
    return server;
  }

  it('refuses callers without credentials, without gsv-ops.security.read, and bad input', async () => {
    const server = await backend(agentRegistryOwner);
    expect((await request(server).get(AGENT)).status).toBe(401);
    expect((await request(server).get(PLATFORM)).status).toBe(401);
    const denied = await request(server)
      .get(KEYCLOAK)
      .set('Authorization', auth);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain('gsv-ops.security.read');
    const bad = await request(server)
      .get(`${AGENT}?cluster=gsv-dev&verbose=1`)
      .set('Authorization', auth);
    expect(bad.status).toBe(400);
    expect(
      (
        await request(server)
          .get(`${AGENT}?cluster=elsewhere`)
          .set('Authorization', auth)
      ).status,
    ).toBe(404);
  });

  it("shows agent-registry's image CVEs, its unscanned database image and its service account's risky grants", async () => {
    const server = await backend(everything);
    const response = await request(server)
      .get(`${AGENT}?cluster=gsv-dev`)
      .set('Authorization', auth);
    expect(response.status).toBe(200);
    const [dev] = (response.body as EntitySecurityView).clusters;
    expect(dev.unavailable).toEqual([]);
    const images = Object.fromEntries(
      dev.vulnerabilities.images.map(i => [i.image, i]),
    );
    expect(
      images['ghcr.io/digitlify-inc/agent-registry:v1.2.3'].report,
    ).toMatchObject({
      counts: { critical: 2, high: 3, medium: 2, low: 2, unknown: 0 },
      stale: false,
      artifact: 'ghcr.io/digitlify-inc/agent-registry:v1.2.3',
    });
    expect(
      images['ghcr.io/cloudnative-pg/postgresql:16.4'].report,
    ).toBeUndefined();
    expect(
      dev.vulnerabilities.topCves
        .slice(0, 2)
        .map(c => c.id)
        .sort(),
    ).toEqual(['CVE-2023-45853', 'CVE-2024-42005']);
    expect(dev.vulnerabilities.topCves[0]).toMatchObject({
      severity: 'CRITICAL',
      link: expect.stringMatching(/^https:\/\/avd\.aquasec\.com\//),
    });

    const account = dev.serviceAccounts.find(
      a => a.namespace === 'cmp' && a.name === 'agent-registry',
    )!;
    expect(account.risks).toEqual(['secrets-read', 'pods-exec']);
    expect(
      account.grants.map(g => [g.binding.kind, g.role.name, g.via, g.scope]),
    ).toEqual(
      expect.arrayContaining([
        ['RoleBinding', 'agent-registry', 'ServiceAccount', 'cmp'],
        [
          'ClusterRoleBinding',
          'gsv-service-discovery',
          'Group system:serviceaccounts:cmp',
          'cluster-wide',
        ],
      ]),
    );
    expect(dev.failedLogins.status).toBe('no-metric');
    // Nothing of a Secret: the card never reads one.
    expect(JSON.stringify(response.body)).not.toMatch(/"data"|stringData/);
  });

  it("shows Keycloak's failed logins per hour with the burst and its reasons", async () => {
    const server = await backend(everything);
    const response = await request(server)
      .get(KEYCLOAK)
      .set('Authorization', auth);
    expect(response.status).toBe(200);
    const { failedLogins, vulnerabilities } = (
      response.body as EntitySecurityView
    ).clusters[0];
    expect(failedLogins.status).toBe('ok');
    expect(failedLogins.metric).toBe('keycloak_failed_login_attempts');
    expect(failedLogins.hourly).toHaveLength(24);
    expect(
      Math.max(...failedLogins.hourly.map(h => h.count ?? 0)),
    ).toBeGreaterThan(1000);
    expect(failedLogins.topErrors.map(e => e.error)).toEqual(
      expect.arrayContaining(['user_not_found', 'invalid_user_credentials']),
    );
    expect(vulnerabilities.totals).toMatchObject({ critical: 0, high: 1 });
  });

  it('lists the fleet: CVEs per service, risky service accounts, failed logins; only the services the caller may read', async () => {
    const all = await backend(everything);
    const fleet = await until(async () => {
      const body: PlatformSecurityView = (
        await request(all).get(PLATFORM).set('Authorization', auth)
      ).body;
      return body.rows?.some(r => r.entityRef === AGENT_REF) && body;
    }, 'entity index');
    const row = (service: string) =>
      fleet.rows.find(r => r.service === service)!;
    expect(fleet.rows[0].service).toBe('agent-registry'); // the most critical CVEs first
    expect(row('agent-registry')).toMatchObject({
      namespace: 'cmp',
      counts: { critical: 2 },
      riskyServiceAccounts: [
        { name: 'agent-registry', risks: ['secrets-read', 'pods-exec'] },
      ],
    });
    expect(row('redis')).toMatchObject({ staleReports: 1, unscannedImages: 0 });
    // the CloudNativePG instances and the pooler's PgBouncer pods: trivy left no report for either image
    expect(row('cmp-postgres')).toMatchObject({ unscannedImages: 2 });
    expect(row('keycloak').failedLogins24h).toBeGreaterThan(1000);
    expect(fleet.hiddenServices).toBe(0);

    const owner = await backend(agentRegistryOwner);
    const mine: PlatformSecurityView = await until(async () => {
      const body: PlatformSecurityView = (
        await request(owner).get(PLATFORM).set('Authorization', auth)
      ).body;
      return body.rows?.length > 0 && body;
    }, 'rows');
    expect(mine.rows.map(r => r.entityRef)).toEqual(
      mine.rows.map(() => AGENT_REF),
    );
    expect(mine.hiddenServices).toBeGreaterThan(0);
  });
});
