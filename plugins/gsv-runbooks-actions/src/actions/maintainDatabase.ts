import { createRunbookAction } from '../lib/createRunbookAction';
import type { RunbookActionOptions } from '../lib/types';
import { examples } from './maintainDatabase.examples';

/**
 * Creates the `gsv:database:maintain` action: a bloat report (dead tuples per table, read-only) or VACUUM (ANALYZE)
 * of a CloudNativePG database, with psql in a Kubernetes Job from the database's image (ops guide 7.3).
 *
 * @public
 */
export function createMaintainDatabaseAction(options: RunbookActionOptions) {
  return createRunbookAction(
    {
      runbook: 'database-maintenance',
      examples,
      describe: p =>
        p.operation === 'vacuum-analyze'
          ? `VACUUM (ANALYZE) on ${p.table ?? 'every table'} of ${
              p.namespace
            }/${p.cluster}`
          : `reporting the dead tuples per table of ${p.namespace}/${p.cluster}`,
    },
    options,
  );
}
