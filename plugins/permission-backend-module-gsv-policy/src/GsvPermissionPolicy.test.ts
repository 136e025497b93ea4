import type { UserInfoService } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult, createPermission } from '@backstage/plugin-permission-common';
import {
  gsvOpsDeploymentRestartPermission,
  gsvOpsEntityReadPermission,
  gsvOpsPlatformReadPermission,
  gsvOpsPermissions,
  gsvOpsProductionOperatePermission,
} from '@gsv/plugin-gsv-ops-common';
import { GsvPermissionPolicy } from './GsvPermissionPolicy';

const users: Record<string, string[]> = {
  'user:default/jane': ['user:default/jane', 'group:default/cmp-team'],
  'user:default/pat': ['user:default/pat', 'group:default/platform-team'],
};

const userInfo: UserInfoService = {
  async getUserInfo(credentials) {
    const ref = (credentials.principal as { userEntityRef: string }).userEntityRef;
    return { userEntityRef: ref, ownershipEntityRefs: users[ref] };
  },
};

const policy = GsvPermissionPolicy.fromConfig(new ConfigReader({}), { userInfo });
const as = (ref: string) => ({
  credentials: mockCredentials.user(ref),
  info: { userEntityRef: ref, ownershipEntityRefs: users[ref] },
});

describe('GsvPermissionPolicy', () => {
  it('lets a service owner run runbooks on entities they own, outside production', async () => {
    const decision = await policy.handle({ permission: gsvOpsDeploymentRestartPermission }, as('user:default/jane'));
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: ['user:default/jane', 'group:default/cmp-team'] },
      },
    });
    await expect(
      policy.handle({ permission: gsvOpsProductionOperatePermission }, as('user:default/jane')),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('lets the platform team do everything, production included', async () => {
    for (const permission of [gsvOpsDeploymentRestartPermission, gsvOpsProductionOperatePermission]) {
      await expect(policy.handle({ permission }, as('user:default/pat'))).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('lets every signed-in user read the Ops views, and nobody anonymous', async () => {
    for (const permission of [gsvOpsEntityReadPermission, gsvOpsPlatformReadPermission]) {
      await expect(policy.handle({ permission }, as('user:default/jane'))).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
      await expect(policy.handle({ permission })).resolves.toEqual({ result: AuthorizeResult.DENY });
    }
  });

  it('keeps the catalog open but reserves entity deletion to the platform team', async () => {
    const read = createPermission({ name: 'catalog.entity.read', attributes: { action: 'read' } });
    const remove = createPermission({ name: 'catalog.entity.delete', attributes: { action: 'delete' } });
    await expect(policy.handle({ permission: read }, as('user:default/jane'))).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
    await expect(policy.handle({ permission: remove }, as('user:default/jane'))).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
    await expect(policy.handle({ permission: remove }, as('user:default/pat'))).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('denies a permission nobody decided to everyone, the platform team included', async () => {
    const unknown = createPermission({ name: 'someplugin.thing.delete', attributes: { action: 'delete' } });
    for (const who of ['user:default/jane', 'user:default/pat']) {
      await expect(policy.handle({ permission: unknown }, as(who))).resolves.toEqual({ result: AuthorizeResult.DENY });
    }
  });

  it('keeps the official Kubernetes proxy to the platform team unless config says otherwise', async () => {
    const proxy = createPermission({ name: 'kubernetes.proxy', attributes: {} });
    const resources = createPermission({ name: 'kubernetes.resources.read', attributes: { action: 'read' } });
    await expect(policy.handle({ permission: proxy }, as('user:default/jane'))).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
    await expect(policy.handle({ permission: proxy }, as('user:default/pat'))).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
    await expect(policy.handle({ permission: resources }, as('user:default/jane'))).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
    const open = GsvPermissionPolicy.fromConfig(
      new ConfigReader({ gsvOps: { policy: { permissions: [{ name: 'kubernetes.proxy', allow: 'signed-in' }] } } }),
      { userInfo },
    );
    await expect(open.handle({ permission: proxy }, as('user:default/jane'))).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('lets config decide permissions of other plugins, and refuses a decision it does not know', async () => {
    const docs = createPermission({ name: 'techdocs.entity.read', attributes: { action: 'read' } });
    const custom = GsvPermissionPolicy.fromConfig(
      new ConfigReader({ gsvOps: { policy: { permissions: [{ name: 'techdocs.entity.read', allow: 'signed-in' }] } } }),
      { userInfo },
    );
    await expect(custom.handle({ permission: docs }, as('user:default/jane'))).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
    await expect(custom.handle({ permission: docs })).resolves.toEqual({ result: AuthorizeResult.DENY });
    const nobody = GsvPermissionPolicy.fromConfig(
      new ConfigReader({ gsvOps: { policy: { permissions: [{ name: 'catalog.entity.delete', allow: 'nobody' }] } } }),
      { userInfo },
    );
    await expect(
      nobody.handle({ permission: createPermission({ name: 'catalog.entity.delete', attributes: {} }) }, as('user:default/pat')),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    expect(() =>
      GsvPermissionPolicy.fromConfig(
        new ConfigReader({ gsvOps: { policy: { permissions: [{ name: 'kubernetes.proxy', allow: 'everyone' }] } } }),
        { userInfo },
      ),
    ).toThrow("Invalid configuration at gsvOps.policy.permissions[0].allow: 'everyone' is not one of signed-in, owners, platform, nobody");
  });

  it('decides every GSV Ops permission', () => {
    expect(gsvOpsPermissions.filter(p => !policy.audienceOf(p.name)).map(p => p.name)).toEqual([]);
  });

  it('reads the platform teams from config', async () => {
    const custom = GsvPermissionPolicy.fromConfig(
      new ConfigReader({ gsvOps: { policy: { platformTeams: ['group:default/cmp-team'] } } }),
      { userInfo },
    );
    await expect(
      custom.handle({ permission: gsvOpsProductionOperatePermission }, as('user:default/jane')),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });
});
