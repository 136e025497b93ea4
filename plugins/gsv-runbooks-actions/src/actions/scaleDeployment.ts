import { createRunbookAction } from '../lib/createRunbookAction';
import type { RunbookActionOptions } from '../lib/types';
import { examples } from './scaleDeployment.examples';

/**
 * Creates the `gsv:deployment:scale` action: sets the replica count of a deployment or of the workers, within the platform caps (ops guide 3.1).
 *
 * @public
 */
export function createScaleDeploymentAction(options: RunbookActionOptions) {
  return createRunbookAction(
    {
      runbook: 'deployment-scale',
      examples,
      describe: p =>
        `scaling deployment ${p.namespace}/${p.deployment} to ${p.replicas} replicas`,
    },
    options,
  );
}
