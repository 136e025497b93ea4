import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  compareLevels,
  worstLevel,
  GSV_OPS_ANNOTATIONS,
  gsvOpsPlatformReadPermission,
  type EntityMetricsView,
  type PlatformMetricsView,
} from '@gsv/plugin-gsv-ops-common';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { OpsService } from '../services/OpsService/types';
import type { WatchCache } from '../services/WatchCache/WatchCache';
import type { MetricsService } from '../metrics/MetricsService';
import { entityMetricsReader } from '../metrics/entityMetrics';

const name = z.string().min(1).max(253);
const entityParams = z.object({ kind: name, namespace: name, name });
const metricsQuery = z.object({ cluster: name.optional() });

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

  const entityMetrics = entityMetricsReader({ opsService, watchCache, metrics });

  router.get('/entities/:kind/:namespace/:name/metrics', async (req, res) => {
    const params = entityParams.safeParse(req.params);
    const query = metricsQuery.safeParse(req.query);
    if (!params.success || !query.success) {
      throw new InputError(
        'Invalid entity reference or query: expected /entities/<kind>/<namespace>/<name>/metrics[?cluster=<name>]',
      );
    }
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entityRef = stringifyEntityRef(params.data);
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) throw new NotFoundError(`No entity ${entityRef}`);
    const view = await entityMetrics(entity, credentials, query.data.cluster);
    if (!view)
      throw new NotFoundError(
        `${entityRef} has no objects in ${query.data.cluster ?? 'any cluster'}`,
      );
    res.set('Cache-Control', 'private, max-age=10');
    res.json(view);
  });

  router.get('/platform/metrics', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: gsvOpsPlatformReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed: ${gsvOpsPlatformReadPermission.name}`,
      );
    }
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
