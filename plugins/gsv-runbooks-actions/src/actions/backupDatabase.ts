import { createRunbookAction } from '../lib/createRunbookAction';
import type { RunbookActionOptions } from '../lib/types';
import { examples } from './backupDatabase.examples';

/**
 * Creates the `gsv:database:backup` action: requests an on-demand CloudNativePG backup and waits until it completes or fails (ops guide 5.1).
 *
 * @public
 */
export function createBackupDatabaseAction(options: RunbookActionOptions) {
  return createRunbookAction(
    {
      runbook: 'database-backup',
      examples,
      describe: p =>
        `an on-demand backup of CloudNativePG cluster ${p.namespace}/${p.cluster}`,
    },
    options,
  );
}
