import type { BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult, BasicPermission, ResourcePermission } from '@backstage/plugin-permission-common';
import { gsvOpsEntityReadPermission, gsvOpsPlatformReadPermission } from '@gsv/plugin-gsv-ops-common';
import type { OpsService } from './types';

/**
 * The permission-checking wrapper of {@link OpsService} (the catalog's Authorized* pattern): entity reads need
 * `gsv-ops.entity.read` on that entity (conditional decisions are resolved by the permission framework against
 * the catalog), the platform page needs `gsv-ops.platform.read`. A denial is a NotAllowedError (403).
 */
export class AuthorizedOpsService implements OpsService {
  constructor(
    private readonly service: OpsService,
    private readonly permissions: PermissionsService,
  ) {}

  async getEntityView(options: Parameters<OpsService['getEntityView']>[0]) {
    await this.require(gsvOpsEntityReadPermission, options.credentials, options.entityRef);
    return this.service.getEntityView(options);
  }

  async getPlatformHealth(options: Parameters<OpsService['getPlatformHealth']>[0]) {
    await this.require(gsvOpsPlatformReadPermission, options.credentials);
    return this.service.getPlatformHealth(options);
  }

  async listTargets(options: Parameters<OpsService['listTargets']>[0]) {
    await this.require(gsvOpsEntityReadPermission, options.credentials, options.entityRef);
    return this.service.listTargets(options);
  }

  private async require(
    permission: BasicPermission | ResourcePermission,
    credentials: BackstageCredentials,
    resourceRef?: string,
  ): Promise<void> {
    const [decision] = await this.permissions.authorize(
      [resourceRef ? { permission: permission as ResourcePermission, resourceRef } : { permission: permission as BasicPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}${resourceRef ? ` on ${resourceRef}` : ''}`);
    }
  }
}
