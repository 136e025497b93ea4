import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  eventually,
  startComposedBackend,
  type ComposedBackend,
} from './__testUtils__/composedBackend';

/**
 * GSV Ops and the notifications backend composed as packages/backend does: a real run that ends reaches its
 * requester's notifications, read back through the notifications backend's own API.
 */

jest.setTimeout(180_000);

let backend: ComposedBackend;

beforeAll(async () => {
  backend = await startComposedBackend();
});

afterAll(async () => {
  await backend?.stop();
});

const jane = mockCredentials.user.header('user:default/jane');

it("tells the requester when a real restart ends, linking to the service's Ops tab", async () => {
  const start = (body: object) =>
    request(backend.server)
      .post('/api/gsv-ops/operations')
      .set('Authorization', jane)
      .send({
        runbook: 'deployment-restart',
        entityRef: 'component:default/agent-registry',
        cluster: 'gsv-dev',
        parameters: { namespace: 'cmp', deployment: 'agent-registry' },
        ...body,
      });
  const dryRun = await start({ dryRun: true });
  expect(dryRun.status).toBe(201);
  const run = await start({ dryRun: false, reviewedDryRunId: dryRun.body.id });
  expect(run.status).toBe(201);

  await eventually(async () => {
    const list = await request(backend.server)
      .get('/api/notifications')
      .set('Authorization', jane);
    expect(list.status).toBe(200);
    const mine = list.body.notifications.filter(
      (n: any) => n.payload.scope === `gsv-ops:operation:${run.body.id}`,
    );
    expect(mine).toEqual([
      expect.objectContaining({
        user: 'user:default/jane',
        payload: expect.objectContaining({
          title: 'Restart deployment on agent-registry (gsv-dev) succeeded',
          severity: 'normal',
          topic: 'GSV Ops',
          link: 'http://localhost:3000/catalog/default/component/agent-registry/ops',
        }),
      }),
    ]);
  });
  // the dry run told nobody
  const all = await request(backend.server)
    .get('/api/notifications')
    .set('Authorization', jane);
  expect(
    all.body.notifications.filter((n: any) =>
      n.payload.scope?.includes(dryRun.body.id),
    ),
  ).toEqual([]);
});
