import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import Router from 'express-promise-router';
import { noObjectsError, readEntityRequest } from '../service/entityRequest';
import { requirePlatformRead } from '../service/requirePlatformRead';
import type { OpsService } from '../services/OpsService/types';
import type { WatchCache } from '../services/WatchCache/WatchCache';
import type { AlertingService } from './AlertingService';
import type { DashboardTemplate } from './dashboards';
import { entityAlertingReader } from './entityAlerting';
import { readPlatformAlerting } from './platformAlerting';

/**
 * `GET /entities/:kind/:namespace/:name/alerting[?cluster=]` (the service's dashboards and the alert rules that
 * watch it; needs what reading its Ops view needs, `gsv-ops.entity.read`) and `GET /platform/alerting` (every rule
 * of every cluster, firing first; `gsv-ops.platform.read`).
 */
export function createAlertingRouter(options: {
  opsService: OpsService;
  catalog: CatalogService;
  watchCache: WatchCache;
  alerting: AlertingService;
  dashboards: DashboardTemplate[];
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}) {
  const { catalog, watchCache, alerting, httpAuth, permissions } = options;
  const router = Router();
  const entityAlerting = entityAlertingReader(options);

  router.get('/entities/:kind/:namespace/:name/alerting', async (req, res) => {
    const { entity, entityRef, credentials, cluster } = await readEntityRequest(
      req,
      { httpAuth, catalog },
      'alerting',
    );
    const view = await entityAlerting(entity, credentials, cluster);
    if (!view) throw noObjectsError(entityRef, cluster);
    res.set('Cache-Control', 'private, max-age=10');
    res.json(view);
  });

  router.get('/platform/alerting', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requirePlatformRead(permissions, credentials);
    res.set('Cache-Control', 'private, max-age=10');
    res.json(
      await readPlatformAlerting({
        catalog,
        watchCache,
        alerting,
        credentials,
      }),
    );
  });

  return router;
}
