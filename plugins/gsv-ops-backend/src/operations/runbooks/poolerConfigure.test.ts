import { InputError } from '@backstage/errors';
import { backendWrites, stepStates, useTestbed, WRITE_STEPS_SUCCEEDED } from '../__testUtils__/testbed';

jest.setTimeout(60_000);

describe('pooler-configure against the embedded cluster', () => {
  const bed = useTestbed();

  const read = (path: string) => bed.read(path);
  const pooler = () => read('/apis/postgresql.cnpg.io/v1/namespaces/cmp/poolers/cmp-postgres-pooler-rw');
  const deployment = () => read('/apis/apps/v1/namespaces/cmp/deployments/cmp-postgres-pooler-rw');
  const params = (extra: Record<string, unknown>) => ({ namespace: 'cmp', pooler: 'cmp-postgres-pooler-rw', ...extra });

  it('is a target of the entity that owns cmp-postgres, with its settings', async () => {
    const targets = await bed.readService.listTargets({ entityRef: 'component:default/agent-registry', kind: 'pooler', cluster: bed.name, credentials: {} as any });
    expect(targets.items).toEqual([
      expect.objectContaining({
        kind: 'Pooler',
        namespace: 'cmp',
        name: 'cmp-postgres-pooler-rw',
        description: '2/2 ready, transaction mode, pool 20, max clients 200',
        details: expect.objectContaining({ cluster: 'cmp-postgres', instances: 2, defaultPoolSize: 20, maxClientConn: 200, databaseMaxConnections: 200 }),
      }),
    ]);
  });

  it('dry run: plans the merge patch with dryRun=All, shows the diff, writes nothing', async () => {
    const op = await bed.start('pooler-configure', params({ defaultPoolSize: 30, instances: 3 }), { dryRun: true });
    expect(op.status).toBe('succeeded');
    expect(op.summary).toBe(
      'Dry run: would set pooler cmp/cmp-postgres-pooler-rw to 3 instances, transaction mode, default_pool_size 30, max_client_conn 200 (was 2 instances, transaction mode, default_pool_size 20, max_client_conn 200)',
    );
    const diff = String(op.steps.find(s => s.name === 'plan')?.detail?.diff);
    expect(diff).toMatch(/-\s+default_pool_size: "20"\n\+\s+default_pool_size: "30"/);
    expect(diff).toMatch(/-\s+instances: 2\n\+\s+instances: 3/);
    expect(backendWrites(bed.dev)).toEqual([]);
    expect(bed.dev.requestLog.entries(e => e.dryRun && e.verb === 'patch' && e.resource === 'poolers')).toHaveLength(1);
    expect((await pooler()).spec.instances).toBe(2);
  });

  it('sets instances and pool sizes, waits for the rollout, keeps the running pods (parameters are reloaded)', async () => {
    const op = await bed.start('pooler-configure', params({ instances: 3, defaultPoolSize: 30, poolMode: 'transaction', maxClientConn: 400 }));
    const done = await bed.finished(op.id, 40_000);
    expect(done.status).toBe('succeeded');
    expect(stepStates(done)).toEqual(WRITE_STEPS_SUCCEEDED);
    const after = await pooler();
    expect(after.spec).toMatchObject({ instances: 3, pgbouncer: { poolMode: 'transaction', parameters: { default_pool_size: '30', max_client_conn: '400' } } });
    expect(after.metadata.annotations['gsv.io/operation-id']).toBe(op.id);
    expect((await deployment()).status).toMatchObject({ replicas: 3, readyReplicas: 3, updatedReplicas: 3 });
    expect(done.result).toMatchObject({ readyInstances: 3, podsKeptRunning: 2, maxConnections: 200 });
    expect(done.summary).toMatch(/^Set pooler cmp\/cmp-postgres-pooler-rw to 3 instances, transaction mode, default_pool_size 30, max_client_conn 400 \(was .*\); 3\/3 PgBouncer pods ready$/);
    expect(backendWrites(bed.dev).map(w => `${w.verb} ${w.resource}/${w.name}`)).toEqual(['patch poolers/cmp-postgres-pooler-rw']);
  });

  it('changes the pool mode alone without restarting a pod', async () => {
    const op = await bed.start('pooler-configure', params({ poolMode: 'session' }));
    const done = await bed.finished(op.id, 40_000);
    expect(done.status).toBe('succeeded');
    expect((await pooler()).spec.pgbouncer.poolMode).toBe('session');
    expect(done.result).toMatchObject({ podsKeptRunning: 3 });
  });

  it('refuses over a cap before any write, naming the cap', async () => {
    const error = await bed.start('pooler-configure', params({ instances: 9 }), { dryRun: true }).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/PgBouncer instances 9 exceeds the cap of 4 for this environment \(gsvOps\.operations\.policy\.limits\.maxPoolerInstances\)/);
    await expect(bed.start('pooler-configure', params({ defaultPoolSize: 80 }), { dryRun: true })).rejects.toThrow(/default_pool_size 80 exceeds the cap of 50 .*maxPoolerDefaultPoolSize/);
    await expect(bed.start('pooler-configure', params({ maxClientConn: 5000 }), { dryRun: true })).rejects.toThrow(/max_client_conn 5000 exceeds the cap of 1000 .*maxPoolerClientConnections/);
    expect(backendWrites(bed.dev)).toEqual([]);
  });

  it('refuses a pool that would not fit in the database’s max_connections, with the arithmetic', async () => {
    const error = await bed.start('pooler-configure', params({ instances: 4, defaultPoolSize: 50 }), { dryRun: true }).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /default_pool_size 50 × 4 instances = 200 server connections per user\/database pair for pooler cmp\/cmp-postgres-pooler-rw, more than cluster cmp-postgres accepts: max_connections 200 − 3 reserved \(superuser_reserved_connections \+ reserved_connections\) = 197/,
    );
    expect(bed.dev.requestLog.entries(e => e.verb === 'patch' && e.resource === 'poolers')).toEqual([]);
  });

  it('refuses the statement pool mode and numbers that are not positive whole numbers, with the reason', async () => {
    await expect(bed.start('pooler-configure', params({ poolMode: 'statement' }), { dryRun: true })).rejects.toThrow(
      /pool_mode must be session or transaction: CloudNativePG does not offer statement mode/,
    );
    await expect(bed.start('pooler-configure', params({ defaultPoolSize: 0 }), { dryRun: true })).rejects.toThrow(/default_pool_size is a positive whole number/);
    await expect(bed.start('pooler-configure', params({ maxClientConn: 2.5 }), { dryRun: true })).rejects.toThrow(InputError);
    await expect(bed.start('pooler-configure', params({}), { dryRun: true })).rejects.toThrow(/Give at least one of instances, poolMode, defaultPoolSize, maxClientConn/);
  });
});
