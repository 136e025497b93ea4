import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  GSV_OPS_ANNOTATIONS,
  type PlatformAlertingView,
} from '@gsv/plugin-gsv-ops-common';
import type { WatchCache } from '../services/WatchCache/WatchCache';
import { compareRules, type AlertingService } from './AlertingService';
import { selectedBy } from './ruleSelectors';

/**
 * Every alerting rule of every cluster, firing first, each with the catalog services it watches: those whose
 * `gsv.io/prometheus-job` (and `backstage.io/kubernetes-namespace`, when set) its expression selects, or whose job
 * its labels name. The caller has checked `gsv-ops.platform.read`; the catalog is read with its credentials.
 */
export async function readPlatformAlerting(deps: {
  catalog: CatalogService;
  watchCache: WatchCache;
  alerting: AlertingService;
  credentials: BackstageCredentials;
}): Promise<PlatformAlertingView> {
  const { items } = await deps.catalog.getEntities(
    {
      filter: {
        [`metadata.annotations.${GSV_OPS_ANNOTATIONS.prometheusJob}`]:
          CATALOG_FILTER_EXISTS,
      },
    },
    { credentials: deps.credentials },
  );
  const services = items.map(entity => ({
    entityRef: stringifyEntityRef(entity),
    job: entity.metadata.annotations?.[GSV_OPS_ANNOTATIONS.prometheusJob],
    namespace:
      entity.metadata.annotations?.[GSV_OPS_ANNOTATIONS.kubernetesNamespace],
  }));
  const clusters = deps.watchCache.clusters().map(c => c.name);
  const results = await Promise.all(
    clusters.map(async cluster => ({
      cluster,
      ...(await deps.alerting.clusterRules(cluster)),
    })),
  );
  const rules = results.flatMap(({ cluster, rules: clusterRules }) => {
    const serviceLabel =
      deps.alerting.monitoring(cluster)?.serviceLabel ?? 'service';
    return clusterRules.map(rule => ({
      ...rule,
      services: services
        .filter(
          s =>
            (s.job && rule.labels[serviceLabel] === s.job) ||
            selectedBy(rule.expr, s).length > 0,
        )
        .map(s => s.entityRef),
    }));
  });
  return {
    generatedAt: new Date().toISOString(),
    rules: rules.sort(compareRules),
    errors: results.flatMap(({ cluster, errors }) =>
      errors.map(e => ({ ...e, cluster })),
    ),
  };
}
