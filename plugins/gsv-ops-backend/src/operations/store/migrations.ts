import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

/** Our own migrations table, so the engine's history never mixes with another plugin's in a shared database. */
export const MIGRATIONS_TABLE = 'gsv_ops__knex_migrations';

/** Brings the plugin's tables up to date (`migrations/` of this package), as Backstage plugins do. */
export async function applyOperationsMigrations(knex: Knex): Promise<void> {
  const directory = resolvePackagePath('@gsv/plugin-gsv-ops-backend', 'migrations');
  await knex.migrate.latest({ directory, tableName: MIGRATIONS_TABLE, loadExtensions: ['.js'] });
}
