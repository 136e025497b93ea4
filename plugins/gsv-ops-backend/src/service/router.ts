import type { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { createErrorHandler } from './httpErrors';
import type { ConditionalResult, OpsService } from '../services/OpsService/types';
import { MAX_WAIT_SECONDS } from '../services/OpsService/types';

const name = z.string().min(1).max(253);
export const entityParams = z.object({ kind: name, namespace: name, name });
export const clusterQuery = z.string().min(1).max(253).optional();
const conditionalQuery = z
  .object({
    cluster: clusterQuery,
    waitSeconds: z.coerce.number().int().min(0).max(MAX_WAIT_SECONDS).optional(),
  });
const targetsQuery = z
  .object({
    kind: z.enum(['deployment', 'database', 'certificate', 'externalSecret', 'application', 'namespace', 'autoscaler', 'pooler']),
    cluster: clusterQuery,
  });

/** Validates request input; a mismatch is a 400 that names the field. */
export function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.length ? issue.path.join('.') : what;
    throw new InputError(`Invalid ${what}: ${where}: ${issue.message}`);
  }
  return result.data;
}

export interface RouterOptions {
  opsService: OpsService;
  httpAuth: HttpAuthService;
  logger: LoggerService;
  /** More routers mounted under the same plugin (e.g. the operations engine). */
  routers?: express.Router[];
}

/**
 * The HTTP API of GSV Ops (read side): validate, take the caller's credentials, delegate. Permission checks live
 * in AuthorizedOpsService; errors are thrown and answered by our error handler (no stack traces, ever).
 */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { opsService, httpAuth } = options;
  const router = Router();

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/entities/:kind/:namespace/:name/view', async (req, res) => {
    const params = parse(entityParams, req.params, 'entity reference');
    const query = parse(conditionalQuery, req.query, 'query');
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const result = await opsService.getEntityView({
      entityRef: stringifyEntityRef(params),
      credentials,
      cluster: query.cluster,
      ifNoneMatch: req.get('if-none-match'),
      waitSeconds: query.waitSeconds,
      signal: abortOnClose(res),
    });
    send(req, res, result);
  });

  router.get('/platform/health', async (req, res) => {
    const query = parse(conditionalQuery, req.query, 'query');
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const result = await opsService.getPlatformHealth({
      credentials,
      cluster: query.cluster,
      ifNoneMatch: req.get('if-none-match'),
      waitSeconds: query.waitSeconds,
      signal: abortOnClose(res),
    });
    send(req, res, result);
  });

  router.get('/entities/:kind/:namespace/:name/targets', async (req, res) => {
    const params = parse(entityParams, req.params, 'entity reference');
    const query = parse(targetsQuery, req.query, 'query');
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const list = await opsService.listTargets({
      entityRef: stringifyEntityRef(params),
      credentials,
      kind: query.kind,
      cluster: query.cluster,
    });
    res.set('Cache-Control', 'no-store');
    res.json(list);
  });

  for (const sub of options.routers ?? []) {
    router.use(sub);
  }
  router.use(createErrorHandler(options.logger));
  return router;
}

function send<T>(req: express.Request, res: express.Response, result: ConditionalResult<T>) {
  res.set('ETag', result.etag);
  res.set('Cache-Control', 'private, no-cache');
  if (result.notModified) {
    res.status(304).end();
    return;
  }
  res.type('application/json');
  res.vary('Accept-Encoding');
  if (result.gzipped && req.acceptsEncodings('gzip', 'identity') === 'gzip') {
    // compressed once per content, not per viewer (the server's compression leaves an encoded body alone)
    res.set('Content-Encoding', 'gzip').send(result.gzipped());
    return;
  }
  res.send(result.body);
}

/** An AbortSignal that fires when the client goes away before the answer (ends a long poll early). */
function abortOnClose(res: express.Response): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableEnded) controller.abort();
  });
  return controller.signal;
}
