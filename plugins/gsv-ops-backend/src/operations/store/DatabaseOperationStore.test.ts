import type { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseLockManager } from './DatabaseLockManager';
import { DatabaseOperationStore } from './DatabaseOperationStore';
import { applyOperationsMigrations } from './migrations';
import type { NewOperation } from './types';

const { databases, ids } = createTestDatabases();

function newOperation(id: string, overrides: Partial<NewOperation> = {}): NewOperation {
  return {
    id,
    runbook: 'deployment-restart',
    entityRef: 'component:default/agent-registry',
    cluster: 'dev',
    environment: 'dev',
    target: { kind: 'Deployment', namespace: 'cmp', name: 'agent-registry' },
    parameters: { namespace: 'cmp', deployment: 'agent-registry', timeoutSeconds: 300 },
    dryRun: false,
    initiatedBy: 'user:default/jane',
    origin: 'scaffolder-task:t-1',
    holder: 'instance-a',
    createdAt: 1_000,
    leaseExpiresAt: 61_000,
    steps: [
      { index: 0, name: 'validate', status: 'succeeded', message: 'ok', startedAt: new Date(1000).toISOString(), finishedAt: new Date(1001).toISOString() },
    ],
    ...overrides,
  };
}

describe.each(ids.map(id => [id]))('operations store and locks on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseOperationStore;
  let locks: DatabaseLockManager;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyOperationsMigrations(knex);
    // Migrating twice is a no-op (every backend replica runs it at start).
    await applyOperationsMigrations(knex);
    store = new DatabaseOperationStore(knex);
    locks = new DatabaseLockManager(knex);
  }, 60_000);

  afterAll(async () => {
    await knex?.destroy();
  });

  it('records an operation with its steps, outcome and timings', async () => {
    await store.create(newOperation('op-1', { incident: { id: 'INC-42', severity: 'P1' } }));
    await store.markRunning('op-1', 2_000);
    const planIndex = await store.addStep('op-1', {
      name: 'plan',
      status: 'running',
      message: 'planning',
      startedAt: new Date(2_000).toISOString(),
    });
    expect(planIndex).toBe(1);
    await store.updateStep('op-1', planIndex, {
      status: 'succeeded',
      message: 'would patch deployment cmp/agent-registry',
      finishedAt: new Date(2_500).toISOString(),
      detail: { object: { kind: 'Deployment', namespace: 'cmp', name: 'agent-registry' }, diff: '-a\n+b' },
    });
    expect(await store.finish('op-1', { status: 'succeeded', summary: 'Restarted', result: { revision: 4 } }, 3_000)).toBe(true);
    // A second end (e.g. the janitor racing the runner) does not overwrite the first.
    expect(await store.finish('op-1', { status: 'interrupted', summary: 'lost' }, 4_000)).toBe(false);

    const op = await store.get('op-1');
    expect(op).toMatchObject({
      id: 'op-1',
      runbook: 'deployment-restart',
      status: 'succeeded',
      summary: 'Restarted',
      result: { revision: 4 },
      dryRun: false,
      initiatedBy: 'user:default/jane',
      origin: 'scaffolder-task:t-1',
      incident: { id: 'INC-42', severity: 'P1' },
      target: { kind: 'Deployment', namespace: 'cmp', name: 'agent-registry' },
      parameters: { namespace: 'cmp', deployment: 'agent-registry', timeoutSeconds: 300 },
      createdAt: new Date(1_000).toISOString(),
      startedAt: new Date(2_000).toISOString(),
      finishedAt: new Date(3_000).toISOString(),
    });
    expect(op!.steps.map(s => [s.index, s.name, s.status])).toEqual([
      [0, 'validate', 'succeeded'],
      [1, 'plan', 'succeeded'],
    ]);
    expect(op!.steps[1].detail).toEqual({
      object: { kind: 'Deployment', namespace: 'cmp', name: 'agent-registry' },
      diff: '-a\n+b',
    });
    expect(op!.leaseExpiresAt).toBeUndefined();
  });

  it('lists the most recent operations first, per entity, with a limit', async () => {
    for (let i = 0; i < 5; i++) {
      await store.create(
        newOperation(`list-${i}`, {
          entityRef: i % 2 ? 'component:default/keycloak' : 'component:default/cmp',
          createdAt: 10_000 + i,
        }),
      );
    }
    const cmp = await store.list({ entityRef: 'component:default/cmp', limit: 10 });
    expect(cmp.map(o => o.id)).toEqual(['list-4', 'list-2', 'list-0']);
    expect(cmp[0].steps).toHaveLength(1);
    const two = await store.list({ limit: 2 });
    expect(two.map(o => o.id)).toEqual(['list-4', 'list-3']);
  });

  it('finds the latest successful real run of a runbook per target, and on one target (not dry runs, not failures)', async () => {
    const restore = async (id: string, name: string, finishedAt: number, status: 'succeeded' | 'failed' = 'succeeded', dryRun = false) => {
      await store.create(newOperation(id, { runbook: 'database-restore', dryRun, target: { kind: 'Cluster', namespace: 'cmp', name }, createdAt: 30_000 }));
      await store.finish(id, { status, summary: status }, finishedAt);
    };
    await restore('restore-old', 'cmp-postgres', 31_000);
    await restore('restore-new', 'cmp-postgres', 32_000);
    await restore('restore-failed', 'cmp-postgres', 33_000, 'failed');
    await restore('restore-dry', 'cmp-postgres', 34_000, 'succeeded', true);
    await restore('restore-other', 'other-postgres', 31_500);
    const last = await store.lastSucceededPerTarget('database-restore');
    expect(last.map(o => [o.id, o.target.name, o.finishedAt]).sort()).toEqual([
      ['restore-new', 'cmp-postgres', new Date(32_000).toISOString()],
      ['restore-other', 'other-postgres', new Date(31_500).toISOString()],
    ]);
    expect(await store.lastSucceededPerTarget('database-scale')).toEqual([]);
    const cmpPostgres = { kind: 'Cluster', namespace: 'cmp', name: 'cmp-postgres' };
    expect((await store.lastSucceededOn('database-restore', 'dev', cmpPostgres))?.id).toBe('restore-new');
    expect(await store.lastSucceededOn('database-restore', 'prod', cmpPostgres)).toBeUndefined();
    expect(await store.lastSucceededOn('database-backup', 'dev', cmpPostgres)).toBeUndefined();
  });

  it('finds operations whose lease expired, and renews only live ones', async () => {
    await store.create(newOperation('lease-1', { leaseExpiresAt: 50_000, createdAt: 20_000 }));
    expect(await store.renewLease('lease-1', 'instance-b', 90_000)).toBe(false);
    expect(await store.renewLease('lease-1', 'instance-a', 90_000)).toBe(true);
    expect((await store.listExpired(80_000)).map(o => o.id)).not.toContain('lease-1');
    expect((await store.listExpired(95_000)).map(o => o.id)).toContain('lease-1');
    await store.finish('lease-1', { status: 'interrupted', summary: 'backend died' }, 95_000);
    expect((await store.listExpired(1e12)).map(o => o.id)).not.toContain('lease-1');
    expect(await store.renewLease('lease-1', 'instance-a', 200_000)).toBe(false);
  });

  it('records a cancel request once', async () => {
    await store.create(newOperation('cancel-1'));
    expect(await store.cancelRequest('cancel-1')).toBeUndefined();
    await store.requestCancel('cancel-1', 'user:default/jane', 5_000);
    await store.requestCancel('cancel-1', 'user:default/joe', 6_000);
    const op = await store.get('cancel-1');
    expect(op).toMatchObject({ cancelRequestedAt: 5_000, cancelRequestedBy: 'user:default/jane' });
    expect(await store.cancelRequest('cancel-1')).toEqual({ by: 'user:default/jane', at: 5_000 });
  });

  it('deletes ended operations older than a cutoff with their steps, never running ones, dry runs apart', async () => {
    const ended = async (id: string, finishedAt: number, dryRun = false) => {
      await store.create(newOperation(id, { dryRun, entityRef: 'component:default/retention', createdAt: 1 }));
      await store.finish(id, { status: 'succeeded', summary: 'done' }, finishedAt);
    };
    // (times before those of the other tests' operations, which share the database)
    await ended('old-1', 100);
    await ended('old-2', 200);
    await ended('recent', 900);
    await ended('old-dry-run', 100, true);
    await store.create(newOperation('still-running', { entityRef: 'component:default/retention', createdAt: 1 }));
    await store.markRunning('still-running', 50);

    expect(await store.deleteEnded({ dryRun: false, finishedBefore: 500, limit: 1 })).toBe(1);
    expect(await store.get('old-1')).toBeUndefined(); // oldest first
    expect(await store.deleteEnded({ dryRun: false, finishedBefore: 500, limit: 10 })).toBe(1);
    expect(await store.deleteEnded({ dryRun: false, finishedBefore: 500, limit: 10 })).toBe(0);
    const left = await store.list({ entityRef: 'component:default/retention', limit: 10 });
    expect(left.map(o => o.id).sort()).toEqual(['old-dry-run', 'recent', 'still-running']);
    expect(await knex('gsv_ops_operation_steps').whereIn('operation_id', ['old-1', 'old-2'])).toEqual([]);

    expect(await store.deleteEnded({ dryRun: true, finishedBefore: 500, limit: 10 })).toBe(1);
    expect(await store.get('old-dry-run')).toBeUndefined();
    expect(await store.get('still-running')).toMatchObject({ status: 'running' });
  });

  it('gives concurrent step writers distinct indexes (a janitor and a late holder)', async () => {
    await store.create(newOperation('steps-race', { steps: [] }));
    const at = new Date(1_000).toISOString();
    const indexes = await Promise.all(
      Array.from({ length: 6 }, (_, i) => store.addStep('steps-race', { name: `s${i}`, status: 'succeeded', message: 'm', startedAt: at })),
    );
    expect([...indexes].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect((await store.get('steps-race'))!.steps).toHaveLength(6);
  });

  it('gives a target to one operation at a time and names the holder', async () => {
    const target = 'dev/Deployment/cmp/agent-registry';
    await expect(
      locks.acquire({ targets: [target], operationId: 'a', holder: 'i1', now: 1_000, leaseMs: 60_000 }),
    ).resolves.toEqual({ acquired: true });
    const second = await locks.acquire({ targets: [target], operationId: 'b', holder: 'i2', now: 2_000, leaseMs: 60_000 });
    expect(second).toEqual({
      acquired: false,
      heldBy: { target, operationId: 'a', holder: 'i1', acquiredAt: 1_000, expiresAt: 61_000 },
    });
    expect(await locks.renew({ targets: [target], operationId: 'a', now: 30_000, leaseMs: 60_000 })).toBe(true);
    // Still held at 70 s thanks to the renewal.
    expect(
      (await locks.acquire({ targets: [target], operationId: 'b', holder: 'i2', now: 70_000, leaseMs: 60_000 })).acquired,
    ).toBe(false);
    await locks.release({ operationId: 'a' });
    expect(
      (await locks.acquire({ targets: [target], operationId: 'b', holder: 'i2', now: 71_000, leaseMs: 60_000 })).acquired,
    ).toBe(true);
    await locks.release({ operationId: 'b' });
  });

  it('lets an expired lease be taken over, and the old holder then knows it lost the lock', async () => {
    const target = 'dev/Cluster/cmp/cmp-postgres';
    await locks.acquire({ targets: [target], operationId: 'dead', holder: 'i1', now: 0, leaseMs: 10_000 });
    expect((await locks.holderOf(target, 5_000))?.operationId).toBe('dead');
    expect(await locks.holderOf(target, 10_000)).toBeUndefined();
    expect(
      (await locks.acquire({ targets: [target], operationId: 'next', holder: 'i2', now: 10_001, leaseMs: 10_000 })).acquired,
    ).toBe(true);
    expect(await locks.renew({ targets: [target], operationId: 'dead', now: 10_002, leaseMs: 10_000 })).toBe(false);
    await locks.release({ operationId: 'next' });
  });

  it('takes several targets all or nothing', async () => {
    const a = 'dev/Namespace//cmp';
    const b = 'dev/Deployment/cmp/agent-registry-worker';
    await locks.acquire({ targets: [b], operationId: 'holder-b', holder: 'i1', now: 0, leaseMs: 60_000 });
    const result = await locks.acquire({ targets: [a, b], operationId: 'both', holder: 'i2', now: 1, leaseMs: 60_000 });
    expect(result).toMatchObject({ acquired: false, heldBy: { target: b, operationId: 'holder-b' } });
    // Nothing of the failed attempt stays behind.
    expect(await locks.holderOf(a, 2)).toBeUndefined();
    await locks.release({ operationId: 'holder-b' });
    expect((await locks.acquire({ targets: [a, b], operationId: 'both', holder: 'i2', now: 3, leaseMs: 60_000 })).acquired).toBe(true);
    expect(await locks.sweep(60_003)).toBe(2);
  });

  it('decides races between concurrent acquirers: exactly one wins', async () => {
    const target = 'dev/Certificate/cmp/agent-registry-tls';
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        locks.acquire({ targets: [target], operationId: `racer-${i}`, holder: `i${i}`, now: 100, leaseMs: 60_000 }),
      ),
    );
    const winners = results.filter(r => r.acquired);
    expect(winners).toHaveLength(1);
    const holder = await locks.holderOf(target, 101);
    const losers = results.flatMap(r => (r.acquired ? [] : [r.heldBy.operationId]));
    expect(losers).toEqual(Array(7).fill(holder!.operationId));
    await locks.release({ operationId: holder!.operationId });
  });
});
