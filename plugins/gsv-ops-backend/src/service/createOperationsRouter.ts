import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { incidentOverrideSchema, RUNBOOKS, RunbookId } from '@gsv/plugin-gsv-ops-common';
import { MAX_BODY_BYTES, requireJsonBody } from './httpErrors';
import type { OperationsEngine } from '../operations/OperationsEngine';

const runbookIds = RUNBOOKS.map(r => r.id) as [RunbookId, ...RunbookId[]];

const startSchema = z
  .object({
    runbook: z.enum(runbookIds),
    entityRef: z.string().min(1).max(512),
    cluster: z.string().min(1).max(255),
    parameters: z.record(z.unknown()).default({}),
    // No default: a caller must say whether it wants a dry run.
    dryRun: z.boolean(),
    incident: incidentOverrideSchema.optional(),
    origin: z.string().min(1).max(255).optional(),
    reviewedDryRunId: z.string().uuid('reviewedDryRunId is the id (a UUID) of the reviewed dry run').optional(),
  })
  .strict();

const idSchema = z.string().uuid('An operation id is a UUID');

export function parse<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map(i => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`);
    throw new InputError(`Invalid ${what}: ${issues.join('; ')}`);
  }
  return result.data;
}

/**
 * The operations API (HTTP only: parse, authenticate, delegate). Mounted by the plugin's router:
 * `POST /operations`, `GET /operations/:id`, `POST /operations/:id/cancel`, `GET /operations?entityRef=&limit=`,
 * `POST /operations/:id/approve` and `/reject` (`{ comment? }`), `GET /approvals?entityRef=`,
 * `GET /maintenance?environment=`.
 * Starting and cancelling need a user: every change has a person behind it in the audit log.
 */
export function createOperationsRouter(options: {
  engine: OperationsEngine;
  httpAuth: HttpAuthService;
  listMaxLimit: number;
}): express.Router {
  const { engine, httpAuth } = options;
  const router = Router();
  router.use('/operations', requireJsonBody, express.json({ limit: MAX_BODY_BYTES }));

  const listSchema = z
    .object({
      entityRef: z.string().min(1).max(512).optional(),
      limit: z.coerce.number().int().min(1).max(options.listMaxLimit).optional(),
    })
    .strict();

  router.post('/operations', async (req, res) => {
    const body = parse(startSchema, req.body, 'operation request');
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const record = await engine.start(body, credentials, req);
    res.status(201).json(record);
  });

  router.get('/operations', async (req, res) => {
    const query = parse(listSchema, req.query, 'query');
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await engine.list(query, credentials));
  });

  router.get('/operations/:id', async (req, res) => {
    const id = parse(idSchema, req.params.id, 'operation id');
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await engine.get(id, credentials));
  });

  const decisionSchema = z.object({ comment: z.string().trim().min(1).max(1000).optional() }).strict();
  for (const decision of ['approve', 'reject'] as const) {
    router.post(`/operations/:id/${decision}`, async (req, res) => {
      const id = parse(idSchema, req.params.id, 'operation id');
      const body = parse(decisionSchema, req.body ?? {}, 'decision');
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      res.json(await engine.decide(id, decision, credentials, body.comment, req));
    });
  }

  router.get('/maintenance', async (req, res) => {
    const query = parse(z.object({ environment: z.string().min(1).max(64) }).strict(), req.query, 'query');
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await engine.maintenanceCalendar(query.environment, credentials));
  });

  router.get('/approvals', async (req, res) => {
    const query = parse(z.object({ entityRef: z.string().min(1).max(512).optional() }).strict(), req.query, 'query');
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await engine.listApprovals(query, credentials));
  });

  router.post('/operations/:id/cancel', async (req, res) => {
    const id = parse(idSchema, req.params.id, 'operation id');
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await engine.cancel(id, credentials, req));
  });

  return router;
}
