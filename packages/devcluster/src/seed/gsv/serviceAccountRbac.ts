import type { KubeObject } from '../../api/types';
import { DAY, Seeder } from '../Seeder';
import { componentLabels } from './labels';

/**
 * What the GSV services' service accounts may do. The agent registry's Role reads Secrets and may exec into pods (a
 * debugging shortcut that was never removed: the Security card flags both); every service account in `cmp` may list
 * Services and Endpoints cluster-wide (a ClusterRoleBinding to the group `system:serviceaccounts:cmp`); Keycloak's
 * `default` service account lists pods and endpoints in `sso` for Infinispan's cluster discovery.
 */

const rbac = 'rbac.authorization.k8s.io/v1';
const roleRef = (kind: 'Role' | 'ClusterRole', name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind, name });

function role(namespace: string, name: string, labels: Record<string, string>, rules: unknown[]): KubeObject {
  return { apiVersion: rbac, kind: 'Role', metadata: { name, namespace, labels }, rules };
}

function roleBinding(namespace: string, name: string, labels: Record<string, string>, roleName: string, subjects: unknown[]): KubeObject {
  return { apiVersion: rbac, kind: 'RoleBinding', metadata: { name, namespace, labels }, roleRef: roleRef('Role', roleName), subjects };
}

export function seedServiceAccountRbac(seeder: Seeder): void {
  const registry = componentLabels('agent-registry');
  const keycloak = componentLabels('keycloak');
  const objects: KubeObject[] = [
    role('cmp', 'agent-registry', registry, [
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
    ]),
    roleBinding('cmp', 'agent-registry', registry, 'agent-registry', [{ kind: 'ServiceAccount', name: 'agent-registry', namespace: 'cmp' }]),
    {
      apiVersion: rbac,
      kind: 'ClusterRole',
      metadata: { name: 'gsv-service-discovery', labels: { 'app.kubernetes.io/part-of': 'gsv-platform' } },
      rules: [{ apiGroups: [''], resources: ['services', 'endpoints'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: rbac,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'gsv-service-discovery-cmp', labels: { 'app.kubernetes.io/part-of': 'gsv-platform' } },
      roleRef: roleRef('ClusterRole', 'gsv-service-discovery'),
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:serviceaccounts:cmp' }],
    },
    role('sso', 'keycloak-kube-ping', keycloak, [{ apiGroups: [''], resources: ['pods', 'endpoints'], verbs: ['get', 'list'] }]),
    roleBinding('sso', 'keycloak-kube-ping', keycloak, 'keycloak-kube-ping', [{ kind: 'ServiceAccount', name: 'default', namespace: 'sso' }]),
  ];
  for (const object of objects) seeder.create(object, 45 * DAY);
}
