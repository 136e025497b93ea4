import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  type Permission,
} from '@backstage/plugin-permission-common';
import { GsvPermissionPolicy } from '@gsv/plugin-permission-backend-module-gsv-policy';
import {
  COMPOSED_PLUGIN_IDS,
  people,
  startComposedBackend,
  type ComposedBackend,
} from './__testUtils__/composedBackend';

/**
 * Security of the composed backend, tried as an attacker would: every permission any plugin registers is decided
 * as the committed table says (nothing allowed by fallback), and the official Kubernetes plugin's proxy cannot
 * change a cluster for anybody, because it holds a read-only identity.
 */

jest.setTimeout(180_000);

const TABLE_FILE = resolve(__dirname, '../permission-decisions.md');
const OWNED_ENTITY = 'component:default/agent-registry';
/** A resource of each type to ask about (the catalog entity is owned by jane, not by bob). */
const RESOURCE_OF_TYPE: Record<string, string> = {
  'catalog-entity': OWNED_ENTITY,
  'scaffolder-template': 'template:default/deployment-restart',
  'scaffolder-action': 'gsv:deployment:restart',
  'scaffolder-task': '00000000-0000-4000-8000-000000000000',
};
const ROLES = [
  { column: 'Owner', user: 'user:default/jane' },
  { column: 'Non-owner', user: 'user:default/bob' },
  { column: 'Platform team', user: 'user:default/pat' },
];

let backend: ComposedBackend;

beforeAll(async () => {
  backend = await startComposedBackend();
});

afterAll(async () => {
  await backend?.stop();
});

describe('the permission table', () => {
  it('decides every permission the composed backend registers as permission-decisions.md says', async () => {
    const registered = await registeredPermissions(backend.server);
    const actual = await Promise.all(
      registered.map(async ({ plugin, permission }) => ({
        plugin,
        permission: permission.name,
        decisions: await decisionsFor(backend.server, permission),
      })),
    );
    const expected = readTable(readFileSync(TABLE_FILE, 'utf8'));
    const rendered = renderTable(actual);
    if (JSON.stringify(readTable(rendered)) !== JSON.stringify(expected)) {
      throw new Error(
        `The permission decisions differ from ${TABLE_FILE}. A plugin registers a permission nobody decided, or a ` +
          `decision changed. Decide it in the GSV policy (decisions.ts or gsvOps.policy.permissions), then make the ` +
          `table this:\n\n${rendered}`,
      );
    }
    expect(actual.length).toBeGreaterThan(30);
  });
});

describe('the official Kubernetes plugin', () => {
  const scaleKeycloak = (
    who: string | undefined,
    cluster: string,
    dryRun: boolean,
  ) => {
    const req = request(backend.server)
      .patch(
        `/api/kubernetes/proxy/apis/apps/v1/namespaces/sso/deployments/keycloak/scale${
          dryRun ? '?dryRun=All' : ''
        }`,
      )
      .set('Backstage-Kubernetes-Cluster', cluster)
      .set('Content-Type', 'application/merge-patch+json');
    if (who) req.set('Authorization', mockCredentials.user.header(who));
    return req.send(JSON.stringify({ spec: { replicas: 0 } }));
  };

  it('cannot change a cluster through its proxy, whoever asks', async () => {
    const writesBefore = [backend.dev, backend.prod].map(c =>
      c.requestLog.count({ verb: 'patch' }),
    );
    for (const who of [undefined, ...ROLES.map(r => r.user)]) {
      for (const [cluster, dryRun] of [
        ['gsv-dev', false],
        ['gsv-prod', true],
      ] as const) {
        const response = await scaleKeycloak(who, cluster, dryRun);
        // Backstage refuses (401 anonymous, 403 without kubernetes.proxy) or the cluster does (403: read-only identity)
        expect({ who, cluster, status: response.status }).toEqual({
          who,
          cluster,
          status: who ? 403 : 401,
        });
      }
    }
    expect(backend.dev.requestLog.writes()).toEqual([]);
    expect(backend.prod.requestLog.writes()).toEqual([]);
    // only the platform team's requests reached a cluster, and both refused them there
    const patches = [backend.dev, backend.prod].map(c =>
      c.requestLog.count({ verb: 'patch' }),
    );
    expect(patches).toEqual(writesBefore.map(n => n + 1));
    expect(
      backend.dev.store.get('deployments.apps', 'sso', 'keycloak')?.spec
        .replicas,
    ).toBeGreaterThan(0);
  });

  it('still reads through its proxy for the platform team, as the read-only identity', async () => {
    const response = await request(backend.server)
      .get(
        '/api/kubernetes/proxy/apis/apps/v1/namespaces/sso/deployments/keycloak',
      )
      .set('Backstage-Kubernetes-Cluster', 'gsv-dev')
      .set('Authorization', mockCredentials.user.header('user:default/pat'));
    expect({
      status: response.status,
      error: response.body.error?.message,
    }).toEqual({ status: 200, error: undefined });
    expect(response.body.metadata.name).toBe('keycloak');
    const denied = await request(backend.server)
      .get(
        '/api/kubernetes/proxy/apis/apps/v1/namespaces/sso/deployments/keycloak',
      )
      .set('Backstage-Kubernetes-Cluster', 'gsv-dev')
      .set('Authorization', mockCredentials.user.header('user:default/jane'));
    expect(denied.status).toBe(403);
  });
});

