import type {
  ClusterOpsView,
  Level,
  RunbookId,
} from '@gsv/plugin-gsv-ops-common';
import { levelRank, worstFirst } from '@gsv/plugin-gsv-ops-common';
import type { RunbookTarget } from './runbookLinks';

export interface QuickAction {
  runbook: RunbookId;
  target: RunbookTarget;
  /** e.g. "Restart agent-registry". */
  label: string;
  /** The action fits a problem on screen (filled button, listed first). */
  emphasis: boolean;
}

const bad = (level: Level) => levelRank(level) >= levelRank('warning');

/**
 * The runbooks that fit what a cluster's view shows, each aimed at the object that most needs it: restart, scale
 * and (for a failed rollout) roll back the worst deployment, back up the database, renew the most urgent
 * certificate, sync the application, rotate the secret. Actions that address a problem come first.
 */
export function quickActionsFor(view: ClusterOpsView): QuickAction[] {
  const { name: cluster, environment } = view.cluster;
  const target = (namespace: string, name: string): RunbookTarget => ({
    cluster,
    environment,
    namespace,
    name,
  });
  const actions: QuickAction[] = [];

  const deployment = [...view.deployments].sort(worstFirst(d => d.level))[0];
  if (deployment) {
    const t = target(deployment.namespace, deployment.name);
    const failedRollout = deployment.rollout.stalled;
    if (failedRollout) {
      actions.push({
        runbook: 'deployment-rollback',
        target: t,
        label: `Roll back ${deployment.name}`,
        emphasis: true,
      });
    }
    actions.push({
      runbook: 'deployment-restart',
      target: t,
      label: `Restart ${deployment.name}`,
      emphasis: bad(deployment.level) && !failedRollout,
    });
    actions.push({
      runbook: 'deployment-scale',
      target: { ...t, parameters: { replicas: deployment.desiredReplicas } },
      label: `Scale ${deployment.name}`,
      emphasis: false,
    });
  }

  for (const database of view.databases) {
    actions.push({
      runbook: 'database-backup',
      target: target(database.namespace, database.name),
      label: `Back up ${database.name} now`,
      emphasis: bad(database.level),
    });
  }

  const certificate = [...view.certificates].sort(
    worstFirst(
      c => c.level,
      (a, b) => (a.daysToExpiry ?? Infinity) - (b.daysToExpiry ?? Infinity),
    ),
  )[0];
  if (certificate) {
    actions.push({
      runbook: 'certificate-renew',
      target: target(certificate.namespace, certificate.name),
      label: `Renew ${certificate.name}`,
      emphasis: bad(certificate.level),
    });
  }

  for (const application of view.applications) {
    actions.push({
      runbook: 'application-sync',
      target: target(application.namespace, application.name),
      label: `Sync ${application.name}`,
      emphasis: application.syncStatus === 'OutOfSync',
    });
  }

  const secret = [...view.externalSecrets].sort(worstFirst(s => s.level))[0];
  if (secret) {
    actions.push({
      runbook: 'secret-rotate',
      target: target(secret.namespace, secret.name),
      label: `Rotate ${secret.name}`,
      emphasis: bad(secret.level),
    });
  }

  return actions
    .map((action, index) => ({ action, index }))
    .sort(
      (a, b) =>
        Number(b.action.emphasis) - Number(a.action.emphasis) ||
        a.index - b.index,
    )
    .map(({ action }) => action);
}
