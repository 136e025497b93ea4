import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { GSV_OPS_REQUIRED_ANNOTATIONS } from '@gsv/plugin-gsv-ops-common';
import Router from 'express-promise-router';
import { noObjectsError, readEntityRequest } from '../service/entityRequest';
import { requirePlatformRead } from '../service/requirePlatformRead';
import { platformRightSizing } from './platformRightSizing';
import type { RightSizingService } from './RightSizingService';

/**
 * `GET /entities/:kind/:namespace/:name/right-sizing[?cluster=]` (what reading the entity's Ops view needs) and
 * `GET /platform/right-sizing` (`gsv-ops.platform.read`, then each service as the caller may read it).
 */
export function createRightSizingRouter(options: {
  rightSizing: RightSizingService;
  catalog: CatalogService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}) {
  const { rightSizing, catalog, httpAuth, permissions } = options;
  const router = Router();

  router.get(
    '/entities/:kind/:namespace/:name/right-sizing',
    async (req, res) => {
      const { entity, entityRef, credentials, cluster } =
        await readEntityRequest(req, { httpAuth, catalog }, 'right-sizing');
      const view = await rightSizing.forEntity(entity, credentials, cluster);
      if (!view) throw noObjectsError(entityRef, cluster);
      res.set('Cache-Control', 'private, max-age=30');
      res.json(view);
    },
  );

  router.get('/platform/right-sizing', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requirePlatformRead(permissions, credentials);
    const { items } = await catalog.getEntities(
      {
        filter: GSV_OPS_REQUIRED_ANNOTATIONS.map(annotation => ({
          [`metadata.annotations.${annotation}`]: CATALOG_FILTER_EXISTS,
        })),
      },
      { credentials },
    );
    res.set('Cache-Control', 'private, max-age=30');
    res.json(await platformRightSizing(rightSizing, items, credentials));
  });

  return router;
}
