import type { FieldCause } from '../api/errors';
import type { KubeObject } from '../api/types';
import { ageColumn, column, nameColumn, required, validateObjectMeta } from './common';
import type { ResourceDefinition } from './types';

/** rbac.authorization.k8s.io/v1: the objects the authoriser reads. */

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

function subjects(binding: KubeObject, kind: string): string {
  const list = ((binding.subjects as Subject[]) ?? []).filter(subject => subject.kind === kind);
  return list.map(subject => (kind === 'ServiceAccount' ? `${subject.namespace ?? ''}/${subject.name}` : subject.name)).join(', ');
}

const bindingColumns = [
  nameColumn,
  column('Role', binding => `${(binding.roleRef as { kind?: string })?.kind ?? ''}/${(binding.roleRef as { name?: string })?.name ?? ''}`),
  ageColumn,
  column('Users', binding => subjects(binding, 'User'), { priority: 1 }),
  column('Groups', binding => subjects(binding, 'Group'), { priority: 1 }),
  column('ServiceAccounts', binding => subjects(binding, 'ServiceAccount'), { priority: 1 }),
];

const roleColumns = [nameColumn, column('Created At', role => role.metadata.creationTimestamp ?? '', { type: 'date' })];

function validateRules(role: KubeObject): FieldCause[] {
  const causes = validateObjectMeta(role, { pathSegment: true });
  ((role.rules as Array<{ verbs?: string[] }>) ?? []).forEach((rule, index) => {
    if (!(rule.verbs ?? []).length) causes.push(required(`rules[${index}].verbs`));
  });
  return causes;
}

function validateBinding(binding: KubeObject, old: KubeObject | undefined): FieldCause[] {
  const causes = validateObjectMeta(binding, { pathSegment: true });
  const roleRef = binding.roleRef as { kind?: string; name?: string } | undefined;
  if (!roleRef?.name) causes.push(required('roleRef.name'));
  if (old && JSON.stringify(old.roleRef) !== JSON.stringify(binding.roleRef)) {
    causes.push({ reason: 'FieldValueInvalid', field: 'roleRef', message: 'Invalid value: cannot change roleRef' });
  }
  return causes;
}

const group = 'rbac.authorization.k8s.io';

export const rbacResources: ResourceDefinition[] = [
  { group, version: 'v1', resource: 'clusterroles', kind: 'ClusterRole', singular: 'clusterrole', namespaced: false, columns: roleColumns, validate: validateRules },
  { group, version: 'v1', resource: 'roles', kind: 'Role', singular: 'role', namespaced: true, columns: roleColumns, validate: validateRules },
  {
    group,
    version: 'v1',
    resource: 'clusterrolebindings',
    kind: 'ClusterRoleBinding',
    singular: 'clusterrolebinding',
    namespaced: false,
    columns: bindingColumns,
    validate: validateBinding,
  },
  { group, version: 'v1', resource: 'rolebindings', kind: 'RoleBinding', singular: 'rolebinding', namespaced: true, columns: bindingColumns, validate: validateBinding },
];
