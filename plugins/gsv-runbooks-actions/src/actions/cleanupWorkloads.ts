import { createRunbookAction } from '../lib/createRunbookAction';
import type { RunbookActionOptions } from '../lib/types';
import { examples } from './cleanupWorkloads.examples';

/**
 * Creates the `gsv:workload:cleanup` action: deletes the service's completed Jobs and old zero-replica ReplicaSets in a namespace, within the caps (ops guide 9.2). Destructive.
 *
 * @public
 */
export function createCleanupWorkloadsAction(options: RunbookActionOptions) {
  return createRunbookAction(
    {
      runbook: 'workload-cleanup',
      examples,
      describe: p =>
        `a clean-up in namespace ${p.namespace}: Jobs completed over ${p.completedJobsOlderThanHours} h ago and zero-replica ReplicaSets beyond the newest ${p.keepReplicaSets}, at most ${p.maxDeletions} objects`,
    },
    options,
  );
}
