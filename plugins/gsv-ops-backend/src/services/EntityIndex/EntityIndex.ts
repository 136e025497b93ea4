import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { GSV_OPS_ANNOTATIONS } from '@gsv/plugin-gsv-ops-common';

/**
 * Which catalog entity carries a given `backstage.io/kubernetes-id`, so rows of the platform page link to their
 * service. Refreshed on a schedule with the plugin's own credentials (the platform page is for operators holding
 * `gsv-ops.platform.read`); a failed refresh keeps the previous index.
 */
export class EntityIndex {
  private byKubernetesId = new Map<string, string>();

  constructor(
    private readonly options: { catalog: CatalogService; auth: AuthService; logger?: LoggerService },
  ) {}

  lookup(kubernetesId: string): string | undefined {
    return this.byKubernetesId.get(kubernetesId);
  }

  async refresh(): Promise<void> {
    const annotation = GSV_OPS_ANNOTATIONS.kubernetesId;
    try {
      const { items } = await this.options.catalog.getEntities(
        {
          filter: { [`metadata.annotations.${annotation}`]: CATALOG_FILTER_EXISTS },
          fields: ['kind', 'metadata.namespace', 'metadata.name', 'metadata.annotations'],
        },
        { credentials: await this.options.auth.getOwnServiceCredentials() },
      );
      const next = new Map<string, string>();
      for (const entity of items) {
        const id = entity.metadata.annotations?.[annotation];
        // Components win over other kinds annotated with the same id.
        if (id && (!next.has(id) || entity.kind === 'Component')) next.set(id, stringifyEntityRef(entity));
      }
      this.byKubernetesId = next;
    } catch (e) {
      this.options.logger?.warn('Could not refresh the kubernetes-id index from the catalog', { error: String(e) });
    }
  }
}
