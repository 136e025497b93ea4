import type { Knex } from 'knex';
import { createTestDatabases, describeIfPostgres } from '../__testUtils__/databases';
import { applyOperationsMigrations, MIGRATION_ADVISORY_LOCK, MIGRATIONS_TABLE } from './migrations';

const { databases, ids } = createTestDatabases();
const describeWithPostgres = describeIfPostgres(ids);

jest.setTimeout(60_000);

/** Polls `condition` until it holds (ten seconds at most). */
async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

describeWithPostgres('operations migrations on PostgreSQL', () => {
  let knex: Knex;
  beforeEach(async () => {
    knex = await databases.init('POSTGRES_15');
  });
  afterEach(async () => {
    await knex?.destroy();
  });

  it('migrates one replica at a time: a replica waits while another holds the migration lock', async () => {
    const other = await knex.client.acquireConnection();
    await knex.raw('select pg_advisory_lock(?, ?)', [...MIGRATION_ADVISORY_LOCK]).connection(other);
    const migrating = applyOperationsMigrations(knex);

    const [classid, objid] = MIGRATION_ADVISORY_LOCK;
    const waiting = () => knex('pg_locks').where({ locktype: 'advisory', granted: false, classid, objid });
    await until(async () => (await waiting()).length === 1, 'the replica to wait for the advisory lock');
    expect(await knex.schema.hasTable(MIGRATIONS_TABLE)).toBe(false);

    await knex.raw('select pg_advisory_unlock(?, ?)', [...MIGRATION_ADVISORY_LOCK]).connection(other);
    await knex.client.releaseConnection(other);
    await migrating;
    expect(await knex.schema.hasTable('gsv_ops_operations')).toBe(true);
    expect(await knex(`${MIGRATIONS_TABLE}_lock`).select('is_locked')).toEqual([{ is_locked: 0 }]);
  });
});
