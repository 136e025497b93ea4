import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import {
  createTestContext,
  createCheckTestOptions,
  INITIATOR_AUTHORIZATION,
} from '../__testUtils__/actionTestKit';
import {
  ENGINE_BASE_URL,
  errorBody,
} from '../__testUtils__/FakeOperationsEngine';
import { createCheckDatabaseRestorableAction } from './checkDatabaseRestorable';

const DR_READINESS = `${ENGINE_BASE_URL}/entities/resource/default/cmp-postgres/dr-readiness`;

const neverRehearsed = {
  id: 'never-rehearsed',
  level: 'warning',
  message: 'No restore was ever rehearsed',
  hint: 'Rehearse a restore',
};

function line(name: string, walArchiving: 'ok' | 'failing' = 'ok') {
  return {
    cluster: 'gsv-dev',
    environment: 'dev',
    namespace: 'cmp',
    name,
    status: 'at-risk',
    window: {
      from: '2026-11-17T02:00:00.000Z',
      to: '2026-11-24T10:00:00.000Z',
      toSource: 'archiver-metric',
    },
    walArchiving,
    blockers:
      walArchiving === 'failing'
        ? [
            {
              id: 'wal-archiving-failing',
              level: 'critical',
              message: 'WAL archiving fails since 09:00',
              hint: 'Fix the object store',
            },
            neverRehearsed,
          ]
        : [neverRehearsed],
  };
}

describe('gsv:database:check-restorable', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const seen: Array<{ url: string; authorization: string | null }> = [];

  function serve(items: unknown[], status = 200) {
    seen.length = 0;
    server.use(
      http.get(DR_READINESS, ({ request }) => {
        seen.push({
          url: request.url,
          authorization: request.headers.get('authorization'),
        });
        if (status !== 200)
          return HttpResponse.json(
            errorBody(
              'NotFoundError',
              'No entity resource:default/cmp-postgres',
              status,
            ),
            { status },
          );
        return HttpResponse.json({
          generatedAt: '2026-11-24T10:00:00Z',
          items,
          metricErrors: [],
        });
      }),
    );
  }

  it('reads the DR readiness as the initiator and says a time inside the window is restorable', async () => {
    serve([line('cmp-postgres')]);
    const action = createCheckDatabaseRestorableAction(createCheckTestOptions());
    const { ctx } = createTestContext({
      entityRef: 'resource:default/cmp-postgres',
      cluster: 'gsv-dev',
      targetTime: '2026-11-24T10:00:00+01:00',
    });
    await action.handler(ctx);
    expect(seen).toEqual([
      {
        url: `${DR_READINESS}?cluster=gsv-dev`,
        authorization: INITIATOR_AUTHORIZATION,
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('restorable', true);
    expect(ctx.output).toHaveBeenCalledWith(
      'targetTime',
      '2026-11-24T09:00:00.000Z',
    );
    expect(ctx.output).toHaveBeenCalledWith('window', {
      from: '2026-11-17T02:00:00.000Z',
      to: '2026-11-24T10:00:00.000Z',
    });
    expect(ctx.output).toHaveBeenCalledWith('blockers', []);
    expect(ctx.output).toHaveBeenCalledWith('database', {
      cluster: 'gsv-dev',
      namespace: 'cmp',
      name: 'cmp-postgres',
    });
  });

  it('fails with the window and what shortens it when the time lies after the last archived WAL', async () => {
    serve([line('cmp-postgres', 'failing')]);
    const action = createCheckDatabaseRestorableAction(createCheckTestOptions());
    const { ctx } = createTestContext({
      entityRef: 'resource:default/cmp-postgres',
      targetTime: '2026-11-24T11:00:00Z',
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'cmp/cmp-postgres in gsv-dev cannot be restored to 2026-11-24T11:00:00.000Z: 2026-11-24T11:00:00.000Z is outside the recoverability window 2026-11-17T02:00:00.000Z – 2026-11-24T10:00:00.000Z; WAL archiving fails since 09:00',
    );
    expect(ctx.output).toHaveBeenCalledWith('restorable', false);
    expect(ctx.output).toHaveBeenCalledWith('blockers', [
      expect.objectContaining({ id: 'window-not-covering' }),
      expect.objectContaining({ id: 'wal-archiving-failing' }),
    ]);
  });

  it('checks 5 minutes ago by default and only reports when failWhenUnhealthy is false', async () => {
    serve([
      {
        ...line('cmp-postgres'),
        window: undefined,
        blockers: [
          {
            id: 'no-backups',
            level: 'critical',
            message: 'No backup',
            hint: 'Take one',
          },
        ],
      },
    ]);
    const action = createCheckDatabaseRestorableAction(createCheckTestOptions());
    const { ctx } = createTestContext({
      entityRef: 'resource:default/cmp-postgres',
      failWhenUnhealthy: false,
    });
    const before = Date.now();
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('restorable', false);
    const checked = Date.parse(
      ctx.output.mock.calls.find(([name]) => name === 'targetTime')![1],
    );
    expect(before - checked).toBeGreaterThanOrEqual(5 * 60_000 - 1000);
    expect(before - checked).toBeLessThanOrEqual(5 * 60_000 + 1000);
  });

  it('asks to name the database when the entity has several', async () => {
    serve([line('cmp-postgres'), line('cmp-postgres-analytics')]);
    const action = createCheckDatabaseRestorableAction(createCheckTestOptions());
    const { ctx } = createTestContext({
      entityRef: 'resource:default/cmp-postgres',
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /has 2 databases .*; name one with cluster, namespace and database/,
    );
    const named = createTestContext({
      entityRef: 'resource:default/cmp-postgres',
      database: 'cmp-postgres-analytics',
      targetTime: '2026-11-20T00:00:00Z',
    });
    await action.handler(named.ctx);
    expect(named.ctx.output).toHaveBeenCalledWith('database', {
      cluster: 'gsv-dev',
      namespace: 'cmp',
      name: 'cmp-postgres-analytics',
    });
  });

  it('refuses a target time without a zone before reading anything', async () => {
    serve([line('cmp-postgres')]);
    const action = createCheckDatabaseRestorableAction(createCheckTestOptions());
    const { ctx } = createTestContext({
      entityRef: 'resource:default/cmp-postgres',
      targetTime: '2026-11-24T10:00:00',
    });
    const error = await action.handler(ctx).catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(
      /targetTime: "2026-11-24T10:00:00" is not an ISO 8601 time with a zone/,
    );
    expect(seen).toEqual([]);
  });

  it('passes on the backend’s NotFoundError', async () => {
    serve([], 404);
    const action = createCheckDatabaseRestorableAction(createCheckTestOptions());
    const { ctx } = createTestContext({
      entityRef: 'resource:default/cmp-postgres',
    });
    const error = await action.handler(ctx).catch(e => e);
    expect(error.name).toBe('NotFoundError');
    expect(error.message).toBe(
      'Reading the DR readiness of resource:default/cmp-postgres: No entity resource:default/cmp-postgres',
    );
  });
});
