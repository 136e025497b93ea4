import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { EntityAlertingView } from '@gsv/plugin-gsv-ops-common';
import { pickClusterView } from '../metrics/entityMetrics';
import { metricsRequestFor } from '../metrics/metricsRequestFor';
import type { OpsService } from '../services/OpsService/types';
import type { WatchCache } from '../services/WatchCache/WatchCache';
import type { AlertingService } from './AlertingService';
import { dashboardsFor, type DashboardTemplate } from './dashboards';
import { selectedBy } from './ruleSelectors';

/**
 * Reads an entity's dashboards and the alerting rules that watch it in one cluster: the rules whose expression
 * selects its Prometheus job or namespace (ruleSelectors.ts), or whose labels name it with the Alertmanager service
 * label. The view read checks `gsv-ops.entity.read`. Undefined when the entity has no objects there.
 */
export function entityAlertingReader(deps: {
  opsService: OpsService;
  watchCache: WatchCache;
  alerting: AlertingService;
  dashboards: DashboardTemplate[];
}) {
  return async (
    entity: Entity,
    credentials: BackstageCredentials,
    cluster: string | undefined,
  ): Promise<EntityAlertingView | undefined> => {
    const entityRef = stringifyEntityRef(entity);
    const result = await deps.opsService.getEntityView({
      entityRef,
      credentials,
      cluster,
      entity,
    });
    if (result.notModified) return undefined;
    const view = pickClusterView(result.value.clusters, cluster);
    if (!view) return undefined;
    const clusterName = view.cluster.name;
    const { request } = metricsRequestFor({
      entity,
      entityRef,
      view,
      cache: deps.watchCache.cluster(clusterName),
    });
    const { job, namespace } = request.target;
    const monitoring = deps.alerting.monitoring(clusterName);
    const serviceLabel = monitoring?.serviceLabel ?? 'service';
    const { dashboards, problems } = dashboardsFor({
      templates: deps.dashboards,
      annotations: entity.metadata.annotations ?? {},
      values: {
        namespace,
        service: job ?? entity.metadata.name,
        cluster: clusterName,
        environment: view.cluster.environment,
      },
    });
    const { rules, errors } = await deps.alerting.clusterRules(clusterName);
    return {
      entityRef,
      cluster: clusterName,
      environment: view.cluster.environment,
      namespace,
      ...(job ? { job } : {}),
      dashboards,
      rules: rules.flatMap(rule => {
        const matchedBy = selectedBy(rule.expr, { job, namespace });
        if (job && rule.labels[serviceLabel] === job) matchedBy.push('label');
        return matchedBy.length > 0 ? [{ ...rule, matchedBy }] : [];
      }),
      prometheusConfigured: Boolean(monitoring?.prometheus),
      alertmanagerConfigured: Boolean(monitoring?.alertmanager),
      errors: [...problems, ...errors],
    };
  };
}
