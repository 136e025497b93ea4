import type { DeploymentView, PodView } from '@gsv/plugin-gsv-ops-common';

/** A word for the state of a deployment that says more than the level. */
export function deploymentState(deployment: DeploymentView): string {
  if (deployment.rollout.stalled) return 'Rollout stalled';
  if (deployment.desiredReplicas > 0 && deployment.readyReplicas === 0)
    return 'Unavailable';
  if (deployment.readyReplicas < deployment.desiredReplicas) return 'Degraded';
  if (deployment.rollout.inProgress) return 'Progressing';
  if (deployment.desiredReplicas === 0) return 'Scaled to zero';
  return 'Available';
}

/** "Complete", "In progress: 2/3 updated", "Stalled: 2/3 updated". */
export function rolloutText(deployment: DeploymentView): string {
  const updated = `${deployment.updatedReplicas}/${deployment.desiredReplicas} updated`;
  if (deployment.rollout.stalled) return `Stalled: ${updated}`;
  if (deployment.rollout.inProgress) return `In progress: ${updated}`;
  return 'Complete';
}

/** Pods that finished (jobs) are not "not ready": "2/2 ready, 3 completed", "3 completed". */
export function podsSummary(pods: PodView[]): string {
  const completed = pods.filter(
    p => p.status === 'Completed' || p.phase === 'Succeeded',
  ).length;
  const active = pods.length - completed;
  const ready = pods.filter(p => p.ready).length;
  const parts: string[] = [];
  if (active > 0) parts.push(`${ready}/${active} ready`);
  if (completed > 0) parts.push(`${completed} completed`);
  return parts.join(', ');
}
