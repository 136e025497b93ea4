import { createRunbookAction } from '../lib/createRunbookAction';
import type { RunbookActionOptions } from '../lib/types';
import { examples } from './migrateDatabase.examples';

/**
 * Creates the `gsv:database:migrate` action: lists (mode `plan`) or applies (mode `apply`) a service's database
 * migrations in a Kubernetes Job built from its deployment's pod template (ops guide 4.4, without `kubectl exec`).
 *
 * @public
 */
export function createMigrateDatabaseAction(options: RunbookActionOptions) {
  return createRunbookAction(
    {
      runbook: 'database-migrate',
      examples,
      describe: p =>
        `${p.mode === 'apply' ? 'applying' : 'listing'} the database migrations of deployment ${p.namespace}/${p.deployment}`,
    },
    options,
  );
}
