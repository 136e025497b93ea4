import { createRunbookAction } from '../lib/createRunbookAction';
import type { RunbookActionOptions } from '../lib/types';
import { examples } from './scaleAutoscaler.examples';

/**
 * Creates the `gsv:autoscaler:scale` action: changes the min/max replicas of a HorizontalPodAutoscaler, or pauses it
 * at a fixed count, and waits until the HPA and its deployment are within the new bounds (ops guide 3.1).
 *
 * @public
 */
export function createScaleAutoscalerAction(options: RunbookActionOptions) {
  return createRunbookAction(
    {
      runbook: 'autoscaler-scale',
      examples,
      describe: p =>
        p.pauseAt !== undefined
          ? `pausing HPA ${p.namespace}/${p.autoscaler} at ${p.pauseAt} replicas`
          : `setting HPA ${p.namespace}/${p.autoscaler} to min ${p.minReplicas ?? '(unchanged)'}, max ${p.maxReplicas ?? '(unchanged)'}`,
    },
    options,
  );
}
