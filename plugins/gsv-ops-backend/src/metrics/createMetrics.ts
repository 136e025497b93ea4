import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { readOperationsConfig } from '../operations/config/readOperationsConfig';
import type { OpsService } from '../services/OpsService/types';
import type { WatchCache } from '../services/WatchCache/WatchCache';
import { createMetricsRouter } from '../service/createMetricsRouter';
import { AlertingService } from '../alerting/AlertingService';
import { createAlertingRouter } from '../alerting/createAlertingRouter';
import { readDashboardsConfig } from '../alerting/dashboards';
import { entityMetricsReader } from './entityMetrics';
import { MetricsService } from './MetricsService';
import { readMetricsConfig } from './readMetricsConfig';

/**
 * The metrics side of GSV Ops: Prometheus and Alertmanager clients per cluster from config, the shared
 * MetricsService, and its routes; the alert rules and dashboards (alerting/) read from the same clients. Recommendations stay within the operations engine's blast-radius caps.
 */
export function createMetrics(options: {
  config: Config;
  opsService: OpsService;
  catalog: CatalogService;
  watchCache: WatchCache;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}) {
  const settings = readMetricsConfig(options.config);
  const { limits, environmentLimits } = readOperationsConfig(
    options.config,
  ).policy;
  const service = new MetricsService({
    clusters: settings.clusters,
    cacheTtlMs: settings.cacheTtlMs,
    thresholds: settings.thresholds,
    triggers: settings.triggers,
    caps: environment => {
      const caps = { ...limits, ...environmentLimits[environment] };
      return {
        maxReplicas: caps.maxReplicas,
        maxDatabaseInstances: caps.maxDatabaseInstances,
      };
    },
  });
  const alerting = new AlertingService({
    clusters: settings.clusters,
    watchCache: options.watchCache,
    cacheTtlMs: settings.cacheTtlMs,
  });
  return {
    service,
    /** The Prometheus/Alertmanager clients per cluster and the cache time, for other readers of the same Prometheus. */
    settings,
    entityMetrics: entityMetricsReader({ ...options, metrics: service }),
    router: createMetricsRouter({ ...options, metrics: service }),
    alertingRouter: createAlertingRouter({
      ...options,
      alerting,
      dashboards: readDashboardsConfig(options.config),
    }),
  };
}
