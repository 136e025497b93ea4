import { mockCredentials } from '@backstage/backend-test-utils';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import type { StartOperationRequest } from '@gsv/plugin-gsv-ops-common';
import type { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  clearOperationTables,
  createTestEngine,
  fakePermissions,
  heldRestart,
  RecordingAuditor,
  RecordingClient,
  startReviewed,
  staticTargets,
  waitForStatus,
} from '../__testUtils__/engineHarness';
import { applyOperationsMigrations } from '../store/migrations';

const { databases, ids } = createTestDatabases();
const jane = mockCredentials.user('user:default/jane');
const joe = mockCredentials.user('user:default/joe');
const pat = mockCredentials.user('user:default/pat');
const paula = mockCredentials.user('user:default/paula');

const TARGETS = staticTargets([
  { cluster: 'dev', kind: 'Deployment', namespace: 'cmp', name: 'agent-registry', targetKind: 'deployment' },
  { cluster: 'prod', kind: 'Deployment', namespace: 'cmp', name: 'agent-registry', targetKind: 'deployment' },
]);

function restart(cluster: 'dev' | 'prod', overrides: Partial<StartOperationRequest> = {}): StartOperationRequest {
  return {
    runbook: 'deployment-restart',
    entityRef: 'component:default/agent-registry',
    cluster,
    parameters: { namespace: 'cmp', deployment: 'agent-registry' },
    dryRun: false,
    ...overrides,
  };
}

