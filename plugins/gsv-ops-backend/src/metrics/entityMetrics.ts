import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { ClusterOpsView, EntityMetricsView } from '@gsv/plugin-gsv-ops-common';
import type { OpsService } from '../services/OpsService/types';
import type { WatchCache } from '../services/WatchCache/WatchCache';
import type { MetricsService } from './MetricsService';
import { metricsRequestFor } from './metricsRequestFor';

/**
 * Reads an entity's key metrics, alerts and recommendations in one cluster (default: the first where it runs
 * deployments). The entity must have been read from the catalog with the same credentials; the view read checks
 * `gsv-ops.entity.read`. Undefined when the entity has no objects there.
 */
export function entityMetricsReader(deps: { opsService: OpsService; watchCache: WatchCache; metrics: MetricsService }) {
  return async (entity: Entity, credentials: BackstageCredentials, cluster: string | undefined): Promise<EntityMetricsView | undefined> => {
    const entityRef = stringifyEntityRef(entity);
    const result = await deps.opsService.getEntityView({ entityRef, credentials, cluster, entity });
    if (result.notModified) return undefined;
    const view = pickClusterView(result.value.clusters, cluster);
    if (!view) return undefined;
    const { request, problems } = metricsRequestFor({ entity, entityRef, view, cache: deps.watchCache.cluster(view.cluster.name) });
    const computed = await deps.metrics.getEntityMetrics(request);
    return { ...computed, errors: [...problems, ...computed.errors] };
  };
}

/** The view of the named cluster, or else of the first where the entity runs deployments, or else the first. */
export function pickClusterView(views: ClusterOpsView[], cluster: string | undefined): ClusterOpsView | undefined {
  return (cluster && views.find(v => v.cluster.name === cluster)) || views.find(v => v.deployments.length > 0) || views[0];
}
