import { createRunbookAction } from '../lib/createRunbookAction';
import type { RunbookActionOptions } from '../lib/types';
import { examples } from './setRolloutStrategy.examples';

/**
 * Creates the `gsv:deployment:set-rollout-strategy` action: sets maxSurge/maxUnavailable of a deployment's rolling
 * update (or the zero-downtime preset of ops guide 7.3) and checks that no rollout started.
 *
 * @public
 */
export function createSetRolloutStrategyAction(options: RunbookActionOptions) {
  return createRunbookAction(
    {
      runbook: 'deployment-rollout-strategy',
      examples,
      describe: p =>
        p.preset
          ? `setting the ${p.preset} rollout strategy on deployment ${p.namespace}/${p.deployment}`
          : `setting maxSurge ${p.maxSurge ?? '(unchanged)'}, maxUnavailable ${
              p.maxUnavailable ?? '(unchanged)'
            } on deployment ${p.namespace}/${p.deployment}`,
    },
    options,
  );
}
