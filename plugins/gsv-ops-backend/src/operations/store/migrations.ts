import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

/** Our own migrations table, so the engine's history never mixes with another plugin's in a shared database. */
export const MIGRATIONS_TABLE = 'gsv_ops__knex_migrations';

/**
 * Brings the plugin's tables up to date (`migrations/` of this package), as Backstage plugins do. Several replicas
 * starting at once race for knex's migration lock; the losers get `MigrationLocked` and wait for the winner instead
 * of failing the backend's start (also when they race to create knex's own bookkeeping tables).
 */
export async function applyOperationsMigrations(knex: Knex, options?: { maxWaitMs?: number }): Promise<void> {
  const directory = resolvePackagePath('@gsv/plugin-gsv-ops-backend', 'migrations');
  const deadline = Date.now() + (options?.maxWaitMs ?? 120_000);
  for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
    try {
      await knex.migrate.latest({ directory, tableName: MIGRATIONS_TABLE, loadExtensions: ['.js'] });
      return;
    } catch (e) {
      if (!isStartupRace(e) || Date.now() + delay > deadline) throw e;
      await new Promise(resolve => setTimeout(resolve, delay));
    }
  }
}

/** Another replica holds the migration lock, or created knex's bookkeeping tables a moment before us. */
function isStartupRace(error: unknown): boolean {
  const e = error as { name?: string; message?: string };
  return e?.name === 'MigrationLocked' || /already exists|duplicate key value/i.test(e?.message ?? '');
}
