import type { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  gsvOpsApplicationSyncPermission,
  gsvOpsAutoscalerScalePermission,
  gsvOpsImagePromotePermission,
  gsvOpsCertificateRenewPermission,
  gsvOpsDatabaseBackupPermission,
  gsvOpsDatabaseMaintainPermission,
  gsvOpsDiagnosticsRunPermission,
  gsvOpsDatabaseMigratePermission,
  gsvOpsDatabaseRestorePermission,
  gsvOpsDatabaseScalePermission,
  gsvOpsDatabaseSwitchoverPermission,
  gsvOpsDeploymentRestartPermission,
  gsvOpsDeploymentRollbackPermission,
  gsvOpsDeploymentScalePermission,
  gsvOpsDeploymentSetResourcesPermission,
  gsvOpsPoolerConfigurePermission,
  gsvOpsSecretRotatePermission,
  gsvOpsWorkloadCleanupPermission,
} from './permissions';

/**
 * The kind of object a runbook operates on; the picker endpoint lists candidates of this kind for an entity.
 *
 * @public
 */
export type RunbookTargetKind =
  | 'deployment'
  | 'database'
  | 'certificate'
  | 'externalSecret'
  | 'application'
  | 'namespace'
  | 'autoscaler'
  | 'pooler';

/** @public */
export interface RunbookDefinition {
  /** Stable id used by the operations API and the audit log. */
  id: RunbookId;
  title: string;
  description: string;
  /** The section of the ops guide this runbook implements. */
  guideSection: string;
  targetKind: RunbookTargetKind;
  permission: ResourcePermission<'catalog-entity'>;
  /** The scaffolder action that runs it. */
  actionId: string;
  /** The curated template (kind Template, namespace default) that fronts it. */
  templateName: string;
  /** Whether it changes the cluster in a way a careless click could hurt (confirmation is always required). */
  destructive: boolean;
}

/** @public */
export type RunbookId =
  | 'deployment-restart'
  | 'deployment-scale'
  | 'deployment-rollback'
  | 'deployment-set-resources'
  | 'database-backup'
  | 'database-switchover'
  | 'certificate-renew'
  | 'secret-rotate'
  | 'application-sync'
  | 'database-restore'
  | 'database-scale'
  | 'workload-cleanup'
  | 'autoscaler-scale'
  | 'database-migrate'
  | 'image-promote'
  | 'database-maintenance'
  | 'service-diagnostics'
  | 'pooler-configure'
  | 'deployment-rollout-strategy';

/**
 * The runbooks of the ops guide that GSV Ops turns into self-service, in the guide's order.
 *
 * @public
 */
