import { createRunbookAction } from '../lib/createRunbookAction';
import type { RunbookActionOptions } from '../lib/types';
import { examples } from './restartDeployment.examples';

/**
 * Creates the `gsv:deployment:restart` action: a rollout restart of a deployment, then it waits for the rollout and
 * verifies the pods are ready and not crash-looping (ops guide 10.1).
 *
 * @public
 */
export function createRestartDeploymentAction(options: RunbookActionOptions) {
  return createRunbookAction(
    {
      runbook: 'deployment-restart',
      examples,
      describe: p =>
        `a rollout restart of deployment ${p.namespace}/${p.deployment}`,
    },
    options,
  );
}
