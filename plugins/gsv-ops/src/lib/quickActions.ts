import type {
  ClusterOpsView,
  Level,
  RunbookId,
} from '@gsv/plugin-gsv-ops-common';
import {
  GSV_OPS_ANNOTATIONS,
  levelRank,
  parseNamespacedNames,
  worstFirst,
} from '@gsv/plugin-gsv-ops-common';
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

/** Whether the deployment has a revision to go back to (Kubernetes numbers them from 1). */
const hasPreviousRevision = (revision?: string) => Number(revision) > 1;

/** Roll back (where a previous revision exists; first when the rollout stalled), restart and scale the worst deployment. */
function deploymentActions(view: ClusterOpsView): QuickAction[] {
  const [deployment] = firstOf(
    view.deployments,
    worstFirst(d => d.level),
  );
  if (!deployment) return [];
  const target = runbookTarget(view, deployment);
  const failedRollout = deployment.rollout.stalled;
  const rollback: QuickAction[] =
    failedRollout || hasPreviousRevision(deployment.revision)
      ? [
          {
            runbook: 'deployment-rollback',
            target,
            label: `Roll back ${deployment.name}`,
            emphasis: failedRollout,
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

/**
 * Scale the service's workers: the deployment its `gsv.io/worker-deployment` annotation names (the same one the
 * backend's "scale workers" recommendation targets), when it runs in this cluster.
 */
function workerActions(
  view: ClusterOpsView,
  annotations: Record<string, string>,
): QuickAction[] {
  const [named] = parseNamespacedNames(
    annotations[GSV_OPS_ANNOTATIONS.workerDeployment],
  );
  const namespace =
    named?.namespace ?? annotations[GSV_OPS_ANNOTATIONS.kubernetesNamespace];
  const worker = view.deployments.find(
    d => d.name === named?.name && (!namespace || d.namespace === namespace),
  );
  if (!worker) return [];
  return [
    {
      ...scaleAction(view, worker),
      label: `Scale workers (${worker.name})`,
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
 * and (where a previous revision exists) roll back the worst deployment, scale the workers (entity annotation), back up the database, renew the most urgent
 * certificate, sync the application, rotate the secret. Actions that address a problem come first.
 */
export function quickActionsFor(
  view: ClusterOpsView,
  annotations: Record<string, string> = {},
): QuickAction[] {
  return [
    ...deploymentActions(view),
    ...workerActions(view, annotations),
    ...otherActions(view),
  ]
    .map((action, index) => ({ action, index }))
    .sort(
      (a, b) =>
        Number(b.action.emphasis) - Number(a.action.emphasis) ||
        a.index - b.index,
    )
    .map(({ action }) => action);
}
