import { createPermission } from '@backstage/plugin-permission-common';

/** The catalog's entity resource type (`RESOURCE_TYPE_CATALOG_ENTITY` in `@backstage/plugin-catalog-common/alpha`). */
const CATALOG_ENTITY = 'catalog-entity';

/**
 * See the Ops tab of an entity: its workloads, certificates, backups, GitOps state, events and operations.
 *
 * @public
 */
export const gsvOpsEntityReadPermission = createPermission({
  name: 'gsv-ops.entity.read',
  attributes: { action: 'read' },
  resourceType: CATALOG_ENTITY,
});

/**
 * See the platform health page: every cluster's nodes, failing pods, certificates, PVCs and warnings.
 *
 * @public
 */
export const gsvOpsPlatformReadPermission = createPermission({
  name: 'gsv-ops.platform.read',
  attributes: { action: 'read' },
});

/** @public */
export const gsvOpsDeploymentRestartPermission = createPermission({
  name: 'gsv-ops.deployment.restart',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/** @public */
export const gsvOpsDeploymentScalePermission = createPermission({
  name: 'gsv-ops.deployment.scale',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/** @public */
export const gsvOpsDeploymentRollbackPermission = createPermission({
  name: 'gsv-ops.deployment.rollback',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/** @public */
export const gsvOpsDeploymentSetResourcesPermission = createPermission({
  name: 'gsv-ops.deployment.set-resources',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Change the bounds of a HorizontalPodAutoscaler (min/max replicas), or pause it at a fixed count.
 *
 * @public
 */
export const gsvOpsAutoscalerScalePermission = createPermission({
  name: 'gsv-ops.autoscaler.scale',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Run a service's database migrations as a Kubernetes Job: list them (plan) or apply them (ops guide §4.4).
 *
 * @public
 */
export const gsvOpsDatabaseMigratePermission = createPermission({
  name: 'gsv-ops.database.migrate',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Change a CloudNativePG Pooler: its PgBouncer instances, pool mode and pool sizes (ops guide 3.3).
 *
 * @public
 */
export const gsvOpsPoolerConfigurePermission = createPermission({
  name: 'gsv-ops.pooler.configure',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Promote the image running in one environment to the next through the GitOps repository (a commit or pull request
 * to the next environment's overlay, then an Argo CD sync). Into prod it runs on the prod cluster: prod's policy and
 * approvals apply.
 *
 * @public
 */
export const gsvOpsImagePromotePermission = createPermission({
  name: 'gsv-ops.image.promote',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Database maintenance with psql in a Kubernetes Job: the bloat report and VACUUM (ANALYZE) (ops guide §7.3).
 *
 * @public
 */
export const gsvOpsDatabaseMaintainPermission = createPermission({
  name: 'gsv-ops.database.maintain',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Run the service-diagnostics runbook: a read-only Job in the service's namespace that checks its database and its
 * declared HTTP dependencies (ops guide §6.3).
 *
 * @public
 */
export const gsvOpsDiagnosticsRunPermission = createPermission({
  name: 'gsv-ops.diagnostics.run',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY,
});

/** @public */
export const gsvOpsDatabaseBackupPermission = createPermission({
  name: 'gsv-ops.database.backup',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY,
});

/** @public */
export const gsvOpsDatabaseSwitchoverPermission = createPermission({
  name: 'gsv-ops.database.switchover',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/** @public */
export const gsvOpsDatabaseRestorePermission = createPermission({
  name: 'gsv-ops.database.restore',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY,
});

/** @public */
export const gsvOpsDatabaseScalePermission = createPermission({
  name: 'gsv-ops.database.scale',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/** @public */
export const gsvOpsCertificateRenewPermission = createPermission({
  name: 'gsv-ops.certificate.renew',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/** @public */
export const gsvOpsSecretRotatePermission = createPermission({
  name: 'gsv-ops.secret.rotate',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/** @public */
export const gsvOpsApplicationSyncPermission = createPermission({
  name: 'gsv-ops.application.sync',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/** @public */
export const gsvOpsWorkloadCleanupPermission = createPermission({
  name: 'gsv-ops.workload.cleanup',
  attributes: { action: 'delete' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Operate on a target in a production environment. Checked in addition to the runbook's own permission, so a policy
 * can say "owners may restart in dev, only the platform team in prod".
 *
 * @public
 */
export const gsvOpsProductionOperatePermission = createPermission({
  name: 'gsv-ops.production.operate',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Run an operation outside its environment's maintenance window, under a declared P1/P2 incident.
 *
 * @public
 */
export const gsvOpsMaintenanceWindowOverridePermission = createPermission({
  name: 'gsv-ops.maintenance-window.override',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Read the logs of an entity's pods on the Ops tab (streamed from the pod log API by the backend; never a shell).
 *
 * @public
 */
export const gsvOpsLogsReadPermission = createPermission({
  name: 'gsv-ops.logs.read',
  attributes: { action: 'read' },
  resourceType: CATALOG_ENTITY,
});

/**
 * See the security of an entity's workloads: image vulnerabilities, what its service accounts may do, failed logins.
 * A map for an attacker, so its owners and the platform team only, like the logs.
 *
 * @public
 */
export const gsvOpsSecurityReadPermission = createPermission({
  name: 'gsv-ops.security.read',
  attributes: { action: 'read' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Approve or reject another person's operation that needs approval (`gsvOps.operations.approvals`). The approver must
 * also be a member of the group the approval names, and is never the requester.
 *
 * @public
 */
export const gsvOpsOperationApprovePermission = createPermission({
  name: 'gsv-ops.operation.approve',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Declare an incident on an entity, change its severity, summary or commander, add notes and resolve it. Reading
 * incidents needs `gsv-ops.entity.read`.
 *
 * @public
 */
export const gsvOpsIncidentManagePermission = createPermission({
  name: 'gsv-ops.incident.manage',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Every GSV Ops permission, for registration with the permissions registry.
 *
 * @public
 */
export const gsvOpsPermissions = [
  gsvOpsEntityReadPermission,
  gsvOpsPlatformReadPermission,
  gsvOpsDeploymentRestartPermission,
  gsvOpsDeploymentScalePermission,
  gsvOpsDeploymentRollbackPermission,
  gsvOpsDeploymentSetResourcesPermission,
  gsvOpsAutoscalerScalePermission,
  gsvOpsDatabaseMigratePermission,
  gsvOpsImagePromotePermission,
  gsvOpsDatabaseMaintainPermission,
  gsvOpsDiagnosticsRunPermission,
  gsvOpsPoolerConfigurePermission,
  gsvOpsDatabaseBackupPermission,
  gsvOpsDatabaseSwitchoverPermission,
  gsvOpsDatabaseRestorePermission,
  gsvOpsDatabaseScalePermission,
  gsvOpsCertificateRenewPermission,
  gsvOpsSecretRotatePermission,
  gsvOpsApplicationSyncPermission,
  gsvOpsWorkloadCleanupPermission,
  gsvOpsProductionOperatePermission,
  gsvOpsMaintenanceWindowOverridePermission,
  gsvOpsOperationApprovePermission,
  gsvOpsLogsReadPermission,
  gsvOpsSecurityReadPermission,
  gsvOpsIncidentManagePermission,
];
