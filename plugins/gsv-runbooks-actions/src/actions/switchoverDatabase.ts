import { createRunbookAction } from '../lib/createRunbookAction';
import type { RunbookActionOptions } from '../lib/types';
import { examples } from './switchoverDatabase.examples';

/**
 * Creates the `gsv:database:switchover` action: promotes a healthy replica of a CloudNativePG cluster to primary (as `kubectl cnpg promote` does), waits for the new primary and verifies the service's deployments stay ready (ops guide 10.2). Destructive.
 *
 * @public
 */
export function createSwitchoverDatabaseAction(options: RunbookActionOptions) {
  return createRunbookAction(
    {
      runbook: 'database-switchover',
      examples,
      describe: p =>
        `a switchover of CloudNativePG cluster ${p.namespace}/${p.cluster} to ${
          p.targetInstance ?? 'a healthy replica'
        }`,
    },
    options,
  );
}
