import type { Incident } from '@gsv/plugin-gsv-ops-common';
import { incidentOverrideCheck } from './incidentOverride';

const REGISTRY = 'component:default/agent-registry';
const open: Incident = {
  id: 'GSV-INC-0000ABCD',
  entityRef: REGISTRY,
  severity: 'P2',
  summary: 'Registry down',
  commander: 'user:default/jane',
  status: 'open',
  declaredBy: 'user:default/jane',
  declaredAt: new Date(0).toISOString(),
  notes: [],
};
const store = {
  get: async (id: string) => (id === open.id ? open : undefined),
};

describe('the incident override check', () => {
  it('accepts an open incident of the entity, with its severity, also in lower case', async () => {
    const check = incidentOverrideCheck(store, { requireDeclared: false });
    await expect(
      check(REGISTRY, { id: open.id, severity: 'P2' }),
    ).resolves.toBeUndefined();
    await expect(
      check(REGISTRY, { id: 'gsv-inc-0000abcd', severity: 'P2' }),
    ).resolves.toBeUndefined();
  });

  it('refuses another entity’s, a resolved or a P3 incident, and an undeclared GSV-INC id', async () => {
    const others: Record<string, Incident> = {
      'GSV-INC-0000000A': {
        ...open,
        id: 'GSV-INC-0000000A',
        status: 'resolved',
        resolvedAt: 'then',
      },
      'GSV-INC-0000000B': { ...open, id: 'GSV-INC-0000000B', severity: 'P3' },
    };
    const check = incidentOverrideCheck(
      { get: async id => others[id] ?? (await store.get(id)) },
      { requireDeclared: false },
    );
    await expect(
      check('component:default/keycloak', { id: open.id, severity: 'P2' }),
    ).rejects.toThrow(
      `Incident ${open.id} is an incident of ${REGISTRY}, not of component:default/keycloak`,
    );
    await expect(
      check(REGISTRY, { id: 'GSV-INC-0000000A', severity: 'P2' }),
    ).rejects.toThrow(
      'was resolved at then; it no longer overrides the maintenance window',
    );
    await expect(
      check(REGISTRY, { id: 'GSV-INC-0000000B', severity: 'P2' }),
    ).rejects.toThrow(
      'is P3, not P2; only P1 and P2 incidents override a maintenance window',
    );
    await expect(
      check(REGISTRY, { id: 'GSV-INC-FFFFFFFF', severity: 'P1' }),
    ).rejects.toThrow('No incident GSV-INC-FFFFFFFF was declared in GSV Ops');
  });

  it('accepts other trackers’ ids unless only declared incidents may override', async () => {
    await expect(
      incidentOverrideCheck(store, { requireDeclared: false })(REGISTRY, {
        id: 'INC-1234',
        severity: 'P1',
      }),
    ).resolves.toBeUndefined();
    await expect(
      incidentOverrideCheck(store, { requireDeclared: true })(REGISTRY, {
        id: 'INC-1234',
        severity: 'P1',
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('No incident INC-1234 was declared'),
    });
  });
});
