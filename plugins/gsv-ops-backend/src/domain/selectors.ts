import type { Entity } from '@backstage/catalog-model';
import { GSV_OPS_ANNOTATIONS, NamespacedName, parseNamespacedNames } from '@gsv/plugin-gsv-ops-common';
import { InputError } from '@backstage/errors';

/** One requirement of a Kubernetes label selector. */
export type Requirement =
  | { key: string; op: 'exists' | 'notexists' }
  | { key: string; op: 'in' | 'notin'; values: string[] };

/**
 * Parses a label selector as `kubectl -l` accepts it: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`,
 * `!a`, joined by commas. Throws InputError on anything else.
 */
export function parseLabelSelector(selector: string): Requirement[] {
  const requirements: Requirement[] = [];
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  const key = String.raw`([A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?)`;
  const value = String.raw`([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) continue;
    const equality = new RegExp(String.raw`^${key}\s*(==|=|!=)\s*${value}$`).exec(part);
    const set = new RegExp(String.raw`^${key}\s+(in|notin)\s*\(([^)]*)\)$`).exec(part);
    const notExists = new RegExp(String.raw`^!\s*${key}$`).exec(part);
    const exists = new RegExp(String.raw`^${key}$`).exec(part);
    if (equality) {
      const op = equality[3] === '!=' ? 'notin' : 'in';
      requirements.push({ key: equality[1], op, values: [equality[4] ?? ''] });
    } else if (set) {
      const values = set[4].split(',').map(v => v.trim());
      if (values.some(v => !new RegExp(`^${value}$`).test(v))) {
        throw new InputError(`Invalid label selector "${selector}"`);
      }
      requirements.push({ key: set[1], op: set[3] as 'in' | 'notin', values });
    } else if (notExists) {
      requirements.push({ key: notExists[1], op: 'notexists' });
    } else if (exists) {
      requirements.push({ key: exists[1], op: 'exists' });
    } else {
      throw new InputError(`Invalid label selector "${selector}"`);
    }
  }
  return requirements;
}

export function matchesSelector(labels: Record<string, string> | undefined, requirements: Requirement[]): boolean {
  const l = labels ?? {};
  return requirements.every(r => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      case 'in':
        return has && r.values.includes(l[r.key]);
      case 'notin':
        return !has || !r.values.includes(l[r.key]);
      default:
        return false;
    }
  });
}

/** What an entity's annotations point at, in every cluster. */
export interface EntityTargets {
  entityRef: string;
  /** The official plugin's selector: label-selector annotation, else `backstage.io/kubernetes-id=<id>`. */
  selector: Requirement[];
  selectorText: string;
  /** `backstage.io/kubernetes-namespace`; undefined = all namespaces. */
  namespace?: string;
  databases: NamespacedName[];
  applications: NamespacedName[];
  certificates: NamespacedName[];
  externalSecrets: NamespacedName[];
  workerDeployment?: NamespacedName;
}

/**
 * Reads the entity's annotations the way the official Kubernetes plugin does
 * (KubernetesFanOutHandler: label selector annotation, else `backstage.io/kubernetes-id=<id>`, else the entity
 * name; namespace from `backstage.io/kubernetes-namespace`), plus the GSV annotations.
 * Names without a namespace resolve in the kubernetes-namespace (any namespace when it is not set); Argo CD
 * applications default to the `argocd` namespace.
 */
export function entityTargets(entity: Entity, entityRef: string): EntityTargets {
  const a = entity.metadata.annotations ?? {};
  const namespace = a[GSV_OPS_ANNOTATIONS.kubernetesNamespace] || undefined;
  const selectorText =
    a[GSV_OPS_ANNOTATIONS.kubernetesLabelSelector] ||
    `backstage.io/kubernetes-id=${a[GSV_OPS_ANNOTATIONS.kubernetesId] || entity.metadata.name}`;
  const withNamespace = (names: NamespacedName[], fallback?: string) =>
    names.map(n => ({ namespace: n.namespace ?? fallback, name: n.name }));
  const appNamespace = a[GSV_OPS_ANNOTATIONS.argocdAppNamespace] || 'argocd';
  const worker = withNamespace(parseNamespacedNames(a[GSV_OPS_ANNOTATIONS.workerDeployment]), namespace)[0];
  return {
    entityRef,
    selector: parseLabelSelector(selectorText),
    selectorText,
    namespace,
    databases: withNamespace(parseNamespacedNames(a[GSV_OPS_ANNOTATIONS.cnpgCluster]), namespace),
    applications: withNamespace(parseNamespacedNames(a[GSV_OPS_ANNOTATIONS.argocdAppName]), appNamespace),
    certificates: withNamespace(parseNamespacedNames(a[GSV_OPS_ANNOTATIONS.certificates]), namespace),
    externalSecrets: withNamespace(parseNamespacedNames(a[GSV_OPS_ANNOTATIONS.externalSecrets]), namespace),
    workerDeployment: worker,
  };
}

/** Identity of the targets for memoisation: two entities with the same annotations share views. */
export function targetsKey(t: EntityTargets): string {
  const list = (names: NamespacedName[]) => names.map(n => `${n.namespace ?? '*'}/${n.name}`).join(',');
  return [
    t.entityRef,
    t.selectorText,
    t.namespace ?? '*',
    list(t.databases),
    list(t.applications),
    list(t.certificates),
    list(t.externalSecrets),
    t.workerDeployment ? list([t.workerDeployment]) : '',
  ].join('|');
}
