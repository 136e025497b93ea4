import type { Knex } from 'knex';
import { createTestDatabases } from '../operations/__testUtils__/databases';
import { applyOperationsMigrations } from '../operations/store/migrations';
import { DatabaseIncidentStore } from './DatabaseIncidentStore';
import type { NewIncident } from './types';

const { databases, ids } = createTestDatabases();

const REGISTRY = 'component:default/agent-registry';

function newIncident(
  id: string,
  overrides: Partial<NewIncident> = {},
): NewIncident {
  return {
    id,
    entityRef: REGISTRY,
    severity: 'P2',
    summary: 'Registry answers 503',
    commander: 'user:default/jane',
    declaredBy: 'user:default/jane',
    declaredAt: 1_000,
    ...overrides,
  };
}

describe.each(ids.map(id => [id]))('incident store on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseIncidentStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyOperationsMigrations(knex);
    store = new DatabaseIncidentStore(knex);
  }, 60_000);

  afterAll(async () => {
    await knex?.destroy();
  });

  it('declares, changes, notes and resolves an incident', async () => {
    const declared = await store.create(newIncident('GSV-INC-00000001'));
    expect(declared).toEqual({
      id: 'GSV-INC-00000001',
      entityRef: REGISTRY,
      severity: 'P2',
      summary: 'Registry answers 503',
      commander: 'user:default/jane',
      status: 'open',
      declaredBy: 'user:default/jane',
      declaredAt: new Date(1_000).toISOString(),
      notes: [],
    });
    expect(await store.findOpen(REGISTRY)).toMatchObject({
      id: 'GSV-INC-00000001',
    });

    const at = new Date(2_000).toISOString();
    expect(
      await store.update(
        'GSV-INC-00000001',
        { severity: 'P1' },
        { author: 'user:default/joe', at, text: 'severity: P2 → P1' },
      ),
    ).toBe(true);
    await store.addNote('GSV-INC-00000001', {
      author: 'user:default/joe',
      at: new Date(3_000).toISOString(),
      kind: 'note',
      text: 'Rolled back',
    });
    expect(
      await store.resolve('GSV-INC-00000001', 'user:default/joe', 4_000),
    ).toBe(true);
    // Resolving twice, or changing a resolved incident, changes nothing.
    expect(
      await store.resolve('GSV-INC-00000001', 'user:default/ann', 5_000),
    ).toBe(false);
    expect(
      await store.update(
        'GSV-INC-00000001',
        { summary: 'late' },
        { author: 'user:default/ann', at, text: 'x' },
      ),
    ).toBe(false);

    expect(await store.get('GSV-INC-00000001')).toMatchObject({
      severity: 'P1',
      summary: 'Registry answers 503',
      status: 'resolved',
      resolvedBy: 'user:default/joe',
      resolvedAt: new Date(4_000).toISOString(),
      notes: [
        {
          author: 'user:default/joe',
          at,
          kind: 'change',
          text: 'severity: P2 → P1',
        },
        {
          author: 'user:default/joe',
          at: new Date(3_000).toISOString(),
          kind: 'note',
          text: 'Rolled back',
        },
      ],
    });
    expect(await store.findOpen(REGISTRY)).toBeUndefined();
  });

  it('keeps one open incident per service, also when two are declared at once', async () => {
    const entityRef = 'component:default/keycloak';
    const results = await Promise.allSettled([
      store.create(newIncident('GSV-INC-00000002', { entityRef })),
      store.create(newIncident('GSV-INC-00000003', { entityRef })),
    ]);
    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find(
      r => r.status === 'rejected',
    ) as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('already has an open incident'),
    });

    const open = (await store.findOpen(entityRef))!;
    await store.resolve(open.id, 'user:default/jane', 9_000);
    // Once resolved, a new incident may be declared.
    await expect(
      store.create(
        newIncident('GSV-INC-00000004', { entityRef, declaredAt: 10_000 }),
      ),
    ).resolves.toMatchObject({ status: 'open' });
    expect((await store.list({ entityRef, limit: 10 })).map(i => i.id)).toEqual(
      ['GSV-INC-00000004', open.id],
    );
    expect(
      (await store.list({ entityRef, status: 'resolved', limit: 10 })).map(
        i => i.id,
      ),
    ).toEqual([open.id]);
  });

  it('keeps the alerts and events it observed, and when an alert stopped firing', async () => {
    const { id } = await store.create(
      newIncident('GSV-INC-00000005', {
        entityRef: 'component:default/observed',
      }),
    );
    const alert = {
      key: 'alert:gsv-dev:abc',
      kind: 'alert' as const,
      at: 500,
      title: 'HighLatency (critical) in gsv-dev',
    };
    const otherCluster = {
      key: 'alert:gsv-prod:def',
      kind: 'alert' as const,
      at: 600,
      title: 'HighLatency (critical) in gsv-prod',
    };
    const event = {
      key: 'event:gsv-dev:Pod cmp/x:BackOff:t',
      kind: 'event' as const,
      at: 1_500,
      title: 'BackOff',
      detail: 'once',
    };
    await store.observe(id, [alert, otherCluster, event]);
    await store.observe(id, [
      { ...event, at: 1_800, detail: 'Back-off (3 times)' },
    ]);
    await store.resolveAlertsNotFiring(id, 'gsv-dev', [], 2_000);
    // A later look does not move the time it was first seen no longer firing.
    await store.resolveAlertsNotFiring(id, 'gsv-dev', [], 3_000);

    expect(await store.observations(id)).toEqual([
      { ...alert, resolvedAt: 2_000 },
      otherCluster,
      { ...event, at: 1_800, detail: 'Back-off (3 times)' },
    ]);
  });
});
