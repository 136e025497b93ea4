import { createRunbookAction } from '../lib/createRunbookAction';
import type { RunbookActionOptions } from '../lib/types';
import { examples } from './syncApplication.examples';

/**
 * Creates the `gsv:application:sync` action: syncs the service's Argo CD application and waits for Synced and Healthy (ops guide 4.1).
 *
 * @public
 */
export function createSyncApplicationAction(options: RunbookActionOptions) {
  return createRunbookAction(
    {
      runbook: 'application-sync',
      examples,
      describe: p =>
        `a sync of Argo CD application ${p.namespace}/${p.application}${
          p.revision ? ` to ${p.revision}` : ''
        }${p.prune ? ' with prune' : ''}`,
    },
    options,
  );
}
