import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  eventually,
  startComposedBackend,
  type ComposedBackend,
} from './__testUtils__/composedBackend';

/**
 * GSV Ops and the notifications backend composed as packages/backend does: a real run that ends reaches its
 * requester's notifications, and the daily check tells an entity's owners about its conditions once per day — both
 * read back through the notifications backend's own API.
 */

jest.setTimeout(180_000);

let backend: ComposedBackend;

beforeAll(async () => {
  // the real scheduler: its trigger route runs the check on demand (no initial delay to wait out)
  backend = await startComposedBackend({
    features: [schedulerServiceFactory],
    notifications: {
      schedule: { frequency: { hours: 24 }, timeout: { minutes: 5 } },
    },
  });
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

const CHECK =
  '/api/gsv-ops/.backstage/scheduler/v1/tasks/gsv-ops.notify-entity-conditions';

/** Runs the scheduled check now (the scheduler's own trigger route) and waits until that run has ended. */
async function runCheck() {
  const lastEnded = async () => {
    const tasks = await request(backend.server)
      .get('/api/gsv-ops/.backstage/scheduler/v1/tasks')
      .set('Authorization', jane);
    const task = tasks.body.tasks.find(
      (t: any) => t.taskId === 'gsv-ops.notify-entity-conditions',
    );
    return task?.taskState?.lastRunEndedAt as string | undefined;
  };
  const before = await lastEnded();
  const triggered = await request(backend.server)
    .post(`${CHECK}/trigger`)
    .set('Authorization', jane);
  expect(triggered.status).toBe(200);
  await eventually(async () => {
    expect(await lastEnded()).not.toBe(before);
  });
}

async function conditionNotifications() {
  const list = await request(backend.server)
    .get('/api/notifications')
    .set('Authorization', jane);
  return list.body.notifications.filter((n: any) =>
    n.payload.scope?.startsWith('gsv-ops:condition:'),
  );
}

it("tells an entity's owners about its conditions once per day, however often the check runs", async () => {
  await runCheck();
  const first = await conditionNotifications();
  expect(first.length).toBeGreaterThan(0);
  for (const n of first) {
    expect(n.payload).toMatchObject({
      topic: 'GSV Ops',
      severity: expect.stringMatching(/^(critical|high)$/),
      link: expect.stringMatching(
        /^http:\/\/localhost:3000\/catalog\/default\/\w+\/[\w-]+\/ops$/,
      ),
    });
  }
  // the next runs may find conditions that were not visible yet (e.g. volume usage, measured a moment later), but
  // never send one again: what was sent stays as it was, and each condition has one notification
  await runCheck();
  const second = await conditionNotifications();
  await runCheck();
  const third = await conditionNotifications();
  const sent = (list: any[]) =>
    list.map(n => [n.id, n.payload.scope, n.created, n.updated]).sort();
  expect(sent(second)).toEqual(expect.arrayContaining(sent(first)));
  expect(sent(third)).toEqual(sent(second));
  const scopes = third.map((n: any) => n.payload.scope);
  expect(new Set(scopes).size).toBe(scopes.length);
});