/** What each plugin publishes at /.well-known/backstage/permissions/metadata. */
async function registeredPermissions(server: ComposedBackend['server']) {
  const out: Array<{ plugin: string; permission: Permission }> = [];
  for (const plugin of COMPOSED_PLUGIN_IDS) {
    const response = await request(server)
      .get(`/api/${plugin}/.well-known/backstage/permissions/metadata`)
      .set('Authorization', mockCredentials.service.header());
    if (response.status === 404) continue;
    expect({ plugin, status: response.status }).toEqual({
      plugin,
      status: 200,
    });
    for (const permission of (response.body.permissions ??
      []) as Permission[]) {
      out.push({ plugin, permission });
    }
  }
  return out.sort(
    (a, b) =>
      a.plugin.localeCompare(b.plugin) ||
      a.permission.name.localeCompare(b.permission.name),
  );
}

/** The decision for each role: through the permission backend for users, through the policy for anonymous callers. */
async function decisionsFor(
  server: ComposedBackend['server'],
  permission: Permission,
): Promise<string[]> {
  const anonymous = await anonymousPolicy().handle({ permission } as any);
  const decisions = [verdict(anonymous.result)];
  for (const role of ROLES) {
    const resourceRef =
      permission.type === 'resource'
        ? RESOURCE_OF_TYPE[permission.resourceType]
        : undefined;
    if (permission.type === 'resource')
      expect({ [permission.resourceType]: resourceRef }).not.toEqual({
        [permission.resourceType]: undefined,
      });
    const response = await request(server)
      .post('/api/permission/authorize')
      .set('Authorization', mockCredentials.user.header(role.user))
      .send({
        items: [
          { id: '1', permission, ...(resourceRef ? { resourceRef } : {}) },
        ],
      });
    expect({
      status: response.status,
      error: response.body.error?.message,
    }).toEqual({ status: 200, error: undefined });
    decisions.push(verdict(response.body.items[0].result));
  }
  return decisions;
}

function anonymousPolicy() {
  return GsvPermissionPolicy.fromConfig(new ConfigReader({}), {
    userInfo: {
      getUserInfo: async () => ({
        userEntityRef: 'user:default/none',
        ownershipEntityRefs: people['user:default/bob'],
      }),
    },
  });
}

function verdict(result: AuthorizeResult | string): string {
  if (result === AuthorizeResult.ALLOW) return 'allow';
  if (result === AuthorizeResult.DENY) return 'deny';
  return `unexpected ${String(result)}`;
}

function renderTable(
  rows: Array<{ plugin: string; permission: string; decisions: string[] }>,
): string {
  return [
    '| Permission | Plugin | Anonymous | Owner | Non-owner | Platform team |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      r => `| \`${r.permission}\` | ${r.plugin} | ${r.decisions.join(' | ')} |`,
    ),
  ].join('\n');
}

/** The rows of the Markdown table in the file (other lines are prose). */
function readTable(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter(line => /^\| `/.test(line))
    .map(line =>
      line
        .split('|')
        .slice(1, -1)
        .map(cell => cell.trim().replace(/`/g, '')),
    );
}
