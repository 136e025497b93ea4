import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { clusterQuery, entityParams, parse } from '../service/router';
import type { DrReadinessService } from './DrReadinessService';

const entityQuery = z.object({ cluster: clusterQuery }).strict();

/**
 * `GET /entities/:kind/:namespace/:name/dr-readiness?cluster=` (gsv-ops.entity.read on the entity) and
 * `GET /platform/dr-readiness` (gsv-ops.platform.read): whether each database could be restored now. The
 * permissions are checked by the OpsService the DrReadinessService reads through.
 */
export function createDrReadinessRouter(options: { service: DrReadinessService; httpAuth: HttpAuthService }): express.Router {
  const { service, httpAuth } = options;
  const router = Router();

  router.get('/entities/:kind/:namespace/:name/dr-readiness', async (req, res) => {
    const entityRef = stringifyEntityRef(parse(entityParams, req.params, 'entity reference'));
    const query = parse(entityQuery, req.query, 'query');
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.set('Cache-Control', 'no-store');
    res.json(await service.forEntity(entityRef, credentials, query.cluster));
  });

  router.get('/platform/dr-readiness', async (req, res) => {
    parse(z.object({}).strict(), req.query, 'query');
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.set('Cache-Control', 'no-store');
    res.json(await service.forPlatform(credentials));
  });

  return router;
}
