import { mockCredentials } from '@backstage/backend-test-utils';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { StartOperationRequest } from '@gsv/plugin-gsv-ops-common';
import knexFactory, { Knex } from 'knex';
import {
  agentRegistry,
  createTestEngine,
  fakePermissions,
  gate,
  RecordingAuditor,
  RecordingClient,
  clearOperationTables,
  heldRestart,
  startReviewed,
  staticTargets,
  waitForStatus,
} from './__testUtils__/engineHarness';
import { createTestDatabases, describeIfPostgres } from './__testUtils__/databases';
import { deploymentScale } from './runbooks/deploymentScale';
import { applyOperationsMigrations } from './store/migrations';
import { lockTargetOf } from './OperationsEngine';

const { databases, ids } = createTestDatabases();
const jane = mockCredentials.user('user:default/jane');
const joe = mockCredentials.user('user:default/joe');

const TARGETS = staticTargets([
  { cluster: 'dev', kind: 'Deployment', namespace: 'cmp', name: 'agent-registry', targetKind: 'deployment' },
  { cluster: 'dev', kind: 'Deployment', namespace: 'cmp', name: 'agent-registry-worker', targetKind: 'deployment' },
  { cluster: 'prod', kind: 'Deployment', namespace: 'cmp', name: 'agent-registry', targetKind: 'deployment' },
]);

function restart(overrides: Partial<StartOperationRequest> = {}, parameters: Record<string, unknown> = {}): StartOperationRequest {
  return {
    runbook: 'deployment-restart',
    entityRef: 'component:default/agent-registry',
    cluster: 'dev',
    parameters: { namespace: 'cmp', deployment: 'agent-registry', ...parameters },
    dryRun: false,
    ...overrides,
  };
}

