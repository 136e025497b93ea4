import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import type {
  Incident,
  IncidentDetail,
  OperationRecord,
} from '@gsv/plugin-gsv-ops-common';
import { startDevCluster, type DevCluster } from '@gsv/devcluster';
import type { Server } from 'node:http';
import request from 'supertest';
import { agentRegistryEntity, keycloakEntity } from '../__fixtures__/platform';
import { devClusterConfig } from '../__testUtils__/devClusterConfig';
import { FAST_TIMING } from '../operations/__testUtils__/testbed';
import { gsvOpsPlugin } from '../plugin';

jest.setTimeout(120_000);

const REGISTRY = 'component:default/agent-registry';
const JANE = mockCredentials.user.header('user:default/jane');
const ANN = mockCredentials.user.header('user:default/ann');
const users: Entity[] = ['jane', 'ann'].map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: {},
}));
const agentRegistry = {
  ...agentRegistryEntity,
  metadata: {
    ...agentRegistryEntity.metadata,
    annotations: {
      ...agentRegistryEntity.metadata.annotations,
      'gsv.io/prometheus-job': 'agent-registry',
    },
  },
};

/** Permissions denied to ann (by name); jane holds every one. */
const deniedToAnn = new Set<string>();

async function until<T>(
  read: () => Promise<T>,
  holds: (value: T) => boolean,
  what: string,
): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await read();
    if (holds(value)) return value;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the incidents routes', () => {
  const published: string[] = [];
  let cluster: DevCluster;
  let server: Server;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    cluster = await startDevCluster({
      port: 0,
      name: 'gsv-dev',
      clock: { speed: 10 },
      timing: FAST_TIMING,
    });
    const config = devClusterConfig(cluster);
    const backend = await startTestBackend({
      features: [
        gsvOpsPlugin,
        catalogServiceMock.factory({
          entities: [agentRegistry, keycloakEntity, ...users],
        }),
        mockServices.permissions.mock({
          authorize: async (requests, options) => {
            const user = (
              options?.credentials.principal as { userEntityRef?: string }
            ).userEntityRef;
            return requests.map(r => ({
              result:
                user === 'user:default/ann' &&
                deniedToAnn.has(r.permission.name)
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            }));
          },
        }).factory,
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => ({ publish: async signal => void published.push(signal.channel) }),
        }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: config.kubernetes,
            gsvOps: {
              pvcUsage: { source: 'none' },
              operations: { verifySeconds: 1 },
              clusters: config.clusters,
            },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
    await until(
      () =>
        request(server)
          .get('/api/gsv-ops/entities/component/default/agent-registry/view')
          .set('Authorization', JANE),
      res => res.status === 200 && res.body.clusters?.[0]?.cluster.synced,
      'the cluster to sync',
    );
  });

  afterAll(async () => {
    await stop?.();
    await cluster?.stop();
  });

  beforeEach(() => deniedToAnn.clear());

  const declare = (auth: string, body: object) =>
    request(server)
      .post('/api/gsv-ops/incidents')
      .set('Authorization', auth)
      .send(body);

  it('validates input, needs a user, and answers 403 without gsv-ops.incident.manage', async () => {
    const valid = {
      entityRef: REGISTRY,
      severity: 'P2',
      summary: 'Registry answers 503',
    };
    expect((await declare('', valid)).status).toBe(401);
    const bad = [
      { ...valid, severity: 'P5' },
      { ...valid, summary: '' },
      { ...valid, entityRef: 'not a ref:' },
      { ...valid, commander: 'group:default/cmp-team' },
      { ...valid, commander: 'user:default/nobody' },
      { ...valid, extra: 1 },
    ];
    for (const body of bad) {
      const res = await declare(JANE, body);
      expect([res.status, res.body.error?.name]).toEqual([400, 'InputError']);
      expect(JSON.stringify(res.body)).not.toMatch(
        /stack|node_modules|\.ts:\d+/,
      );
    }
    expect(
      (await declare(JANE, { ...valid, entityRef: 'component:default/nope' }))
        .status,
    ).toBe(404);
    deniedToAnn.add('gsv-ops.incident.manage');
    const denied = await declare(ANN, valid);
    expect([denied.status, denied.body.error.message]).toEqual([
      403,
      expect.stringContaining('gsv-ops.incident.manage'),
    ]);
    expect(
      (
        await request(server)
          .get('/api/gsv-ops/incidents/GSV-INC-nope')
          .set('Authorization', JANE)
      ).status,
    ).toBe(400);
    expect(
      (
        await request(server)
          .get('/api/gsv-ops/incidents/GSV-INC-0000FFFF')
          .set('Authorization', JANE)
      ).status,
    ).toBe(404);
  });

  it('declares one open incident per service, with its timeline, notes, changes and record', async () => {
    const declared = await declare(JANE, {
      entityRef: REGISTRY,
      severity: 'P3',
      summary: 'Registry answers 503',
    });
    expect(declared.status).toBe(201);
    const incident = declared.body as Incident;
    expect(incident).toMatchObject({
      status: 'open',
      severity: 'P3',
      commander: 'user:default/jane',
      declaredBy: 'user:default/jane',
    });
    expect(incident.id).toMatch(/^GSV-INC-[0-9A-F]{8}$/);
    // whoever has the Ops tab open is told at once
    await until(
      async () => published,
      channels => channels.includes('gsv-ops:incidents:component:default/agent-registry'),
      'the incidents signal of agent-registry',
    );

    const second = await declare(JANE, {
      entityRef: REGISTRY,
      severity: 'P1',
      summary: 'again',
    });
    expect([second.status, second.body.error.name]).toEqual([
      409,
      'ConflictError',
    ]);

    const path = `/api/gsv-ops/incidents/${incident.id}`;
    // Reading needs gsv-ops.entity.read; managing needs gsv-ops.incident.manage.
    deniedToAnn.add('gsv-ops.entity.read');
    expect(
      (await request(server).get(path).set('Authorization', ANN)).status,
    ).toBe(403);
    const listed = await request(server)
      .get('/api/gsv-ops/incidents?status=open')
      .set('Authorization', ANN);
    expect(listed.body.items).toEqual([]);
    deniedToAnn.clear();
    deniedToAnn.add('gsv-ops.incident.manage');
    expect(
      (
        await request(server)
          .post(`${path}/notes`)
          .set('Authorization', ANN)
          .send({ text: 'hi' })
      ).status,
    ).toBe(403);
    expect(
      (
        await request(server)
          .get(`/api/gsv-ops/incidents?entityRef=${REGISTRY}&status=open`)
          .set('Authorization', ANN)
      ).body.items,
    ).toHaveLength(1);

    const changed = await request(server)
      .patch(path)
      .set('Authorization', JANE)
      .send({ severity: 'P2', commander: 'user:default/ann' });
    expect(changed.body).toMatchObject({
      severity: 'P2',
      commander: 'user:default/ann',
    });
    expect(
      (
        await request(server)
          .patch(path)
          .set('Authorization', JANE)
          .send({ severity: 'P2' })
      ).status,
    ).toBe(400);
    expect(
      (
        await request(server)
          .post(`${path}/notes`)
          .set('Authorization', JANE)
          .send({ text: 'Restarting the registry' })
      ).status,
    ).toBe(201);

    // The override must name this open incident, with its severity now; a GSV-INC id that is not declared fails.
    const dryRun = {
      runbook: 'deployment-restart',
      entityRef: REGISTRY,
      cluster: 'gsv-dev',
      parameters: { namespace: 'cmp', deployment: 'agent-registry' },
      dryRun: true,
    };
    const start = (body: object) =>
      request(server)
        .post('/api/gsv-ops/operations')
        .set('Authorization', JANE)
        .send(body);
    const unknown = await start({
      ...dryRun,
      incident: { id: 'GSV-INC-0000FFFF', severity: 'P2' },
    });
    expect([unknown.status, unknown.body.error.message]).toEqual([
      400,
      expect.stringContaining('No incident GSV-INC-0000FFFF was declared'),
    ]);
    const wrongSeverity = await start({
      ...dryRun,
      incident: { id: incident.id, severity: 'P1' },
    });
    expect([wrongSeverity.status, wrongSeverity.body.error.message]).toEqual([
      400,
      `Incident ${incident.id} is P2, not P1`,
    ]);
    // An external tracker's id is still accepted, as before.
    expect(
      (await start({ ...dryRun, incident: { id: 'INC-1234', severity: 'P1' } }))
        .status,
    ).toBe(201);
    const reviewed = await start({
      ...dryRun,
      incident: { id: incident.id, severity: 'P2' },
    });
    expect(reviewed.status).toBe(201);
    const real = await start({
      ...dryRun,
      dryRun: false,
      reviewedDryRunId: reviewed.body.id,
      incident: { id: incident.id, severity: 'P2' },
    });
    expect(real.status).toBe(201);
    const finished = await until(
      () =>
        request(server)
          .get(`/api/gsv-ops/operations/${real.body.id}`)
          .set('Authorization', JANE),
      res => Boolean((res.body as OperationRecord).finishedAt),
      'the restart to finish',
    );
    expect(finished.body.status).toBe('succeeded');

    const detail = (await request(server).get(path).set('Authorization', JANE))
      .body as IncidentDetail;
    const kinds = detail.timeline.map(e => e.kind);
    // Alerts that fired before the declaration come first, with their own start.
    expect(kinds.filter(k => k !== 'alert-fired')[0]).toBe('declared');
    expect(kinds).toEqual(
      expect.arrayContaining([
        'change',
        'note',
        'alert-fired',
        'operation-started',
        'operation-ended',
      ]),
    );
    expect(
      detail.timeline.find(e => e.kind === 'alert-fired')?.title,
    ).toContain('PersistentVolumeFillingUp');
    expect(detail.timeline.find(e => e.kind === 'operation-ended')?.title).toBe(
      'Restart deployment of Deployment cmp/agent-registry in gsv-dev: succeeded',
    );
    const times = detail.timeline
      .filter(e => e.kind !== 'alert-fired')
      .map(e => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    expect(
      (
        await request(server)
          .get(`${path}/record.md`)
          .set('Authorization', JANE)
      ).status,
    ).toBe(409);
    const resolved = await request(server)
      .post(`${path}/resolve`)
      .set('Authorization', JANE);
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      resolvedBy: 'user:default/jane',
    });
    expect(
      (await request(server).post(`${path}/resolve`).set('Authorization', JANE))
        .status,
    ).toBe(409);
    // Resolved: it no longer overrides a window.
    const late = await start({
      ...dryRun,
      incident: { id: incident.id, severity: 'P2' },
    });
    expect([late.status, late.body.error.message]).toEqual([
      400,
      expect.stringContaining('no longer overrides'),
    ]);

    const record = await request(server)
      .get(`${path}/record.md`)
      .set('Authorization', JANE);
    expect(record.status).toBe(200);
    expect(record.headers['content-type']).toMatch(/^text\/markdown/);
    expect(record.text).toContain(
      `# Post-incident record: ${incident.id} — Registry answers 503`,
    );
    expect(record.text).toContain('- **Severity:** P2');
    expect(record.text).toContain('- **Commander:** user:default/ann');
    expect(record.text).toMatch(
      /- \*\*Declared → first operation:\*\* \d.* \(Restart deployment of Deployment cmp\/agent-registry in gsv-dev\)/,
    );
    expect(record.text).toMatch(
      /\| Restart deployment of Deployment cmp\/agent-registry in gsv-dev \| user:default\/jane \| succeeded: /,
    );
    expect(record.text).toContain('user:default/jane: Restarting the registry');

    // Once resolved, the service may have a new incident.
    expect(
      (
        await declare(JANE, {
          entityRef: REGISTRY,
          severity: 'P4',
          summary: 'Slow again',
        })
      ).status,
    ).toBe(201);
  });
});