describe.each(ids.map(id => [id]))('approvals on %s', databaseId => {
  let knex: Knex;
  let clock: number;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyOperationsMigrations(knex);
  }, 60_000);

  afterAll(async () => {
    await knex?.destroy();
  });

  beforeEach(async () => {
    clock = Date.parse('2026-12-07T10:00:00Z');
    await clearOperationTables(knex);
  });

  /** Two replicas on one database, with the default approval rules unless told otherwise. */
  function replicas(approvals?: Record<string, unknown>) {
    const prod = new RecordingClient();
    const dev = new RecordingClient();
    const make = (instanceId: string) =>
      createTestEngine({
        knex,
        clusters: [
          { name: 'dev', environment: 'dev', client: dev },
          { name: 'prod', environment: 'prod', client: prod },
        ],
        targets: TARGETS,
        permissions: fakePermissions(),
        operationsConfig: { approvals: approvals ?? {} },
        runbooks: { 'deployment-restart': heldRestart(async () => undefined) },
        instanceId,
        now: () => clock,
      });
    return { a: make('replica-a'), b: make('replica-b'), prod, dev };
  }

  const patches = (client: RecordingClient) => client.writes().filter(w => !JSON.stringify(w.query ?? {}).includes('All'));

  it('holds a prod run for one platform-team approval, then runs it on the approver’s replica', async () => {
    const { a, b, prod } = replicas();
    const requested = await startReviewed(a.engine, restart('prod'), jane);
    expect(requested.status).toBe('awaiting-approval');
    expect(requested.approval).toMatchObject({ status: 'requested', required: 1, group: 'group:default/platform-team', votes: [] });
    expect(requested.approval!.expiresAt).toBe('2026-12-07T11:00:00.000Z');
    expect(requested.steps.map(s => [s.name, s.status])).toEqual([
      ['validate', 'succeeded'],
      ['policy', 'succeeded'],
      ['approval', 'running'],
    ]);
    expect(patches(prod)).toHaveLength(0);

    const approved = await b.engine.decide(requested.id, 'approve', pat, 'plan looks right');
    expect(approved.approval).toMatchObject({ status: 'approved', votes: [{ by: 'user:default/pat', decision: 'approve', comment: 'plan looks right' }] });
    const done = await waitForStatus(() => a.engine.get(requested.id, jane), ['succeeded', 'failed']);
    expect(done.status).toBe('succeeded');
    expect(done.steps.map(s => s.name)).toEqual(expect.arrayContaining(['approval', 'lock', 'apply']));
    expect(done.steps.find(s => s.name === 'approval')!.message).toMatch(/1 of 1 approval from group:default\/platform-team \(by user:default\/pat\)/);
    expect(patches(prod)).toHaveLength(1);
    expect(await knex('gsv_ops_operations').where({ id: requested.id }).first()).toMatchObject({ holder: 'replica-b' });
    expect((b.auditor as RecordingAuditor).byId('operation-approval')).toEqual([expect.objectContaining({ outcome: 'success' })]);
  });

  it('never lets the requester, a non-member or a service approve, and counts one vote per person', async () => {
    const { a, prod } = replicas({ rules: [{ environments: ['prod'], approvers: 2 }] });
    const requested = await startReviewed(a.engine, restart('prod'), jane);
    await expect(a.engine.decide(requested.id, 'approve', jane)).rejects.toThrow(
      new NotAllowedError('You requested this operation; another member of group:default/platform-team must approve it'),
    );
    await expect(a.engine.decide(requested.id, 'approve', joe)).rejects.toThrow(/come from members of group:default\/platform-team; you are not one/);
    await expect(a.engine.decide(requested.id, 'approve', mockCredentials.service('plugin:catalog'))).rejects.toThrow(/Only a person/);
    const once = await a.engine.decide(requested.id, 'approve', pat);
    expect(once.status).toBe('awaiting-approval');
    await expect(a.engine.decide(requested.id, 'approve', pat)).rejects.toThrow(/already decided/);
    expect(patches(prod)).toHaveLength(0);
    await a.engine.decide(requested.id, 'approve', paula);
    expect((await waitForStatus(() => a.engine.get(requested.id, jane), ['succeeded'])).approval!.votes).toHaveLength(2);
    expect((a.auditor as RecordingAuditor).byId('operation-approval').filter(e => e.outcome === 'fail')).toHaveLength(4);
  });

  it('needs the approve permission on the entity', async () => {
    const { a } = replicas();
    const requested = await startReviewed(a.engine, restart('prod'), jane);
    const strict = createTestEngine({
      knex,
      clusters: [{ name: 'prod', environment: 'prod', client: new RecordingClient() }],
      targets: TARGETS,
      permissions: fakePermissions(permission => permission !== 'gsv-ops.operation.approve'),
      operationsConfig: { approvals: {} },
    });
    await expect(strict.engine.decide(requested.id, 'approve', pat)).rejects.toThrow(/permission gsv-ops.operation.approve/);
  });

  it('starts an operation once when its last two approvals arrive at two replicas at the same moment', async () => {
    const { a, b, prod } = replicas({ rules: [{ environments: ['prod'], approvers: 2 }] });
    const requested = await startReviewed(a.engine, restart('prod'), jane);
    const decided = await Promise.all([a.engine.decide(requested.id, 'approve', pat), b.engine.decide(requested.id, 'approve', paula)]);
    expect(decided.map(d => d.approval!.votes.length).sort()).toEqual(expect.arrayContaining([2]));
    const done = await waitForStatus(() => a.engine.get(requested.id, jane), ['succeeded', 'failed']);
    expect(done.status).toBe('succeeded');
    await Promise.all([a.engine.idle(), b.engine.idle()]);
    expect(patches(prod)).toHaveLength(1);
    expect(done.steps.filter(s => s.name === 'lock')).toHaveLength(1);
  });

  it('keeps approvers to the configured group', async () => {
    const { a, prod } = replicas({ rules: [{ environments: ['prod'], approvers: 1, group: 'group:default/sre' }] });
    const requested = await startReviewed(a.engine, restart('prod'), jane);
    expect(requested.approval!.group).toBe('group:default/sre');
    await expect(a.engine.decide(requested.id, 'approve', pat)).rejects.toThrow(/members of group:default\/sre; you are not one/);
    expect(patches(prod)).toHaveLength(0);
  });

  it('rejects: nothing changes, and no later approval can start it', async () => {
    const { a, prod } = replicas();
    const requested = await startReviewed(a.engine, restart('prod'), jane);
    const rejected = await a.engine.decide(requested.id, 'reject', pat, 'not during the release');
    expect(rejected).toMatchObject({ status: 'rejected', summary: 'Rejected by user:default/pat: not during the release. Nothing was changed.' });
    expect(rejected.approval!.status).toBe('rejected');
    await expect(a.engine.decide(requested.id, 'approve', paula)).rejects.toThrow(ConflictError);
    expect(patches(prod)).toHaveLength(0);
  });

  it('expires after an hour: the janitor ends it, and a late approval is refused', async () => {
    const { a, prod } = replicas();
    const first = await startReviewed(a.engine, restart('prod'), jane);
    clock += 61 * 60_000;
    await expect(a.engine.decide(first.id, 'approve', pat)).rejects.toThrow(/expired at 2026-12-07T11:00:00.000Z/);
    expect((await a.engine.get(first.id, jane)).status).toBe('expired');

    const second = await startReviewed(a.engine, restart('prod'), jane);
    clock += 61 * 60_000;
    expect(await a.engine.runJanitor()).toBe(1);
    const expired = await a.engine.get(second.id, jane);
    expect(expired).toMatchObject({ status: 'expired', approval: { status: 'expired' } });
    expect(expired.summary).toMatch(/^Expired: 0 of 1 approval from group:default\/platform-team by .*Nothing was changed/);
    expect(patches(prod)).toHaveLength(0);
  });

  it('lets the requester cancel while it waits', async () => {
    const { a } = replicas();
    const requested = await startReviewed(a.engine, restart('prod'), jane);
    const cancelled = await a.engine.cancel(requested.id, jane);
    expect(cancelled).toMatchObject({ status: 'cancelled', approval: { status: 'cancelled' } });
    expect(cancelled.steps.find(s => s.name === 'approval')!.status).toBe('skipped');
  });

  it('runs at once under a declared P1 incident and asks the group for a review afterwards', async () => {
    const { a, prod } = replicas();
    const incident = { id: 'INC-42', severity: 'P1' as const };
    const ran = await startReviewed(a.engine, restart('prod', { incident }), jane);
    const done = await waitForStatus(() => a.engine.get(ran.id, jane), ['succeeded']);
    expect(done.approval).toMatchObject({ status: 'review-requested', emergency: { incident: 'INC-42' } });
    expect(done.steps.find(s => s.name === 'approval')!.message).toMatch(/waived under P1 incident INC-42/);
    expect(patches(prod)).toHaveLength(1);
    const listed = await a.engine.listApprovals({}, pat);
    expect(listed.items.map(i => [i.operation.id, i.canDecide])).toEqual([[ran.id, true]]);
    const reviewed = await a.engine.decide(ran.id, 'approve', pat, 'right call');
    expect(reviewed.approval!.status).toBe('reviewed');
    expect((await a.engine.listApprovals({}, pat)).items).toEqual([]);
  });

  it('a P2 incident still needs the approval', async () => {
    const { a } = replicas();
    const requested = await startReviewed(a.engine, restart('prod', { incident: { id: 'INC-7', severity: 'P2' } }), jane);
    expect(requested.status).toBe('awaiting-approval');
  });

  it('lists what waits, with the reviewed plan, and says who may decide', async () => {
    const { a } = replicas();
    const requested = await startReviewed(a.engine, restart('prod'), jane);
    await startReviewed(a.engine, restart('dev'), jane); // needs none: not listed
    const forPat = await a.engine.listApprovals({ entityRef: 'component:default/agent-registry' }, pat);
    expect(forPat.items).toHaveLength(1);
    expect(forPat.items[0]).toMatchObject({ operation: { id: requested.id, status: 'awaiting-approval' }, canDecide: true });
    expect(forPat.items[0].plan[0].detail?.diff).toContain('gsv.io/operation-id');
    const forJane = await a.engine.listApprovals({}, jane);
    expect(forJane.items[0]).toMatchObject({ canDecide: false, whyNot: expect.stringMatching(/You requested this operation/) });
  });

  it('checks the window again when approved: approved after the window closed, it fails and changes nothing', async () => {
    const windows = { policy: { maintenanceWindows: { prod: [{ name: 'Thursday', cron: '0 10 * * 4', duration: { hours: 1 } }] } } };
    clock = Date.parse('2026-12-10T10:30:00Z'); // a Thursday, inside the window
    const prod = new RecordingClient();
    const { engine } = createTestEngine({
      knex,
      clusters: [{ name: 'prod', environment: 'prod', client: prod }],
      targets: TARGETS,
      operationsConfig: { ...windows, approvals: {} },
      runbooks: { 'deployment-restart': heldRestart(async () => undefined) },
      now: () => clock,
    });
    const requested = await startReviewed(engine, restart('prod'), jane);
    clock = Date.parse('2026-12-10T11:30:00Z');
    await engine.decide(requested.id, 'approve', pat);
    const failed = await waitForStatus(() => engine.get(requested.id, jane), ['failed']);
    expect(failed.summary).toMatch(/^Approved, but it could not start: .*window.*Nothing was changed/);
    expect(patches(prod)).toHaveLength(0);
    expect(await knex('gsv_ops_locks').count({ n: '*' })).toEqual([{ n: expect.anything() }]);
  });
});