describe.each(ids.map(id => [id]))('OperationsEngine on %s', databaseId => {
  let knex: Knex;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyOperationsMigrations(knex);
  }, 60_000);

  afterAll(async () => {
    await knex?.destroy();
  });

  beforeEach(async () => {
    await clearOperationTables(knex);
  });

  function setup(options: Partial<Parameters<typeof createTestEngine>[0]> = {}) {
    const dev = new RecordingClient();
    const prod = new RecordingClient();
    const harness = createTestEngine({
      knex,
      clusters: [
        { name: 'dev', environment: 'dev', client: dev },
        { name: 'prod', environment: 'prod', client: prod },
      ],
      targets: TARGETS,
      ...options,
    });
    return { ...harness, dev, prod };
  }

  describe('validation: a clear 400 and no request to the cluster', () => {
    it.each([
      ['a bad namespace', restart({}, { namespace: 'CMP_prod' }), /parameters.namespace: A namespace is lower-case/],
      ['an unknown parameter', restart({}, { force: true }), /Unrecognized key\(s\) in object: 'force'/],
      ['a timeout out of bounds', restart({}, { timeoutSeconds: 5 }), /parameters.timeoutSeconds: Wait at least 30 seconds/],
      ['an unknown cluster', restart({ cluster: 'staging' }), /Unknown cluster 'staging'; known clusters: dev, prod/],
      ['a bad entity ref', restart({ entityRef: 'component:' }), /Invalid entityRef/],
      ['a target of another entity', restart({}, { deployment: 'keycloak' }), /Deployment cmp\/keycloak in cluster dev is not one of the deployment targets of component:default\/agent-registry; its targets there: cmp\/agent-registry, cmp\/agent-registry-worker/],
    ])('rejects %s', async (_, request, message) => {
      const { engine, dev, prod, auditor } = setup();
      await expect(engine.start(request, jane)).rejects.toThrow(message);
      await expect(engine.start(request, jane)).rejects.toBeInstanceOf(InputError);
      expect(dev.requests).toEqual([]);
      expect(prod.requests).toEqual([]);
      expect(Number((await knex('gsv_ops_operations').count({ n: '*' }))[0].n)).toBe(0);
      // Refusals are audited too (the start event fails) once the cluster is known.
      const starts = (auditor as RecordingAuditor).byId('operation-start');
      expect(starts.map(e => e.outcome)).toEqual(request.cluster === 'staging' ? [] : ['fail', 'fail']);
    });

    it('checks the caps before anything else reaches the cluster', async () => {
      const { engine, dev } = setup({ runbooks: { 'deployment-scale': deploymentScale } });
      await expect(
        engine.start(
          { ...restart(), runbook: 'deployment-scale', parameters: { namespace: 'cmp', deployment: 'agent-registry', replicas: 50 } },
          jane,
        ),
      ).rejects.toThrow('50 replicas exceeds the cap of 20 for this environment (gsvOps.operations.policy.limits.maxReplicas)');
      expect(dev.requests).toEqual([]);
    });

    it('answers 404 for an entity the caller cannot see', async () => {
      const { engine, dev } = setup({ entities: [] });
      await expect(engine.start(restart(), jane)).rejects.toBeInstanceOf(NotFoundError);
      expect(dev.requests).toEqual([]);
    });
  });

  describe('permissions, with the caller’s credentials', () => {
    it('needs the runbook’s permission on the entity', async () => {
      const decide = jest.fn((permission: string, _ref: string | undefined, user: string) => !(permission === 'gsv-ops.deployment.restart' && user === 'user:default/joe'));
      const { engine, dev } = setup({ permissions: fakePermissions(decide) });
      await expect(engine.start(restart(), joe)).rejects.toThrow(
        new NotAllowedError(
          "You are not allowed to run 'Restart deployment' on component:default/agent-registry (permission gsv-ops.deployment.restart)",
        ),
      );
      expect(decide).toHaveBeenCalledWith('gsv-ops.deployment.restart', 'component:default/agent-registry', 'user:default/joe');
      expect(dev.requests).toEqual([]);
    });

    it('needs gsv-ops.production.operate in prod, and the override permission with an incident', async () => {
      const { engine, prod } = setup({
        permissions: fakePermissions((p, _r, user) => !(p === 'gsv-ops.production.operate' && user === 'user:default/joe') && p !== 'gsv-ops.maintenance-window.override'),
      });
      await expect(engine.start(restart({ cluster: 'prod' }), joe)).rejects.toThrow(/permission gsv-ops.production.operate/);
      await expect(
        engine.start(restart({ cluster: 'prod', incident: { id: 'INC-1', severity: 'P1' } }), jane),
      ).rejects.toThrow(/override the maintenance window under incident INC-1 \(permission gsv-ops.maintenance-window.override\)/);
      expect(prod.requests).toEqual([]);
    });
  });

  describe('policy', () => {
    const windows = {
      policy: { maintenanceWindows: { prod: [{ name: 'Security patches', cron: '0 2 * * 2', duration: { hours: 2 }, timezone: 'Europe/Berlin' }] } },
    };
    const thursday = Date.parse('2026-12-03T09:00:00Z');

    it('refuses prod outside its window and names the next one; nothing reaches the cluster', async () => {
      const { engine, prod } = setup({ operationsConfig: windows, now: () => thursday });
      await expect(engine.start(restart({ cluster: 'prod' }), jane)).rejects.toThrow(
        new NotAllowedError(
          "prod is outside its maintenance window (next: Tue 8 Dec 02:00 Europe/Berlin, 'Security patches'); declare a P1/P2 incident to override",
        ),
      );
      expect(prod.requests).toEqual([]);
    });

    it('lets a P1 incident override it and records the override', async () => {
      const { engine, prod } = setup({
        operationsConfig: windows,
        now: () => thursday,
        runbooks: { 'deployment-restart': heldRestart(async () => undefined) },
      });
      const op = await engine.start(restart({ cluster: 'prod', incident: { id: 'INC-7', severity: 'P1' }, dryRun: true }), jane);
      expect(op.incident).toEqual({ id: 'INC-7', severity: 'P1' });
      const policy = op.steps.find(s => s.name === 'policy')!;
      expect(policy.message).toContain('overridden by incident INC-7 (P1)');
      expect(policy.message).toContain('gsv-ops.maintenance-window.override');
      expect(policy.detail).toMatchObject({ overrideUsed: true });
      expect(prod.writes().every(w => w.query?.dryRun === 'All')).toBe(true);
    });
  });

  it('runs a dry run to the end before answering: the same write with dryRun=All, the diff in the plan step', async () => {
    const { engine, dev, auditor } = setup({ runbooks: { 'deployment-restart': heldRestart(async () => undefined) } });
    const op = await engine.start(restart({ dryRun: true, origin: 'scaffolder-task:t-1' }), jane);
    expect(op).toMatchObject({
      status: 'succeeded',
      dryRun: true,
      summary: 'Dry run: would annotate',
      initiatedBy: 'user:default/jane',
      origin: 'scaffolder-task:t-1',
      environment: 'dev',
      target: { kind: 'Deployment', namespace: 'cmp', name: 'agent-registry' },
      parameters: { namespace: 'cmp', deployment: 'agent-registry', timeoutSeconds: 300 },
    });
    expect(op.steps.map(s => `${s.name}:${s.status}`)).toEqual([
      'validate:succeeded',
      'policy:succeeded',
      'lock:succeeded',
      'read:succeeded',
      'plan:succeeded',
    ]);
    const plan = op.steps[4];
    expect(plan.message).toBe('Planned (sent with dryRun=All, accepted by the API server): annotate');
    expect(plan.detail).toMatchObject({ object: { kind: 'Deployment', namespace: 'cmp', name: 'agent-registry' }, dryRun: true });
    expect(plan.detail!.diff).toContain(`+    gsv.io/operation-id: ${op.id}`);
    expect(dev.writes()).toEqual([
      expect.objectContaining({ method: 'PATCH', path: '/apis/apps/v1/namespaces/cmp/deployments/agent-registry', query: { dryRun: 'All' } }),
    ]);
    const mutations = (auditor as RecordingAuditor).byId('kubernetes-mutation');
    expect(mutations).toHaveLength(1);
    expect(mutations[0]).toMatchObject({ outcome: 'success', options: { meta: { dryRun: true, verb: 'patch', kind: 'Deployment', operationId: op.id } } });
    expect((auditor as RecordingAuditor).byId('operation-execution')[0].outcome).toBe('success');
    // The lock is gone once the dry run ended.
    expect(await knex('gsv_ops_locks').select()).toEqual([]);
  });

  it('holds a per-target lock: a second operation on the target is refused with a 409 naming the running one', async () => {
    const held = gate();
    const { engine, dev } = setup({ runbooks: { 'deployment-restart': heldRestart(() => held.promise) } });
    const first = await startReviewed(engine, restart(), jane);
    expect(first.status).toMatch(/pending|running/);
    const error = await startReviewed(engine, restart(), joe).catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(
      new RegExp(`^Deployment cmp/agent-registry in cluster dev is being operated on by operation ${first.id} \\(deployment-restart by user:default/jane, (pending|running) since .+\\); wait for it to finish or cancel it$`),
    );
    // Another target is free.
    const other = await engine.start(restart({ dryRun: true }, { deployment: 'agent-registry-worker' }), joe);
    expect(other.status).toBe('succeeded');
    held.open();
    const done = await waitForStatus(() => engine.get(first.id, jane), ['succeeded']);
    expect(done.steps.map(s => s.name)).toEqual(['validate', 'policy', 'lock', 'read', 'plan', 'apply', 'wait']);
    expect(done.summary).toBe('Annotated');
    expect(done.result).toEqual({ ok: true });
    // Dry-run writes (the reviewed dry run's plan, this operation's plan), then this operation's real write.
    const writes = dev.writes().filter(w => w.path.endsWith('/agent-registry'));
    expect(writes.map(w => w.query?.dryRun ?? 'real')).toEqual(['All', 'All', 'real']);
    expect(dev.writes().filter(w => w.path.endsWith('/agent-registry-worker')).map(w => w.query?.dryRun)).toEqual(['All']);
    const again = await engine.start(restart({ dryRun: true }), joe);
    expect(again.status).toBe('succeeded');
  });

  it('cancels a running operation: recorded as cancelled, says the change was applied, lock released', async () => {
    const { engine, auditor } = setup({ runbooks: { 'deployment-restart': heldRestart(() => new Promise(() => undefined)) } });
    const op = await startReviewed(engine, restart(), jane);
    // Wait until the runbook is held in its wait step, i.e. its change was applied (no fixed sleep: CI is slow).
    for (let until = Date.now() + 10_000; ; ) {
      const current = await engine.get(op.id, jane);
      if (current.steps.some(s => s.name === 'wait')) break;
      if (Date.now() > until) throw new Error(`operation ${op.id} never reached its wait step`);
      await new Promise(r => setTimeout(r, 20));
    }
    const denied = setup({ permissions: fakePermissions((p, _r, u) => !(u === 'user:default/joe' && p === 'gsv-ops.deployment.restart')) });
    await expect(denied.engine.cancel(op.id, joe)).rejects.toBeInstanceOf(NotAllowedError);
    const cancelled = await engine.cancel(op.id, jane);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.summary).toBe(
      'Cancelled by user:default/jane. The change was already applied (annotate): check Deployment cmp/agent-registry before running the runbook again.',
    );
    expect(cancelled.steps.find(s => s.name === 'wait')).toMatchObject({ status: 'failed', message: 'Cancelled by user:default/jane' });
    expect(await knex('gsv_ops_locks').select()).toEqual([]);
    expect((auditor as RecordingAuditor).byId('operation-cancel')[0].outcome).toBe('success');
    // Cancelling an ended operation changes nothing.
    expect((await engine.cancel(op.id, jane)).status).toBe('cancelled');
  });

  it('needs in production what starting needed: an owner cannot cancel a platform engineer’s prod operation', async () => {
    const pat = mockCredentials.user('user:default/pat');
    const ownersOutsideProd = fakePermissions((p, _r, u) => u === 'user:default/pat' || p !== 'gsv-ops.production.operate');
    const { engine } = setup({
      permissions: ownersOutsideProd,
      runbooks: { 'deployment-restart': heldRestart(() => new Promise(() => undefined)) },
    });
    const op = await startReviewed(engine, restart({ cluster: 'prod' }), pat);
    await expect(engine.cancel(op.id, jane)).rejects.toThrow(
      new NotAllowedError(
        'You are not allowed to cancel an operation on component:default/agent-registry in production (cluster prod) (permission gsv-ops.production.operate)',
      ),
    );
    expect((await engine.get(op.id, pat)).status).toMatch(/pending|running/);
    expect((await engine.cancel(op.id, pat)).status).toBe('cancelled');
  });

  it('marks an operation whose backend died as interrupted, never lost, and frees its target', async () => {
    const dead = setup({ instanceId: 'dead-backend', operationsConfig: { leaseSeconds: 1 } });
    // The dead backend recorded and locked an operation, then stopped renewing (as if its process died).
    const now = Date.now();
    await dead.store.create({
      id: '00000000-0000-4000-8000-000000000001',
      runbook: 'deployment-restart',
      entityRef: 'component:default/agent-registry',
      cluster: 'dev',
      environment: 'dev',
      target: { kind: 'Deployment', namespace: 'cmp', name: 'agent-registry' },
      parameters: { namespace: 'cmp', deployment: 'agent-registry', timeoutSeconds: 300 },
      dryRun: false,
      initiatedBy: 'user:default/jane',
      holder: 'dead-backend',
      createdAt: now - 5000,
      leaseExpiresAt: now - 1000,
      steps: [],
    });
    await dead.store.markRunning('00000000-0000-4000-8000-000000000001', now - 4000);
    await dead.locks.acquire({
      targets: [lockTargetOf('dev', { kind: 'Deployment', namespace: 'cmp', name: 'agent-registry' })],
      operationId: '00000000-0000-4000-8000-000000000001',
      holder: 'dead-backend',
      now: now - 5000,
      leaseMs: 4000,
    });
    const alive = setup({ instanceId: 'alive', runbooks: { 'deployment-restart': heldRestart(async () => undefined) } });
    expect(await alive.engine.runJanitor()).toBe(1);
    const op = await alive.engine.get('00000000-0000-4000-8000-000000000001', jane);
    expect(op.status).toBe('interrupted');
    expect(op.summary).toMatch(
      /^Interrupted: the backend that ran this operation \(dead-backend\) stopped before it finished \(its lease ran out at .+\)\. The cluster may be half-way: check Deployment cmp\/agent-registry and run the runbook again if needed\.$/,
    );
    expect(op.steps.at(-1)).toMatchObject({ name: 'interrupted', status: 'failed' });
    expect(await alive.engine.runJanitor()).toBe(0);
    const next = await alive.engine.start(restart({ dryRun: true }), jane);
    expect(next.status).toBe('succeeded');
  });

  it('stops an operation that lost its lease and records it as interrupted', async () => {
    const { engine, locks } = setup({
      operationsConfig: { leaseSeconds: 1 },
      runbooks: { 'deployment-restart': heldRestart(() => new Promise(() => undefined)) },
    });
    const op = await startReviewed(engine, restart(), jane);
    await waitForStatus(() => engine.get(op.id, jane), ['running']);
    // Someone took the lock over (as after an expired lease): the next heartbeat notices and stops.
    await knex('gsv_ops_locks').update({ operation_id: 'someone-else' });
    const ended = await waitForStatus(() => engine.get(op.id, jane), ['interrupted'], 3000);
    expect(ended.summary).toContain('lost its lock on the target');
    expect(await locks.holderOf(lockTargetOf('dev', op.target), Date.now())).toMatchObject({ operationId: 'someone-else' });
  });

  it('shuts down cleanly: local operations are recorded as interrupted and unlocked', async () => {
    const { engine } = setup({ runbooks: { 'deployment-restart': heldRestart(() => new Promise(() => undefined)) } });
    const op = await startReviewed(engine, restart(), jane);
    await waitForStatus(() => engine.get(op.id, jane), ['running']);
    await engine.shutdown();
    const ended = await engine.get(op.id, jane);
    expect(ended.status).toBe('interrupted');
    expect(ended.summary).toContain('the backend shut down while the operation ran');
    expect(await knex('gsv_ops_locks').select()).toEqual([]);
  });

  it('reads operations only with gsv-ops.entity.read on their entity', async () => {
    const { engine } = setup({ runbooks: { 'deployment-restart': heldRestart(async () => undefined) } });
    const op = await engine.start(restart({ dryRun: true }), jane);
    const reader = setup({ permissions: fakePermissions((p, _r, u) => !(u === 'user:default/joe' && p === 'gsv-ops.entity.read')) });
    await expect(reader.engine.get(op.id, joe)).rejects.toThrow(
      'You are not allowed to see the operations of component:default/agent-registry (permission gsv-ops.entity.read)',
    );
    await expect(reader.engine.list({ entityRef: 'component:default/agent-registry' }, joe)).rejects.toBeInstanceOf(NotAllowedError);
    expect((await reader.engine.list({}, joe)).items).toEqual([]);
    expect((await reader.engine.list({}, jane)).items.map(o => o.id)).toEqual([op.id]);
    await expect(engine.get('00000000-0000-4000-8000-00000000ffff', jane)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('deletes ended operations past the audit-log retention, dry runs sooner', async () => {
    const day = 86_400_000;
    let now = Date.parse('2026-11-01T00:00:00Z');
    const { engine } = setup({
      now: () => now,
      operationsConfig: { retention: { operationsDays: 30, dryRunsDays: 2 } },
      runbooks: { 'deployment-restart': heldRestart(async () => undefined) },
    });
    const dryRun = await engine.start(restart({ dryRun: true }), jane);
    const real = await engine.start(restart({ reviewedDryRunId: dryRun.id }), jane);
    await engine.idle();
    expect((await engine.get(real.id, jane)).status).toBe('succeeded');

    now += 3 * day;
    expect(await engine.pruneAuditLog()).toEqual({ operations: 0, dryRuns: 1 });
    await expect(engine.get(dryRun.id, jane)).rejects.toBeInstanceOf(NotFoundError);
    now += 28 * day;
    expect(await engine.pruneAuditLog()).toEqual({ operations: 1, dryRuns: 0 });
    await expect(engine.get(real.id, jane)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists an entity’s operations, most recent first, with a limit', async () => {
    const { engine } = setup({ runbooks: { 'deployment-restart': heldRestart(async () => undefined) } });
    const started: string[] = [];
    for (let i = 0; i < 3; i++) {
      started.push((await engine.start(restart({ dryRun: true }), jane)).id);
      await new Promise(r => setTimeout(r, 5));
    }
    const list = await engine.list({ entityRef: 'component:default/agent-registry', limit: 2 }, jane);
    expect(list.items.map(o => o.id)).toEqual([started[2], started[1]]);
    expect(list.items[0].steps.length).toBeGreaterThan(0);
    expect(list.items[0]).not.toHaveProperty('holder');
  });
});

const describeWithPostgres = describeIfPostgres(ids);

describeWithPostgres('two engine instances on one PostgreSQL', () => {
  let first: Knex;
  let second: Knex;
  beforeAll(async () => {
    first = await databases.init('POSTGRES_15');
    // A second connection pool to the same database: what a second backend replica has.
    second = knexFactory((first as any).client.config);
    await Promise.all([applyOperationsMigrations(first), applyOperationsMigrations(second)]);
  }, 60_000);
  afterAll(async () => {
    await second?.destroy();
    await first?.destroy();
  });

  it('runs concurrent operations on one target one at a time, and loses no audit record', async () => {
    const seen: Array<{ id: string; at: number; phase: 'start' | 'end' }> = [];
    const runbook = heldRestart(() => new Promise(r => setTimeout(r, 30)), seen);
    const make = (knex: Knex, instanceId: string) =>
      createTestEngine({
        knex,
        clusters: [{ name: 'dev', environment: 'dev', client: new RecordingClient() }],
        targets: TARGETS,
        instanceId,
        runbooks: { 'deployment-restart': runbook },
      });
    const a = make(first, 'replica-a');
    const b = make(second, 'replica-b');
    const perInstance = 4;
    let conflicts = 0;
    const worker = async (engine: typeof a.engine) => {
      const done: string[] = [];
      while (done.length < perInstance) {
        try {
          const op = await startReviewed(engine, restart(), jane);
          done.push(op.id);
          await waitForStatus(() => engine.get(op.id, jane), ['succeeded', 'failed'], 10_000);
        } catch (e) {
          if (!(e instanceof ConflictError)) throw e;
          conflicts++;
          await new Promise(r => setTimeout(r, 5 + Math.random() * 10));
        }
      }
      return done;
    };
    const [fromA, fromB] = await Promise.all([worker(a.engine), worker(b.engine)]);
    expect(conflicts).toBeGreaterThan(0);

    // Never two at once on the target.
    const ordered = [...seen].sort((x, y) => x.at - y.at);
    let active = 0;
    for (const event of ordered) {
      active += event.phase === 'start' ? 1 : -1;
      expect(active).toBeLessThanOrEqual(1);
    }
    // Every operation is in the audit log, complete, whichever replica ran it, next to the dry run it was reviewed as.
    const all = [...fromA, ...fromB];
    const recorded = await first('gsv_ops_operations').select('id', 'status', 'holder', 'dry_run', 'reviewed_dry_run_id');
    const rows = recorded.filter(r => !r.dry_run);
    const reviews = new Set(recorded.filter(r => r.dry_run && r.status === 'succeeded').map(r => r.id));
    expect(rows.filter(r => !reviews.has(r.reviewed_dry_run_id))).toEqual([]);
    expect(rows.map(r => r.id).sort()).toEqual([...all].sort());
    expect(rows.every(r => r.status === 'succeeded')).toBe(true);
    expect(new Set(rows.map(r => r.holder))).toEqual(new Set(['replica-a', 'replica-b']));
    for (const id of all) {
      const op = await b.engine.get(id, jane);
      expect(op.steps.map(s => s.name)).toEqual(['validate', 'policy', 'lock', 'read', 'plan', 'apply', 'wait']);
    }
    expect(await first('gsv_ops_locks').select()).toEqual([]);
  }, 60_000);

  it('lets one replica cancel an operation that another replica runs', async () => {
    const runbook = heldRestart(() => new Promise(() => undefined));
    const make = (knex: Knex, instanceId: string) =>
      createTestEngine({
        knex,
        clusters: [{ name: 'dev', environment: 'dev', client: new RecordingClient() }],
        targets: TARGETS,
        instanceId,
        operationsConfig: { leaseSeconds: 1 },
        runbooks: { 'deployment-restart': runbook },
      });
    const a = make(first, 'replica-a');
    const b = make(second, 'replica-b');
    const op = await startReviewed(a.engine, restart({}, { deployment: 'agent-registry-worker' }), jane);
    await waitForStatus(() => a.engine.get(op.id, jane), ['running']);
    const answer = await b.engine.cancel(op.id, jane);
    expect(answer.status).toBe('running');
    const ended = await waitForStatus(() => b.engine.get(op.id, jane), ['cancelled'], 3000);
    expect(ended.summary).toMatch(/^Cancelled by user:default\/jane\./);
  });
});

// Keep the entity fixture referenced (it documents what TARGETS stand for).
void agentRegistry;
