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
import { AUDIENCES, type Audience, DEFAULT_DECISIONS } from './decisions';

const DEFAULT_PLATFORM_TEAMS = ['group:default/platform-team'];

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * Who may do what in the GSV Backstage, decided explicitly for every permission (see `decisions.ts`):
 *
 * - nobody anonymous gets anything;
 * - members of a platform team hold every permission the table or the config names, in every environment;
 * - owners of an entity operate it outside production (conditional `IS_ENTITY_OWNER`);
 * - a permission nobody decided — say, of a plugin installed later — is denied to everyone until
 *   `gsvOps.policy.permissions` or the table names it. Nothing is allowed by fallback.
 *
 * @public
 */
export class GsvPermissionPolicy implements PermissionPolicy {
  /** The policy from `gsvOps.policy` (platform teams, decision overrides) on top of the built-in table. */
  static fromConfig(config: Config, options: { userInfo: UserInfoService }): GsvPermissionPolicy {
    return new GsvPermissionPolicy({
      platformTeams: config.getOptionalStringArray('gsvOps.policy.platformTeams') ?? DEFAULT_PLATFORM_TEAMS,
      decisions: { ...DEFAULT_DECISIONS, ...readDecisionOverrides(config) },
      userInfo: options.userInfo,
    });
  }

  private readonly platformTeams: string[];
  private readonly decisions: Readonly<Record<string, Audience>>;
  private readonly userInfo: UserInfoService;

  constructor(options: {
    platformTeams: string[];
    decisions?: Readonly<Record<string, Audience>>;
    userInfo: UserInfoService;
  }) {
    this.platformTeams = options.platformTeams;
    this.decisions = options.decisions ?? DEFAULT_DECISIONS;
    this.userInfo = options.userInfo;
  }

  /** The audience of a permission, or undefined when nobody decided it (denied). */
  audienceOf(permissionName: string): Audience | undefined {
    return Object.prototype.hasOwnProperty.call(this.decisions, permissionName)
      ? this.decisions[permissionName]
      : undefined;
  }

  async handle(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    const { permission } = request;
    const audience = this.audienceOf(permission.name);
    if (!user || !audience || audience === 'nobody') return DENY;

    const claims = (await this.userInfo.getUserInfo(user.credentials)).ownershipEntityRefs;
    if (claims.some(ref => this.platformTeams.includes(ref))) return ALLOW;

    switch (audience) {
      case 'signed-in':
        return ALLOW;
      case 'owners':
        if (isResourcePermission(permission, 'catalog-entity') && claims.length > 0) {
          return createCatalogConditionalDecision(permission, catalogConditions.isEntityOwner({ claims }));
        }
        return DENY;
      default:
        return DENY;
    }
  }
}

/** `gsvOps.policy.permissions`: `[{ name: kubernetes.proxy, allow: signed-in }, …]`. */
function readDecisionOverrides(config: Config): Record<string, Audience> {
  const overrides: Record<string, Audience> = {};
  (config.getOptionalConfigArray('gsvOps.policy.permissions') ?? []).forEach((entry, i) => {
    const path = `gsvOps.policy.permissions[${i}]`;
    const name = entry.getString('name');
    const allow = entry.getString('allow');
    if (!(AUDIENCES as readonly string[]).includes(allow)) {
      throw new Error(`Invalid configuration at ${path}.allow: '${allow}' is not one of ${AUDIENCES.join(', ')}`);
    }
    if (Object.prototype.hasOwnProperty.call(overrides, name)) {
      throw new Error(`Invalid configuration at ${path}.name: '${name}' is decided twice`);
    }
    overrides[name] = allow as Audience;
  });
  return overrides;
}
