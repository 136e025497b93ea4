import { createRunbookAction } from '../lib/createRunbookAction';
import type { RunbookActionOptions } from '../lib/types';
import { examples } from './scaleDatabase.examples';

/**
 * Creates the `gsv:database:scale` action: changes the number of PostgreSQL instances of a CloudNativePG cluster and waits until all are ready (ops guide 3.3).
 *
 * @public
 */
export function createScaleDatabaseAction(options: RunbookActionOptions) {
  return createRunbookAction(
    {
      runbook: 'database-scale',
      examples,
      describe: p =>
        `scaling CloudNativePG cluster ${p.namespace}/${p.cluster} to ${p.instances} instances`,
    },
    options,
  );
}
