import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { SecurityService } from './SecurityService';

const name = z.string().min(1).max(253);
const entityParams = z.object({ kind: name, namespace: name, name });
const securityQuery = z.object({ cluster: name.optional() }).strict();

/**
 * `GET /entities/:kind/:namespace/:name/security[?cluster=]` (the Security card) and `GET /platform/security` (its
 * fleet table). Permissions are checked by {@link SecurityService}.
 */
export function createSecurityRouter(options: {
  security: SecurityService;
  httpAuth: HttpAuthService;
}): express.Router {
  const { security, httpAuth } = options;
  const router = Router();

  router.get('/entities/:kind/:namespace/:name/security', async (req, res) => {
    const params = entityParams.safeParse(req.params);
    const query = securityQuery.safeParse(req.query);
    if (!params.success || !query.success) {
      throw new InputError(
        'Invalid entity reference or query: expected /entities/<kind>/<namespace>/<name>/security[?cluster=<name>]',
      );
    }
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const view = await security.entitySecurity({
      entityRef: stringifyEntityRef(params.data),
      cluster: query.data.cluster,
      credentials,
    });
    res.set('Cache-Control', 'no-store');
    res.json(view);
  });

  router.get('/platform/security', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const view = await security.platformSecurity(credentials);
    res.set('Cache-Control', 'no-store');
    res.json(view);
  });

  return router;
}
