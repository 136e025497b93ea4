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
  GSV_OPS_REQUIRED_ANNOTATIONS,
  gsvOpsPlatformReadPermission,
} from '@gsv/plugin-gsv-ops-common';
import Router from 'express-promise-router';
import { z } from 'zod';
import { platformRightSizing } from './platformRightSizing';
import type { RightSizingService } from './RightSizingService';

const name = z.string().min(1).max(253);
const entityParams = z.object({ kind: name, namespace: name, name });
const clusterQuery = z.object({ cluster: name.optional() }).strict();

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
      const params = entityParams.safeParse(req.params);
      const query = clusterQuery.safeParse(req.query);
      if (!params.success || !query.success) {
        throw new InputError(
          'Invalid entity reference or query: expected /entities/<kind>/<namespace>/<name>/right-sizing[?cluster=<name>]',
        );
      }
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const entityRef = stringifyEntityRef(params.data);
      const entity = await catalog.getEntityByRef(entityRef, { credentials });
      if (!entity) throw new NotFoundError(`No entity ${entityRef}`);
      const view = await rightSizing.forEntity(
        entity,
        credentials,
        query.data.cluster,
      );
      if (!view) {
        throw new NotFoundError(
          `${entityRef} has no objects in ${
            query.data.cluster ?? 'any cluster'
          }`,
        );
      }
      res.set('Cache-Control', 'private, max-age=30');
      res.json(view);
    },
  );

  router.get('/platform/right-sizing', async (req, res) => {
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
