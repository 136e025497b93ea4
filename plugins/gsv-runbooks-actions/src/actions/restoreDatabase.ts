import { createRunbookAction } from '../lib/createRunbookAction';
import type { RunbookActionOptions } from '../lib/types';
import { examples } from './restoreDatabase.examples';

/**
 * Creates the `gsv:database:restore` action: creates a NEW CloudNativePG cluster recovered to a point in time inside the source's recoverability window; the source is untouched (ops guide 5.2).
 *
 * @public
 */
export function createRestoreDatabaseAction(options: RunbookActionOptions) {
  return createRunbookAction(
    {
      runbook: 'database-restore',
      examples,
      describe: p =>
        `a point-in-time restore of ${p.namespace}/${p.sourceCluster} as of ${p.targetTime} into the new cluster ${p.newClusterName}`,
    },
    options,
  );
}
