import type { KubeObject } from '../api/types';
import type { PermissionUse } from '../rbac/PermissionUsage';
import { checkLeastPrivilege, formatReport, isClean } from './checkLeastPrivilege';
import { grantsOf } from './grants';

const SA = { namespace: 'backstage', name: 'gsv-backstage' };
const subject = { kind: 'ServiceAccount', name: 'gsv-backstage', namespace: 'backstage' };
const rbac: KubeObject[] = [
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'read' },
    rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['list', 'watch'] }],
  },
  { kind: 'ClusterRoleBinding', metadata: { name: 'read' }, roleRef: { kind: 'ClusterRole', name: 'read' }, subjects: [subject] },
  {
    kind: 'Role',
    metadata: { name: 'write', namespace: 'cmp' },
    rules: [{ apiGroups: ['apps'], resources: ['deployments', 'deployments/scale'], verbs: ['patch'] }],
  },
  { kind: 'RoleBinding', metadata: { name: 'write', namespace: 'cmp' }, roleRef: { kind: 'Role', name: 'write' }, subjects: [subject] },
  // bound to someone else: not the service account's
  { kind: 'ClusterRoleBinding', metadata: { name: 'other' }, roleRef: { kind: 'ClusterRole', name: 'read' }, subjects: [{ ...subject, name: 'other' }] },
] as unknown as KubeObject[];

const use = (u: Partial<PermissionUse>): PermissionUse => ({
  user: 'system:serviceaccount:backstage:gsv-backstage',
  verb: 'list',
  group: 'apps',
  resource: 'deployments',
  allowed: true,
  count: 1,
  ...u,
});

describe('least privilege', () => {
  const grants = grantsOf(rbac, SA);

  it('expands the bindings of the service account into single grants, with their scope', () => {
    expect(grants.map(g => `${g.verb} ${g.group}/${g.resource} ${g.scope}`)).toEqual([
      'list apps/deployments *',
      'watch apps/deployments *',
      'patch apps/deployments cmp',
      'patch apps/deployments/scale cmp',
    ]);
  });

  it('holds when every grant is used or justified and every request was allowed', () => {
    const report = checkLeastPrivilege(
      grants,
      [use({}), use({ verb: 'watch', count: 3 }), use({ verb: 'patch', namespace: 'cmp' })],
      [{ verb: 'patch', group: 'apps', resource: 'deployments/scale', scope: 'cmp', reason: 'the scale runbook, tested with kubectl' }],
    );
    expect(isClean(report)).toBe(true);
    expect(report.used.find(g => g.verb === 'watch')?.requests).toBe(3);
  });

  it('finds the unused grant, the request no grant allowed, and the justification no longer needed', () => {
    const report = checkLeastPrivilege(
      grants,
      [use({}), use({ verb: 'patch', namespace: 'cmp' }), use({ verb: 'patch', namespace: 'kube-system', allowed: false })],
      [{ verb: 'list', group: 'apps', resource: 'deployments', reason: 'kept' }],
    );
    expect(isClean(report)).toBe(false);
    expect(report.unused.map(g => `${g.verb} ${g.resource}`)).toEqual(['watch deployments', 'patch deployments/scale']);
    expect(report.missing).toEqual([expect.objectContaining({ verb: 'patch', namespace: 'kube-system' })]);
    expect(report.stale).toEqual([expect.objectContaining({ verb: 'list', reason: 'kept' })]);
    const text = formatReport(report, 'backstage/gsv-backstage');
    expect(text).toContain('UNUSED   watch apps/deployments — from ClusterRole read (ClusterRoleBinding read)');
    expect(text).toContain('MISSING  patch apps/deployments in kube-system (refused, 1×)');
    expect(text.split('\n').at(-1)).toBe('2 grants used, 0 justified, 2 unused, 1 missing, 1 stale');
  });
});
