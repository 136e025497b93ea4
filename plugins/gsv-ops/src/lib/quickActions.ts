import type {
  ClusterOpsView,
  Level,
  RunbookId,
} from '@gsv/plugin-gsv-ops-common';
import { levelRank, worstFirst } from '@gsv/plugin-gsv-ops-common';
import { mostUrgentCertificateFirst } from './certificates';
import { runbookTarget, type RunbookTarget } from './runbookLinks';
import { scaleAction } from './scaleAction';

export interface QuickAction {
  runbook: RunbookId;
  target: RunbookTarget;
  /** e.g. "Restart agent-registry". */
  label: string;
  /** The action fits a problem on screen (filled button, listed first). */
  emphasis: boolean;
}

const bad = (level: Level) => levelRank(level) >= levelRank('warning');

/** The first of `items` in the order of `compare`, as a list of none or one. */
const firstOf = <T>(items: T[], compare: (a: T, b: T) => number): T[] =>
  [...items].sort(compare).slice(0, 1);

/** Roll back (when the rollout stalled), restart and scale the worst deployment. */
function deploymentActions(view: ClusterOpsView): QuickAction[] {
  const [deployment] = firstOf(
    view.deployments,
    worstFirst(d => d.level),
  );
  if (!deployment) return [];
  const target = runbookTarget(view, deployment);
  const failedRollout = deployment.rollout.stalled;
  const rollback: QuickAction[] = failedRollout
    ? [
        {
          runbook: 'deployment-rollback',
          target,
          label: `Roll back ${deployment.name}`,
          emphasis: true,
        },
      ]
    : [];
  return [
    ...rollback,
    {
      runbook: 'deployment-restart',
      target,
      label: `Restart ${deployment.name}`,
      emphasis: bad(deployment.level) && !failedRollout,
    },
    {
      ...scaleAction(view, deployment),
      label: `Scale ${deployment.name}`,
      emphasis: false,
    },
  ];
}

/** Back up each database, renew the most urgent certificate, sync each application, rotate the worst secret. */
function otherActions(view: ClusterOpsView): QuickAction[] {
  return [
    ...view.databases.map(
      (database): QuickAction => ({
        runbook: 'database-backup',
        target: runbookTarget(view, database),
        label: `Back up ${database.name} now`,
        emphasis: bad(database.level),
      }),
    ),
    ...firstOf(view.certificates, mostUrgentCertificateFirst).map(
      (certificate): QuickAction => ({
        runbook: 'certificate-renew',
        target: runbookTarget(view, certificate),
        label: `Renew ${certificate.name}`,
        emphasis: bad(certificate.level),
      }),
    ),
    ...view.applications.map(
      (application): QuickAction => ({
        runbook: 'application-sync',
        target: runbookTarget(view, application),
        label: `Sync ${application.name}`,
        emphasis: application.syncStatus === 'OutOfSync',
      }),
    ),
    ...firstOf(
      view.externalSecrets,
      worstFirst(s => s.level),
    ).map(
      (secret): QuickAction => ({
        runbook: 'secret-rotate',
        target: runbookTarget(view, secret),
        label: `Rotate ${secret.name}`,
        emphasis: bad(secret.level),
      }),
    ),
  ];
}

/**
 * The runbooks that fit what a cluster's view shows, each aimed at the object that most needs it: restart, scale
 * and (for a failed rollout) roll back the worst deployment, back up the database, renew the most urgent
 * certificate, sync the application, rotate the secret. Actions that address a problem come first.
 */
export function quickActionsFor(view: ClusterOpsView): QuickAction[] {
  return [...deploymentActions(view), ...otherActions(view)]
    .map((action, index) => ({ action, index }))
    .sort(
      (a, b) =>
        Number(b.action.emphasis) - Number(a.action.emphasis) ||
        a.index - b.index,
    )
    .map(({ action }) => action);
}
