import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

/** Our own migrations table, so the engine's history never mixes with another plugin's in a shared database. */
export const MIGRATIONS_TABLE = 'gsv_ops__knex_migrations';

/** The PostgreSQL advisory lock (two int4 keys: "gsv1", 1) that replicas take in turn to migrate. */
export const MIGRATION_ADVISORY_LOCK: readonly [number, number] = [0x67737631, 1];

/**
 * Brings the plugin's tables up to date (`migrations/` of this package), as Backstage plugins do. On PostgreSQL the
 * replicas migrate one at a time (see `oneReplicaAtATime`). Several replicas starting at once may still race for
 * knex's migration lock; the losers get `MigrationLocked` and wait for the winner instead of failing the backend's
 * start (also when they race to create knex's own bookkeeping tables).
 */
export async function applyOperationsMigrations(knex: Knex, options?: { maxWaitMs?: number }): Promise<void> {
  const directory = resolvePackagePath('@gsv/plugin-gsv-ops-backend', 'migrations');
  const deadline = Date.now() + (options?.maxWaitMs ?? 120_000);
  await oneReplicaAtATime(knex, async () => {
    for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
      try {
        await knex.migrate.latest({ directory, tableName: MIGRATIONS_TABLE, loadExtensions: ['.js'] });
        return;
      } catch (e) {
        if (!isStartupRace(e) || Date.now() + delay > deadline) throw e;
        await new Promise(resolve => setTimeout(resolve, delay));
      }
    }
  });
}

/**
 * On PostgreSQL, runs `fn` holding a session advisory lock on a connection of its own, so that replicas migrate one
 * after the other. knex's own lock is not enough on a fresh database: two replicas that create its lock table at the
 * same moment can both insert the lock row, and with two rows every later `migrate.latest` fails with
 * `MigrationLocked`, for good (seen about once in 30 simultaneous first starts).
 */
async function oneReplicaAtATime(knex: Knex, fn: () => Promise<void>): Promise<void> {
  if (knex.client.dialect !== 'postgresql') {
    await fn();
    return;
  }
  const connection = await knex.client.acquireConnection();
  try {
    await knex.raw('select pg_advisory_lock(?, ?)', [...MIGRATION_ADVISORY_LOCK]).connection(connection);
    try {
      await fn();
    } finally {
      await knex.raw('select pg_advisory_unlock(?, ?)', [...MIGRATION_ADVISORY_LOCK]).connection(connection);
    }
  } finally {
    await knex.client.releaseConnection(connection);
  }
}

/** Another replica holds the migration lock, or created knex's bookkeeping tables a moment before us. */
function isStartupRace(error: unknown): boolean {
  const e = error as { name?: string; message?: string };
  return e?.name === 'MigrationLocked' || /already exists|duplicate key value/i.test(e?.message ?? '');
}
