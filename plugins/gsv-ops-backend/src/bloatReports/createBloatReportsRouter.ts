import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { readEntityRequest } from '../service/entityRequest';
import type { BloatReportService } from './BloatReportService';

/**
 * `GET /entities/:kind/:namespace/:name/bloat-reports?cluster=`: the latest bloat report of each database of the
 * entity (gsv-ops.entity.read on the entity, checked by the OpsService the BloatReportService reads through).
 */
export function createBloatReportsRouter(options: {
  service: BloatReportService;
  httpAuth: HttpAuthService;
  catalog: CatalogService;
}): express.Router {
  const { service } = options;
  const router = Router();
  router.get(
    '/entities/:kind/:namespace/:name/bloat-reports',
    async (req, res) => {
      const { entity, entityRef, credentials, cluster } =
        await readEntityRequest(req, options, 'bloat-reports');
      res.set('Cache-Control', 'no-store');
      res.json(
        await service.forEntity({ entity, entityRef, credentials, cluster }),
      );
    },
  );
  return router;
}
