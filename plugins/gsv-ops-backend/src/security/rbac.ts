import type {
  RbacGrantView,
  RbacRisk,
  RbacRuleView,
  ServiceAccountRbac,
} from '@gsv/plugin-gsv-ops-common';
import type { KubeObject } from '../services/ClusterRegistry/types';
import type { LabelSelector } from '../operations/kube/selectors';
import { matchesLabelSelector } from './labelSelector';

type Rule = Record<string, any>;
const rulesOf = (role: KubeObject): Rule[] =>
  (role.rules as Rule[] | undefined) ?? [];

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

/** The RBAC objects of a cluster, as the watch cache holds them. */
export interface RbacObjects {
  roles: (namespace: string) => KubeObject[];
  roleBindings: (namespace: string) => KubeObject[];
  clusterRoles: KubeObject[];
  clusterRoleBindings: KubeObject[];
}

const RISK_ORDER: RbacRisk[] = [
  'cluster-admin',
  'wildcard-verbs',
  'wildcard-resources',
  'escalate-bind-impersonate',
  'secrets-read',
  'pods-exec',
];

/** What makes a rule worth a second look: it reads Secrets, opens a shell, escalates, or grants everything. */
export function risksOfRule(
  rule: Pick<RbacRuleView, 'apiGroups' | 'resources' | 'verbs'>,
): RbacRisk[] {
  const verbs = new Set(rule.verbs);
  const resources = new Set(rule.resources);
  const coreGroup = rule.apiGroups.includes('') || rule.apiGroups.includes('*');
  const any = (...wanted: string[]) =>
    wanted.some(v => verbs.has(v)) || verbs.has('*');
  const risks: RbacRisk[] = [];
  if (verbs.has('*') && resources.has('*') && rule.apiGroups.includes('*'))
    risks.push('cluster-admin');
  if (verbs.has('*') && rule.resources.length > 0) risks.push('wildcard-verbs');
  if (resources.has('*')) risks.push('wildcard-resources');
  const grantsIdentities = [
    'roles',
    'clusterroles',
    'users',
    'groups',
    'serviceaccounts',
    '*',
  ].some(r => resources.has(r));
  if (
    ['escalate', 'bind', 'impersonate'].some(v => verbs.has(v)) ||
    (verbs.has('*') && grantsIdentities)
  ) {
    risks.push('escalate-bind-impersonate');
  }
  if (
    coreGroup &&
    (resources.has('secrets') || resources.has('*')) &&
    any('get', 'list', 'watch')
  )
    risks.push('secrets-read');
  if (
    coreGroup &&
    (resources.has('pods/exec') ||
      resources.has('pods/*') ||
      resources.has('*')) &&
    any('create', 'get')
  )
    risks.push('pods-exec');
  return risks;
}

function sortRisks(risks: Iterable<RbacRisk>): RbacRisk[] {
  return [...new Set(risks)].sort(
    (a, b) => RISK_ORDER.indexOf(a) - RISK_ORDER.indexOf(b),
  );
}

function ruleView(rule: Rule): RbacRuleView {
  const list = (value: unknown) =>
    Array.isArray(value) ? value.map(String) : [];
  const view: RbacRuleView = {
    apiGroups: list(rule.apiGroups),
    resources: list(rule.resources),
    verbs: list(rule.verbs),
    risks: [],
  };
  if (rule.resourceNames?.length) view.resourceNames = list(rule.resourceNames);
  if (rule.nonResourceURLs?.length)
    view.nonResourceURLs = list(rule.nonResourceURLs);
  // Rules limited to named objects or non-resource URLs cannot read every Secret or exec into every pod.
  view.risks =
    view.resourceNames || view.nonResourceURLs ? [] : risksOfRule(view);
  return view;
}

/** A ClusterRole's rules; for an aggregated one, those of the ClusterRoles its selectors pick (as the controller would). */
function clusterRoleRules(role: KubeObject, all: KubeObject[]): Rule[] {
  const aggregation = role.aggregationRule as
    | { clusterRoleSelectors?: LabelSelector[] }
    | undefined;
  const selectors = aggregation?.clusterRoleSelectors ?? [];
  if (rulesOf(role).length > 0 || selectors.length === 0) return rulesOf(role);
  return all
    .filter(
      other =>
        other !== role &&
        selectors.some(selector =>
          matchesLabelSelector(selector, other.metadata.labels ?? {}),
        ),
    )
    .flatMap(rulesOf);
}

/** The subject of a binding that names the service account: itself, `system:serviceaccounts[:<ns>]`, or its user name. */
function subjectNaming(
  binding: KubeObject,
  account: { namespace: string; name: string },
): string | undefined {
  const bindingNamespace =
    binding.kind === 'RoleBinding' ? binding.metadata.namespace : undefined;
  for (const s of (binding.subjects ?? []) as Subject[]) {
    if (
      s.kind === 'ServiceAccount' &&
      s.name === account.name &&
      (s.namespace ?? bindingNamespace) === account.namespace
    ) {
      return 'ServiceAccount';
    }
    if (
      s.kind === 'Group' &&
      (s.name === 'system:serviceaccounts' ||
        s.name === `system:serviceaccounts:${account.namespace}`)
    ) {
      return `Group ${s.name}`;
    }
    if (
      s.kind === 'User' &&
      s.name === `system:serviceaccount:${account.namespace}:${account.name}`
    )
      return `User ${s.name}`;
  }
  return undefined;
}

function grantOf(
  binding: KubeObject,
  via: string,
  rbac: RbacObjects,
): RbacGrantView {
  const roleRef =
    (binding.roleRef as { kind?: string; name?: string } | undefined) ?? {};
  const namespace =
    binding.kind === 'RoleBinding' ? binding.metadata.namespace : undefined;
  const role =
    roleRef.kind === 'Role'
      ? rbac.roles(namespace ?? '').find(r => r.metadata.name === roleRef.name)
      : rbac.clusterRoles.find(r => r.metadata.name === roleRef.name);
  let rawRules: Rule[] = [];
  if (role) {
    rawRules =
      roleRef.kind === 'Role'
        ? rulesOf(role)
        : clusterRoleRules(role, rbac.clusterRoles);
  }
  const rules = rawRules.map(ruleView);
  const risks = sortRisks([
    ...(roleRef.kind === 'ClusterRole' && roleRef.name === 'cluster-admin'
      ? ['cluster-admin' as const]
      : []),
    ...rules.flatMap(r => r.risks),
  ]);
  return {
    binding: {
      kind: binding.kind as RbacGrantView['binding']['kind'],
      name: binding.metadata.name ?? '',
      ...(namespace ? { namespace } : {}),
    },
    role: {
      kind: roleRef.kind === 'Role' ? 'Role' : 'ClusterRole',
      name: String(roleRef.name ?? ''),
      ...(role ? {} : { missing: true }),
    },
    via,
    scope: namespace ?? 'cluster-wide',
    rules,
    risks,
  };
}

/** What each service account may do: the bindings that name it (directly or through its groups) and their roles. */
export function serviceAccountsRbac(
  accounts: Array<{ namespace: string; name: string; workloads: string[] }>,
  rbac: RbacObjects,
): ServiceAccountRbac[] {
  return accounts.map(account => {
    const bindings = [
      ...rbac.roleBindings(account.namespace),
      ...rbac.clusterRoleBindings,
    ];
    const grants = bindings.flatMap(binding => {
      const via = subjectNaming(binding, account);
      return via ? [grantOf(binding, via, rbac)] : [];
    });
    return {
      ...account,
      grants,
      risks: sortRisks(grants.flatMap(g => g.risks)),
    };
  });
}
