import type { KubeObject } from '../services/ClusterRegistry/types';
import { risksOfRule, serviceAccountsRbac, type RbacObjects } from './rbac';

const meta = (
  name: string,
  namespace?: string,
  labels?: Record<string, string>,
) => ({
  name,
  ...(namespace ? { namespace } : {}),
  ...(labels ? { labels } : {}),
});
const role = (
  kind: 'Role' | 'ClusterRole',
  name: string,
  rules: unknown[],
  namespace?: string,
  extra: object = {},
): KubeObject =>
  ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: meta(name, namespace),
    rules,
    ...extra,
  } as KubeObject);
const binding = (
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  name: string,
  roleRef: { kind: string; name: string },
  subjects: unknown[],
  namespace?: string,
): KubeObject =>
  ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: meta(name, namespace),
    roleRef,
    subjects,
  } as KubeObject);

function objects(list: KubeObject[]): RbacObjects {
  return {
    roles: ns =>
      list.filter(o => o.kind === 'Role' && o.metadata.namespace === ns),
    roleBindings: ns =>
      list.filter(o => o.kind === 'RoleBinding' && o.metadata.namespace === ns),
    clusterRoles: list.filter(o => o.kind === 'ClusterRole'),
    clusterRoleBindings: list.filter(o => o.kind === 'ClusterRoleBinding'),
  };
}

describe('risksOfRule', () => {
  it.each([
    [
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] },
      [],
    ],
    [
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
      ['secrets-read'],
    ],
    [{ apiGroups: [''], resources: ['secrets'], verbs: ['create'] }, []],
    [{ apiGroups: ['apps'], resources: ['secrets'], verbs: ['get'] }, []],
    [
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
      ['pods-exec'],
    ],
    [
      {
        apiGroups: ['rbac.authorization.k8s.io'],
        resources: ['clusterroles'],
        verbs: ['bind'],
      },
      ['escalate-bind-impersonate'],
    ],
    [
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] },
      ['wildcard-verbs'],
    ],
    [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      [
        'cluster-admin',
        'wildcard-verbs',
        'wildcard-resources',
        'escalate-bind-impersonate',
        'secrets-read',
        'pods-exec',
      ],
    ],
  ])('%j → %j', (rule, risks) => {
    expect(risksOfRule(rule)).toEqual(risks);
  });
});

describe('serviceAccountsRbac', () => {
  const account = {
    namespace: 'cmp',
    name: 'api',
    workloads: ['Deployment/api'],
  };

  it('finds the bindings that name the account directly, through its groups or its user name, and resolves their roles', () => {
    const [result] = serviceAccountsRbac(
      [account],
      objects([
        role(
          'Role',
          'reader',
          [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }],
          'cmp',
        ),
        binding(
          'RoleBinding',
          'reader',
          { kind: 'Role', name: 'reader' },
          [{ kind: 'ServiceAccount', name: 'api' }],
          'cmp',
        ),
        binding(
          'RoleBinding',
          'elsewhere',
          { kind: 'Role', name: 'reader' },
          [{ kind: 'ServiceAccount', name: 'api', namespace: 'other' }],
          'cmp',
        ),
        role('ClusterRole', 'view', [
          { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
        ]),
        binding(
          'ClusterRoleBinding',
          'all-sa',
          { kind: 'ClusterRole', name: 'view' },
          [{ kind: 'Group', name: 'system:serviceaccounts' }],
        ),
        binding(
          'ClusterRoleBinding',
          'ns-sa',
          { kind: 'ClusterRole', name: 'view' },
          [{ kind: 'Group', name: 'system:serviceaccounts:other' }],
        ),
        binding(
          'RoleBinding',
          'user',
          { kind: 'ClusterRole', name: 'cluster-admin' },
          [{ kind: 'User', name: 'system:serviceaccount:cmp:api' }],
          'cmp',
        ),
      ]),
    );
    expect(
      result.grants.map(g => [
        g.binding.name,
        g.via,
        g.scope,
        g.role.missing ?? false,
      ]),
    ).toEqual([
      ['reader', 'ServiceAccount', 'cmp', false],
      ['user', 'User system:serviceaccount:cmp:api', 'cmp', true],
      ['all-sa', 'Group system:serviceaccounts', 'cluster-wide', false],
    ]);
    // cluster-admin is flagged by name even when the role cannot be read
    expect(result.risks).toEqual(['cluster-admin', 'secrets-read']);
  });

  it('resolves an aggregated ClusterRole from the roles its selectors pick', () => {
    const [result] = serviceAccountsRbac(
      [account],
      objects([
        role('ClusterRole', 'monitoring', [], undefined, {
          aggregationRule: {
            clusterRoleSelectors: [
              { matchLabels: { 'gsv.io/aggregate-to-monitoring': 'true' } },
            ],
          },
        }),
        {
          ...role('ClusterRole', 'exec', [
            { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
          ]),
          metadata: meta('exec', undefined, {
            'gsv.io/aggregate-to-monitoring': 'true',
          }),
        },
        role('ClusterRole', 'unrelated', [
          { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
        ]),
        binding(
          'RoleBinding',
          'monitoring',
          { kind: 'ClusterRole', name: 'monitoring' },
          [{ kind: 'ServiceAccount', name: 'api', namespace: 'cmp' }],
          'cmp',
        ),
      ]),
    );
    expect(result.grants[0].rules.map(r => r.resources)).toEqual([
      ['pods/exec'],
    ]);
    expect(result.risks).toEqual(['pods-exec']);
  });
});
