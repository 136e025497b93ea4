import type { KubeObject } from '../api/types';
import type { PolicyRule } from '../rbac/RbacAuthorizer';
import type { PermissionUse } from '../rbac/PermissionUsage';

/** One verb on one resource (`deployments`, `deployments/scale`) of one API group, cluster-wide or in a namespace. */
export interface Grant {
  verb: string;
  group: string;
  resource: string;
  /** `*` for a ClusterRoleBinding; the namespace of a RoleBinding. */
  scope: string;
  /** The role and binding that grant it, for the report. */
  source: string;
}

interface Binding extends KubeObject {
  roleRef: { kind: string; name: string };
  subjects?: Array<{ kind: string; name: string; namespace?: string }>;
}

/**
 * Every grant the RBAC objects give one ServiceAccount, expanded to single (verb, group, resource, scope) tuples
 * through its ClusterRoleBindings and RoleBindings.
 */
export function grantsOf(objects: KubeObject[], serviceAccount: { namespace: string; name: string }): Grant[] {
  const roles = new Map<string, PolicyRule[]>();
  for (const object of objects) {
    if (object.kind === 'ClusterRole') roles.set(`ClusterRole/${object.metadata.name}`, (object.rules as PolicyRule[]) ?? []);
    if (object.kind === 'Role') roles.set(`Role/${object.metadata.namespace}/${object.metadata.name}`, (object.rules as PolicyRule[]) ?? []);
  }
  const grants: Grant[] = [];
  for (const binding of objects.filter(o => o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding') as Binding[]) {
    const bindingNamespace = binding.kind === 'RoleBinding' ? binding.metadata.namespace ?? 'default' : undefined;
    const bound = (binding.subjects ?? []).some(
      s => s.kind === 'ServiceAccount' && s.name === serviceAccount.name && (s.namespace ?? bindingNamespace) === serviceAccount.namespace,
    );
    if (!bound) continue;
    const roleKey =
      binding.roleRef.kind === 'ClusterRole' ? `ClusterRole/${binding.roleRef.name}` : `Role/${bindingNamespace}/${binding.roleRef.name}`;
    const source = `${binding.roleRef.kind} ${binding.roleRef.name} (${binding.kind} ${binding.metadata.name})`;
    for (const rule of roles.get(roleKey) ?? []) {
      for (const verb of rule.verbs) {
        for (const group of rule.apiGroups ?? []) {
          for (const resource of rule.resources ?? []) {
            grants.push({ verb, group, resource, scope: bindingNamespace ?? '*', source });
          }
        }
      }
    }
  }
  return grants;
}

/** Whether a grant covers a use (the same verb, group and resource, in its scope). */
export function covers(grant: Pick<Grant, 'verb' | 'group' | 'resource' | 'scope'>, use: PermissionUse): boolean {
  const resource = use.subresource ? `${use.resource}/${use.subresource}` : use.resource;
  const match = (granted: string, wanted: string) => granted === '*' || granted === wanted;
  return (
    match(grant.verb, use.verb) &&
    match(grant.group, use.group) &&
    match(grant.resource, resource) &&
    (grant.scope === '*' || grant.scope === use.namespace)
  );
}
