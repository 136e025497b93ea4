import { existsSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../api/types';
import { packagePath, repositoryPath } from '../packagePaths';

/** The kinds taken from RBAC files; anything else in them (Deployments, ...) is ignored. */
const RBAC_KINDS = new Set(['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'ServiceAccount', 'Namespace']);

/** The repository root when this package runs from its checkout (packages/devcluster). */
export const REPOSITORY_ROOT = packagePath('..', '..');

/** The suite's own RBAC: what the backend service account is allowed in a real cluster. */
export const DEFAULT_RBAC_FILES = [repositoryPath('deploy/base/rbac.yaml'), repositoryPath('deploy/base/rbac-kubernetes-plugin.yaml')];

/** Reads the RBAC objects (and the ServiceAccounts they bind) from multi-document YAML files. */
export function loadRbacFiles(files: string[]): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const file of files) {
    if (!existsSync(file)) throw new Error(`RBAC file not found: ${file}`);
    for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
      if (document.errors.length) throw new Error(`Invalid YAML in ${file}: ${document.errors[0].message}`);
      const object = document.toJS() as KubeObject | null;
      if (object && typeof object === 'object' && RBAC_KINDS.has(object.kind)) objects.push(object);
    }
  }
  return objects;
}
