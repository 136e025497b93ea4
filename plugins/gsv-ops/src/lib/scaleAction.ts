import type { DeploymentView, RunbookId } from '@gsv/plugin-gsv-ops-common';
import { runbookTarget, type RunbookTarget } from './runbookLinks';

/**
 * How to scale a deployment: through its HPA's bounds when an autoscaler manages it (a direct scale would be undone
 * and is refused), else the deployment's replicas. The form opens with the current values.
 */
export function scaleAction(
  view: Parameters<typeof runbookTarget>[0],
  deployment: Pick<
    DeploymentView,
    'namespace' | 'name' | 'desiredReplicas' | 'hpa'
  >,
): { runbook: RunbookId; target: RunbookTarget } {
  const hpa = deployment.hpa;
  if (hpa) {
    return {
      runbook: 'autoscaler-scale',
      target: runbookTarget(view, hpa, {
        minReplicas: hpa.minReplicas,
        maxReplicas: hpa.maxReplicas,
      }),
    };
  }
  return {
    runbook: 'deployment-scale',
    target: runbookTarget(view, deployment, {
      replicas: deployment.desiredReplicas,
    }),
  };
}
