import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  compareLevels,
  worstLevel,
  GSV_OPS_ANNOTATIONS,
  type EntityMetricsView,
  type PlatformMetricsView,
} from '@gsv/plugin-gsv-ops-common';
import Router from 'express-promise-router';
import { noObjectsError, readEntityRequest } from './entityRequest';
import { requirePlatformRead } from './requirePlatformRead';
import type { OpsService } from '../services/OpsService/types';
import type { WatchCache } from '../services/WatchCache/WatchCache';
import type { MetricsService } from '../metrics/MetricsService';
import { entityMetricsReader } from '../metrics/entityMetrics';

/**
 * `GET /entities/:kind/:namespace/:name/metrics` and `GET /platform/metrics`: the key metrics, alerts and
 * recommendations, computed on the server from Prometheus and Alertmanager. Reading an entity's metrics needs what
 * reading its Ops view needs (the view is read through the authorized service); the platform's needs
 * `gsv-ops.platform.read`.
 */
export function createMetricsRouter(options: {
  opsService: OpsService;
  catalog: CatalogService;
  watchCache: WatchCache;
  metrics: MetricsService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}) {
  const { opsService, catalog, watchCache, metrics, httpAuth, permissions } =
    options;
  const router = Router();

  const entityMetrics = entityMetricsReader({
    opsService,
    watchCache,
    metrics,
  });

  router.get('/entities/:kind/:namespace/:name/metrics', async (req, res) => {
    const { entity, entityRef, credentials, cluster } = await readEntityRequest(
      req,
      { httpAuth, catalog },
      'metrics',
    );
    const view = await entityMetrics(entity, credentials, cluster);
    if (!view) throw noObjectsError(entityRef, cluster);
    res.set('Cache-Control', 'private, max-age=10');
    res.json(view);
  });

  router.get('/platform/metrics', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requirePlatformRead(permissions, credentials);
    const { items } = await catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${GSV_OPS_ANNOTATIONS.prometheusJob}`]:
            CATALOG_FILTER_EXISTS,
        },
      },
      { credentials },
    );
    const services: PlatformMetricsView['services'] = [];
    const errors: PlatformMetricsView['errors'] = [];
    await Promise.all(
      items.map(async entity => {
        const entityRef = stringifyEntityRef(entity);
        for (const cluster of watchCache.clusters().map(c => c.name)) {
          if (!metrics.isConfigured(cluster)) continue;
          let view: EntityMetricsView | undefined;
          try {
            view = await entityMetrics(entity, credentials, cluster);
          } catch (error) {
            if ((error as Error).name === 'NotAllowedError') return;
            throw error;
          }
          if (!view || !view.configured) continue;
          if (
            view.metrics.every(m => m.value === undefined) &&
            view.errors.length === 0
          )
            continue;
          errors.push(...view.errors.map(e => ({ ...e, cluster })));
          services.push({
            entityRef,
            title: entity.metadata.title,
            cluster,
            environment: view.environment,
            level: worstLevel(view.metrics.map(m => m.level)),
            metrics: view.metrics.map(
              ({ series: _series, query: _query, ...metric }) => metric,
            ),
            firingAlerts: view.alerts.length,
            recommendations: view.recommendations.map(r => r.id),
          });
        }
      }),
    );
    services.sort(
      (a, b) =>
        compareLevels(b.level, a.level) ||
        a.entityRef.localeCompare(b.entityRef) ||
        a.cluster.localeCompare(b.cluster),
    );
    res.set('Cache-Control', 'private, max-age=10');
    res.json({
      generatedAt: new Date().toISOString(),
      services,
      errors,
    } satisfies PlatformMetricsView);
  });

  return router;
}
