import { createRunbookAction } from '../lib/createRunbookAction';
import type { RunbookActionOptions } from '../lib/types';
import { examples } from './setDeploymentResources.examples';

/**
 * Creates the `gsv:deployment:set-resources` action: changes a container's CPU and memory requests and limits, and waits for the rollout (ops guide 3.2).
 *
 * @public
 */
export function createSetDeploymentResourcesAction(
  options: RunbookActionOptions,
) {
  return createRunbookAction(
    {
      runbook: 'deployment-set-resources',
      examples,
      describe: p =>
        `new resources for container ${p.container} of deployment ${p.namespace}/${p.deployment}`,
    },
    options,
  );
}
