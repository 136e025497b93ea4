import type { BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult, type ResourcePermission } from '@backstage/plugin-permission-common';
import {
  gsvOpsMaintenanceWindowOverridePermission,
  gsvOpsProductionOperatePermission,
  type RunbookDefinition,
  type StartOperationRequest,
} from '@gsv/plugin-gsv-ops-common';
import type { GsvOpsCluster } from '../../services/ClusterRegistry/types';

/** A permission asked for, with what it allows in words ("run 'Restart deployment' on …"). */
export interface PermissionCheck {
  permission: ResourcePermission<'catalog-entity'>;
  why: string;
}

/**
 * The permissions an operation needs, on its entity and with the caller's credentials: the runbook's, plus
 * `gsv-ops.production.operate` in production, plus `gsv-ops.maintenance-window.override` with an incident. Throws
 * NotAllowedError naming the first one missing; returns the checks for the audit record.
 */
export async function authorizeStart(options: {
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  request: StartOperationRequest;
  definition: RunbookDefinition;
  entityRef: string;
  cluster: GsvOpsCluster;
}): Promise<PermissionCheck[]> {
  const { definition, entityRef, cluster, request } = options;
  const checks: PermissionCheck[] = [{ permission: definition.permission, why: `run '${definition.title}' on ${entityRef}` }];
  if (String(cluster.environment) === 'prod') {
    checks.push({ permission: gsvOpsProductionOperatePermission, why: `operate on ${entityRef} in production (cluster ${cluster.name})` });
  }
  if (request.incident) {
    checks.push({
      permission: gsvOpsMaintenanceWindowOverridePermission,
      why: `override the maintenance window under incident ${request.incident.id}`,
    });
  }
  await requireAll(options.permissions, checks, entityRef, options.credentials);
  return checks;
}

/** Throws NotAllowedError for the first check the caller does not pass. */
export async function requireAll(
  permissions: PermissionsService,
  checks: PermissionCheck[],
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<void> {
  const decisions = await permissions.authorize(
    checks.map(c => ({ permission: c.permission, resourceRef: entityRef })),
    { credentials },
  );
  decisions.forEach((d, i) => {
    if (d.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You are not allowed to ${checks[i].why} (permission ${checks[i].permission.name})`);
    }
  });
}
