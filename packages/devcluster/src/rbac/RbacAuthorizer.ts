import type { KubeObject, UserInfo } from '../api/types';
import type { ObjectStore } from '../store/ObjectStore';
import { LabelSelector } from '../store/selectors';
import { SUPERUSER_GROUP_NAME } from './identities';

/**
 * Kubernetes RBAC, evaluated the way the API server's RBAC authoriser does: the union of the rules of every
 * ClusterRoleBinding that names the user (any namespace) and every RoleBinding in the request's namespace; no deny
 * rules; `system:masters` is a superuser. Roles and bindings are read from the store on each decision, so RBAC
 * objects created through the API take effect at once.
 */

export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export interface NonResourceAttributes {
  verb: string;
  path: string;
}

export type AuthorizationAttributes = ResourceAttributes | NonResourceAttributes;

export interface Decision {
  allowed: boolean;
  reason: string;
}

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

interface Binding extends KubeObject {
  roleRef: { kind: string; name: string; apiGroup?: string };
  subjects?: Subject[];
}

const SUPERUSER_GROUP = SUPERUSER_GROUP_NAME;

export function isResourceAttributes(attributes: AuthorizationAttributes): attributes is ResourceAttributes {
  return 'resource' in attributes;
}

export class RbacAuthorizer {
  constructor(private readonly store: ObjectStore) {}

  authorize(user: UserInfo, attributes: AuthorizationAttributes): Decision {
    if (user.groups.includes(SUPERUSER_GROUP)) return { allowed: true, reason: '' };
    for (const { rules, describe } of this.applicableRules(user, isResourceAttributes(attributes) ? attributes.namespace : undefined)) {
      if (rules.some(rule => ruleAllows(rule, attributes))) {
        return { allowed: true, reason: `RBAC: allowed by ${describe}` };
      }
    }
    return { allowed: false, reason: '' };
  }

  /** The rules that apply to a user in a namespace (for SelfSubjectRulesReview / `kubectl auth can-i --list`). */
  rulesFor(user: UserInfo, namespace: string | undefined): PolicyRule[] {
    if (user.groups.includes(SUPERUSER_GROUP)) {
      return [
        { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
        { verbs: ['*'], nonResourceURLs: ['*'] },
      ];
    }
    return this.applicableRules(user, namespace).flatMap(entry => entry.rules);
  }

  private applicableRules(user: UserInfo, namespace: string | undefined): Array<{ rules: PolicyRule[]; describe: string }> {
    const result: Array<{ rules: PolicyRule[]; describe: string }> = [];
    for (const binding of this.store.list('rbac.authorization.k8s.io/clusterrolebindings') as Binding[]) {
      const subject = (binding.subjects ?? []).find(candidate => subjectMatches(candidate, user, undefined));
      if (!subject || binding.roleRef?.kind !== 'ClusterRole') continue;
      result.push({
        rules: this.clusterRoleRules(binding.roleRef.name),
        describe: `ClusterRoleBinding "${binding.metadata.name}" of ClusterRole "${binding.roleRef.name}" to ${describeSubject(subject)}`,
      });
    }
    if (namespace) {
      for (const binding of this.store.list('rbac.authorization.k8s.io/rolebindings', namespace) as Binding[]) {
        const subject = (binding.subjects ?? []).find(candidate => subjectMatches(candidate, user, namespace));
        if (!subject) continue;
        const rules =
          binding.roleRef?.kind === 'ClusterRole'
            ? this.clusterRoleRules(binding.roleRef.name)
            : ((this.store.get('rbac.authorization.k8s.io/roles', namespace, binding.roleRef?.name)?.rules as PolicyRule[]) ?? []);
        result.push({
          rules,
          describe: `RoleBinding "${binding.metadata.name}/${namespace}" of ${binding.roleRef?.kind} "${binding.roleRef?.name}" to ${describeSubject(subject)}`,
        });
      }
    }
    return result;
  }

  private clusterRoleRules(name: string, seen = new Set<string>()): PolicyRule[] {
    if (seen.has(name)) return [];
    seen.add(name);
    const role = this.store.get('rbac.authorization.k8s.io/clusterroles', '', name);
    if (!role) return [];
    const rules = [...((role.rules as PolicyRule[]) ?? [])];
    const aggregation = role.aggregationRule as { clusterRoleSelectors?: Array<Record<string, unknown>> } | undefined;
    for (const selector of aggregation?.clusterRoleSelectors ?? []) {
      const parsed = LabelSelector.fromObject(selector);
      for (const candidate of this.store.list('rbac.authorization.k8s.io/clusterroles')) {
        if (candidate.metadata.name !== name && parsed.matches(candidate.metadata.labels)) {
          rules.push(...this.clusterRoleRules(candidate.metadata.name, seen));
        }
      }
    }
    return rules;
  }
}

function subjectMatches(subject: Subject, user: UserInfo, bindingNamespace: string | undefined): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === user.username;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace ?? bindingNamespace;
      return user.username === `system:serviceaccount:${namespace}:${subject.name}`;
    }
    default:
      return false;
  }
}

function describeSubject(subject: Subject): string {
  if (subject.kind === 'ServiceAccount') return `ServiceAccount "${subject.name}/${subject.namespace ?? ''}"`;
  return `${subject.kind} "${subject.name}"`;
}

function ruleAllows(rule: PolicyRule, attributes: AuthorizationAttributes): boolean {
  if (!matchesAny(rule.verbs, attributes.verb)) return false;
  if (!isResourceAttributes(attributes)) {
    return (rule.nonResourceURLs ?? []).some(url =>
      url === '*' || url === attributes.path || (url.endsWith('*') && attributes.path.startsWith(url.slice(0, -1))),
    );
  }
  if (!rule.resources?.length) return false;
  if (!matchesAny(rule.apiGroups ?? [], attributes.group)) return false;
  const combined = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
  const resourceMatches = rule.resources.some(resource => {
    if (resource === '*' || resource === combined) return true;
    return Boolean(attributes.subresource) && resource === `*/${attributes.subresource}`;
  });
  if (!resourceMatches) return false;
  if (rule.resourceNames?.length) return Boolean(attributes.name) && rule.resourceNames.includes(attributes.name!);
  return true;
}

function matchesAny(values: string[], wanted: string): boolean {
  return values.includes('*') || values.includes(wanted);
}

/** The Forbidden message of the API server (`... cannot patch resource "deployments" in API group "apps" ...`). */
export function forbiddenMessage(user: UserInfo, attributes: AuthorizationAttributes): string {
  if (!isResourceAttributes(attributes)) {
    return `forbidden: User "${user.username}" cannot ${attributes.verb} path "${attributes.path}"`;
  }
  const resource = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
  const scope = attributes.namespace ? `in the namespace "${attributes.namespace}"` : 'at the cluster scope';
  const reason = `User "${user.username}" cannot ${attributes.verb} resource "${resource}" in API group "${attributes.group}" ${scope}`;
  const qualified = attributes.group ? `${attributes.resource}.${attributes.group}` : attributes.resource;
  return attributes.name ? `${qualified} "${attributes.name}" is forbidden: ${reason}` : `${qualified} is forbidden: ${reason}`;
}
