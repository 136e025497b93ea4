import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { GSV_OPS_ANNOTATIONS, parseNamespacedNames } from '@gsv/plugin-gsv-ops-common';

const CNPG_CLUSTER_LABEL = 'cnpg.io/cluster';

/** The kinds the platform page links to entities, and the annotation that names them. */
const NAMED: Array<{ kind: string; annotation: string; defaultNamespace?: (entity: Entity) => string | undefined }> = [
  { kind: 'Application', annotation: GSV_OPS_ANNOTATIONS.argocdAppName, defaultNamespace: e => e.metadata.annotations?.[GSV_OPS_ANNOTATIONS.argocdAppNamespace] ?? 'argocd' },
  { kind: 'Cluster', annotation: GSV_OPS_ANNOTATIONS.cnpgCluster },
  { kind: 'Certificate', annotation: GSV_OPS_ANNOTATIONS.certificates },
  { kind: 'ExternalSecret', annotation: GSV_OPS_ANNOTATIONS.externalSecrets },
];

/**
 * Which catalog entity an object of the platform page belongs to: by the entity annotations that name it
 * (`argocd/app-name`, `gsv.io/cnpg-cluster`, `gsv.io/certificates`, `gsv.io/external-secrets`), by its
 * `backstage.io/kubernetes-id` label, or — for the pods and volumes of a CNPG cluster — by its `cnpg.io/cluster` label. Refreshed on a schedule with the plugin's own credentials (the platform page is for
 * operators holding `gsv-ops.platform.read`); a failed refresh keeps the previous index.
 */
export class EntityIndex {
  private byKubernetesId = new Map<string, string>();
  private byObject = new Map<string, string>();

  constructor(
    private readonly options: { catalog: CatalogService; auth: AuthService; logger?: LoggerService },
  ) {}

  /** The entity of an object: `kind` as in the view (`Application`, `Cluster` for CNPG, …). */
  lookup(object: { kind: string; namespace?: string; name: string; labels?: Record<string, string> }): string | undefined {
    const named =
      this.byObject.get(key(object.kind, object.namespace, object.name)) ?? this.byObject.get(key(object.kind, undefined, object.name));
    if (named) return named;
    const id = object.labels?.[GSV_OPS_ANNOTATIONS.kubernetesId];
    const byId = id ? this.byKubernetesId.get(id) : undefined;
    if (byId) return byId;
    // A CloudNativePG instance's pods and volumes belong with their Cluster (the operator labels them so).
    const database = object.labels?.[CNPG_CLUSTER_LABEL];
    return database
      ? this.byObject.get(key('Cluster', object.namespace, database)) ?? this.byObject.get(key('Cluster', undefined, database))
      : undefined;
  }

  async refresh(): Promise<void> {
    const annotations = [GSV_OPS_ANNOTATIONS.kubernetesId, ...NAMED.map(n => n.annotation)];
    try {
      const { items } = await this.options.catalog.getEntities(
        {
          filter: annotations.map(a => ({ [`metadata.annotations.${a}`]: CATALOG_FILTER_EXISTS })),
          fields: ['kind', 'metadata.namespace', 'metadata.name', 'metadata.annotations'],
        },
        { credentials: await this.options.auth.getOwnServiceCredentials() },
      );
      // Components win over other kinds that carry the same annotation.
      const sorted = [...items].sort((a, b) => Number(a.kind === 'Component') - Number(b.kind === 'Component'));
      const byId = new Map<string, string>();
      const byObject = new Map<string, string>();
      for (const entity of sorted) {
        const ref = stringifyEntityRef(entity);
        const a = entity.metadata.annotations ?? {};
        const id = a[GSV_OPS_ANNOTATIONS.kubernetesId];
        if (id) byId.set(id, ref);
        const fallbackNamespace = a[GSV_OPS_ANNOTATIONS.kubernetesNamespace];
        for (const { kind, annotation, defaultNamespace } of NAMED) {
          for (const n of parseNamespacedNames(a[annotation])) {
            byObject.set(key(kind, n.namespace ?? defaultNamespace?.(entity) ?? fallbackNamespace, n.name), ref);
          }
        }
      }
      this.byKubernetesId = byId;
      this.byObject = byObject;
    } catch (e) {
      this.options.logger?.warn('Could not refresh the entity index from the catalog', { error: String(e) });
    }
  }
}

function key(kind: string, namespace: string | undefined, name: string) {
  return `${kind}/${namespace ?? '*'}/${name}`;
}
