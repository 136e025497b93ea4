import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { EntityOpsView } from '@gsv/plugin-gsv-ops-common';
import type { Knex } from 'knex';
import { createTestDatabases } from '../operations/__testUtils__/databases';
import { applyOperationsMigrations } from '../operations/store/migrations';
import { EntityConditionCheck, ownersOf } from './EntityConditionCheck';
import { NotifiedConditionStore } from './NotifiedConditionStore';
import { noopOpsNotifier } from './OpsNotifier';

const { databases, ids } = createTestDatabases();
jest.setTimeout(60_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'agent-registry', namespace: 'default', annotations: { 'backstage.io/kubernetes-id': 'agent-registry' } },
  spec: { owner: 'cmp', type: 'service', lifecycle: 'production' },
};

/** An Ops view with one expiring certificate (5 days) in gsv-prod. */
function viewWithExpiringCertificate(): EntityOpsView {
  const finding = { level: 'critical' as const, code: 'certificate.expiring', reason: 'Certificate cmp/agent-registry-tls expires in 5 days' };
  return {
    entityRef: 'component:default/agent-registry',
    clusters: [
      {
        cluster: { name: 'gsv-prod' },
        certificates: [{ namespace: 'cmp', name: 'agent-registry-tls', daysToExpiry: 5, findings: [finding] }],
        databases: [],
        pvcs: [],
      },
    ],
  } as unknown as EntityOpsView;
}

describe.each(ids)('EntityConditionCheck on %s', databaseId => {
  let knex: Knex;
  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyOperationsMigrations(knex);
  });
  afterAll(async () => {
    await knex?.destroy();
  });

  function replica(now: () => number) {
    const entityCondition = jest.fn().mockResolvedValue(undefined);
    const check = new EntityConditionCheck({
      catalog: catalogServiceMock({ entities: [entity] }),
      auth: mockServices.auth(),
      views: { getEntityView: async () => ({ notModified: false as const, value: viewWithExpiringCertificate() }) },
      claims: new NotifiedConditionStore(knex),
      notifier: { ...noopOpsNotifier, entityCondition },
      certificateDays: 7,
      logger: mockServices.logger.mock(),
      now,
    });
    return { check, entityCondition };
  }

  it('tells the owners once per condition per day, however many replicas check', async () => {
    let clock = Date.parse('2026-12-07T08:00:00Z');
    const a = replica(() => clock);
    const b = replica(() => clock);
    const results = await Promise.all([a.check.run(), b.check.run(), a.check.run()]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(1);
    const calls = [...a.entityCondition.mock.calls, ...b.entityCondition.mock.calls];
    expect(calls).toEqual([
      [
        {
          entityRef: 'component:default/agent-registry',
          owners: ['group:default/cmp'],
          condition: expect.objectContaining({ key: 'gsv-prod:certificate:cmp/agent-registry-tls:expiry', cluster: 'gsv-prod' }),
        },
      ],
    ]);

    clock += 24 * 3600_000; // the next day: again, once
    const next = await Promise.all([a.check.run(), b.check.run()]);
    expect(next.reduce((n, r) => n + r.sent, 0)).toBe(1);
  });

  it('forgets claims after a week', async () => {
    const store = new NotifiedConditionStore(knex);
    const claim = { entityRef: 'component:default/x', conditionKey: 'k', at: 0 };
    expect(await store.claim({ ...claim, day: '2026-11-01' })).toBe(true);
    expect(await store.claim({ ...claim, day: '2026-11-01' })).toBe(false);
    expect(await store.deleteBefore('2026-11-02')).toBeGreaterThanOrEqual(1);
    expect(await store.claim({ ...claim, day: '2026-11-01' })).toBe(true);
  });
});

describe('ownersOf', () => {
  it('reads the ownedBy relations, else spec.owner as a group', () => {
    expect(ownersOf(entity)).toEqual(['group:default/cmp']);
    expect(ownersOf({ ...entity, relations: [{ type: 'ownedBy', targetRef: 'user:default/jane' }] })).toEqual(['user:default/jane']);
    expect(ownersOf({ ...entity, spec: {} })).toEqual([]);
  });
});