export const RUNBOOKS: ReadonlyArray<RunbookDefinition> = [
  {
    id: 'deployment-restart',
    title: 'Restart deployment',
    description:
      'Rolling restart, then wait for the rollout and verify the pods are ready and not crash-looping.',
    guideSection: '10.1',
    targetKind: 'deployment',
    permission: gsvOpsDeploymentRestartPermission,
    actionId: 'gsv:deployment:restart',
    templateName: 'gsv-restart-deployment',
    destructive: false,
  },
  {
    id: 'deployment-scale',
    title: 'Scale deployment',
    description:
      'Set the replica count of a deployment or of the workers, within the platform caps.',
    guideSection: '3.1',
    targetKind: 'deployment',
    permission: gsvOpsDeploymentScalePermission,
    actionId: 'gsv:deployment:scale',
    templateName: 'gsv-scale-deployment',
    destructive: false,
  },
  {
    id: 'deployment-rollback',
    title: 'Roll back deployment',
    description:
      'Roll back to the previous revision, as `kubectl rollout undo` does, and wait for the rollout.',
    guideSection: '6.2',
    targetKind: 'deployment',
    permission: gsvOpsDeploymentRollbackPermission,
    actionId: 'gsv:deployment:rollback',
    templateName: 'gsv-rollback-deployment',
    destructive: true,
  },
  {
    id: 'deployment-set-resources',
    title: 'Set deployment resources',
    description:
      "Change a container's CPU and memory requests and limits, and wait for the rollout.",
    guideSection: '3.2',
    targetKind: 'deployment',
    permission: gsvOpsDeploymentSetResourcesPermission,
    actionId: 'gsv:deployment:set-resources',
    templateName: 'gsv-set-deployment-resources',
    destructive: false,
  },
  {
    id: 'database-backup',
    title: 'Back up database now',
    description:
      'Request an on-demand CloudNativePG backup and wait until it completes or fails.',
    guideSection: '5.1',
    targetKind: 'database',
    permission: gsvOpsDatabaseBackupPermission,
    actionId: 'gsv:database:backup',
    templateName: 'gsv-backup-database',
    destructive: false,
  },
  {
    id: 'database-switchover',
    title: 'Switch over database',
    description:
      'Promote a healthy replica to primary (as `kubectl cnpg promote` does), then verify the service stays ready.',
    guideSection: '10.2',
    targetKind: 'database',
    permission: gsvOpsDatabaseSwitchoverPermission,
    actionId: 'gsv:database:switchover',
    templateName: 'gsv-switchover-database',
    destructive: true,
  },
  {
    id: 'certificate-renew',
    title: 'Renew certificate',
    description:
      'Trigger re-issuance the way `cmctl renew` does (Issuing condition), and wait for the new revision to be Ready.',
    guideSection: '10.3',
    targetKind: 'certificate',
    permission: gsvOpsCertificateRenewPermission,
    actionId: 'gsv:certificate:renew',
    templateName: 'gsv-renew-certificate',
    destructive: false,
  },
  {
    id: 'secret-rotate',
    title: 'Rotate secret',
    description:
      'Refresh an ExternalSecret, wait for the sync, then optionally restart the deployments that use it.',
    guideSection: '8.3',
    targetKind: 'externalSecret',
    permission: gsvOpsSecretRotatePermission,
    actionId: 'gsv:secret:rotate',
    templateName: 'gsv-rotate-secret',
    destructive: false,
  },
  {
    id: 'application-sync',
    title: 'Sync Argo CD application',
    description:
      "Sync the service's Argo CD application and wait for Synced and Healthy.",
    guideSection: '4.1',
    targetKind: 'application',
    permission: gsvOpsApplicationSyncPermission,
    actionId: 'gsv:application:sync',
    templateName: 'gsv-sync-application',
    destructive: false,
  },
  {
    id: 'database-restore',
    title: 'Restore database to a point in time',
    description:
      'Create a new CloudNativePG cluster recovered to a time inside the recoverability window; the source is untouched.',
    guideSection: '5.2',
    targetKind: 'database',
    permission: gsvOpsDatabaseRestorePermission,
    actionId: 'gsv:database:restore',
    templateName: 'gsv-restore-database',
    destructive: false,
  },
  {
    id: 'database-scale',
    title: 'Scale database instances',
    description:
      'Change the number of PostgreSQL instances of a CloudNativePG cluster and wait until all are ready.',
    guideSection: '3.3',
    targetKind: 'database',
    permission: gsvOpsDatabaseScalePermission,
    actionId: 'gsv:database:scale',
    templateName: 'gsv-scale-database',
    destructive: false,
  },
  {
    id: 'workload-cleanup',
    title: 'Clean up old jobs and ReplicaSets',
    description:
      "Delete the service's completed Jobs and old zero-replica ReplicaSets, within the caps.",
    guideSection: '9.2',
    targetKind: 'namespace',
    permission: gsvOpsWorkloadCleanupPermission,
    actionId: 'gsv:workload:cleanup',
    templateName: 'gsv-cleanup-workloads',
    destructive: true,
  },
  {
    id: 'autoscaler-scale',
    title: 'Scale autoscaler',
    description:
      'Change the min/max replicas of a HorizontalPodAutoscaler, or pause it at a fixed count, and wait until the HPA and its target agree.',
    guideSection: '3.1',
    targetKind: 'autoscaler',
    permission: gsvOpsAutoscalerScalePermission,
    actionId: 'gsv:autoscaler:scale',
    templateName: 'gsv-scale-autoscaler',
    destructive: false,
  },
  {
    id: 'database-migrate',
    title: 'Migrate database',
    description:
      "List (plan) or apply the service's database migrations, run as a Kubernetes Job from the deployment's pod template.",
    guideSection: '4.4',
    targetKind: 'deployment',
    permission: gsvOpsDatabaseMigratePermission,
    actionId: 'gsv:database:migrate',
    templateName: 'gsv-migrate-database',
    destructive: false,
  },
  {
    id: 'image-promote',
    title: 'Promote image',
    description:
      "Promote the image tag running in one environment to the next (dev → qa → prod): change the next environment's overlay in the GitOps repository, sync its Argo CD application and wait for Synced/Healthy.",
    guideSection: '4.1',
    targetKind: 'application',
    permission: gsvOpsImagePromotePermission,
    actionId: 'gsv:image:promote',
    templateName: 'gsv-promote-image',
    destructive: false,
  },
  {
    id: 'database-maintenance',
    title: 'Database maintenance',
    description:
      'Report dead tuples and bloat per table (read-only), or run VACUUM (ANALYZE), with psql in a Kubernetes Job from the database image.',
    guideSection: '7.3',
    targetKind: 'database',
    permission: gsvOpsDatabaseMaintainPermission,
    actionId: 'gsv:database:maintain',
    templateName: 'gsv-maintain-database',
    destructive: false,
  },
  {
    id: 'service-diagnostics',
    title: 'Diagnose service',
    description:
      "Check the service's database connectivity and its declared HTTP dependencies from a read-only Kubernetes Job with the deployment's pod template.",
    guideSection: '6.3',
    targetKind: 'deployment',
    permission: gsvOpsDiagnosticsRunPermission,
    actionId: 'gsv:service:diagnose',
    templateName: 'gsv-diagnose-service',
    destructive: false,
  },
  {
    id: 'pooler-configure',
    title: 'Configure pooler',
    description:
      'Change the PgBouncer instances, pool mode and pool sizes of a CloudNativePG Pooler within the caps and the database’s max_connections, and wait until the pooler runs with them.',
    guideSection: '3.3',
    targetKind: 'pooler',
    permission: gsvOpsPoolerConfigurePermission,
    actionId: 'gsv:pooler:configure',
    templateName: 'gsv-configure-pooler',
    destructive: false,
  },
  {
    id: 'deployment-rollout-strategy',
    title: 'Set rollout strategy',
    description:
      'Set maxSurge/maxUnavailable of a deployment’s rolling update (preset: zero downtime, surge 1, unavailable 0) without restarting its pods.',
    guideSection: '7.3',
    targetKind: 'deployment',
    permission: gsvOpsDeploymentSetResourcesPermission,
    actionId: 'gsv:deployment:set-rollout-strategy',
    templateName: 'gsv-set-rollout-strategy',
    destructive: false,
  },
];

/**
 * Looks up a runbook by id.
 *
 * @public
 */
export function getRunbook(id: string): RunbookDefinition | undefined {
  return RUNBOOKS.find(runbook => runbook.id === id);
}
