import { createRunbookAction } from '../lib/createRunbookAction';
import type { RunbookActionOptions } from '../lib/types';
import { examples } from './rollbackDeployment.examples';

/**
 * Creates the `gsv:deployment:rollback` action: rolls a deployment back to the previous revision the way `kubectl rollout undo` does, and waits for the rollout (ops guide 6.2). Destructive.
 *
 * @public
 */
export function createRollbackDeploymentAction(options: RunbookActionOptions) {
  return createRunbookAction(
    {
      runbook: 'deployment-rollback',
      examples,
      describe: p =>
        `rollback of deployment ${p.namespace}/${p.deployment} to ${
          p.toRevision ? `revision ${p.toRevision}` : 'the previous revision'
        }`,
    },
    options,
  );
}
