import type { UserInfoService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  AuthorizeResult,
  isResourcePermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type { PermissionPolicy, PolicyQuery, PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  gsvOpsEntityReadPermission,
  gsvOpsPermissions,
  gsvOpsPlatformReadPermission,
  gsvOpsProductionOperatePermission,
} from '@gsv/plugin-gsv-ops-common';

const DEFAULT_PLATFORM_TEAMS = ['group:default/platform-team'];

const gsvOpsPermissionNames = new Set(gsvOpsPermissions.map(p => p.name));

/**
 * Who may do what with GSV Ops:
 *
 * - members of a platform team may do everything, in every environment;
 * - every signed-in user may read the Ops views and the platform page;
 * - the owners of an entity may run its runbooks and override a maintenance window under an incident, outside
 *   production only (`gsv-ops.production.operate` is the platform team's);
 * - the catalog and the scaffolder keep their usual open behaviour, except that only a platform team may delete
 *   catalog entities.
 */
export class GsvPermissionPolicy implements PermissionPolicy {
  static fromConfig(config: Config, options: { userInfo: UserInfoService }): GsvPermissionPolicy {
    return new GsvPermissionPolicy({
      platformTeams: config.getOptionalStringArray('gsvOps.policy.platformTeams') ?? DEFAULT_PLATFORM_TEAMS,
      userInfo: options.userInfo,
    });
  }

  private readonly platformTeams: string[];
  private readonly userInfo: UserInfoService;

  constructor(options: { platformTeams: string[]; userInfo: UserInfoService }) {
    this.platformTeams = options.platformTeams;
    this.userInfo = options.userInfo;
  }

  async handle(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    const { permission } = request;
    const claims = user
      ? (await this.userInfo.getUserInfo(user.credentials)).ownershipEntityRefs
      : [];

    if (claims.some(ref => this.platformTeams.includes(ref))) {
      return { result: AuthorizeResult.ALLOW };
    }

    if (permission.name === 'catalog.entity.delete') {
      return { result: AuthorizeResult.DENY };
    }

    if (!gsvOpsPermissionNames.has(permission.name)) {
      return { result: AuthorizeResult.ALLOW };
    }

    if (
      permission.name === gsvOpsEntityReadPermission.name ||
      permission.name === gsvOpsPlatformReadPermission.name
    ) {
      return user ? { result: AuthorizeResult.ALLOW } : { result: AuthorizeResult.DENY };
    }

    if (permission.name === gsvOpsProductionOperatePermission.name) {
      return { result: AuthorizeResult.DENY };
    }

    if (isResourcePermission(permission, 'catalog-entity') && claims.length > 0) {
      return createCatalogConditionalDecision(permission, catalogConditions.isEntityOwner({ claims }));
    }

    return { result: AuthorizeResult.DENY };
  }
}
