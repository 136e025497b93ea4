import type { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  INCIDENT_SEVERITIES,
  type IncidentSeverity,
} from '@gsv/plugin-gsv-ops-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { parse } from '../service/createOperationsRouter';
import { MAX_BODY_BYTES, requireJsonBody } from '../service/httpErrors';
import type { IncidentService } from './IncidentService';

const severity = z.enum(
  INCIDENT_SEVERITIES as [IncidentSeverity, ...IncidentSeverity[]],
);
const summary = z.string().trim().min(3).max(500);
const userRef = z.string().trim().min(1).max(255);

const declareSchema = z
  .object({
    entityRef: z.string().min(1).max(512),
    severity,
    summary,
    commander: userRef.optional(),
  })
  .strict();
const updateSchema = z
  .object({
    severity: severity.optional(),
    summary: summary.optional(),
    commander: userRef.optional(),
  })
  .strict()
  .refine(
    patch => Object.keys(patch).length > 0,
    'Say what to change: severity, summary or commander',
  );
const noteSchema = z
  .object({ text: z.string().trim().min(1).max(4000) })
  .strict();
const listSchema = z
  .object({
    entityRef: z.string().min(1).max(512).optional(),
    status: z.enum(['open', 'resolved']).optional(),
  })
  .strict();
const idSchema = z
  .string()
  .regex(/^GSV-INC-[0-9A-F]{8}$/, 'An incident id such as GSV-INC-1A2B3C4D');

/**
 * The incidents API (HTTP only: parse, authenticate, delegate): `POST /incidents`, `PATCH /incidents/:id`,
 * `POST /incidents/:id/notes`, `POST /incidents/:id/resolve`, `GET /incidents?entityRef=&status=`, `GET /incidents/:id`
 * (with its timeline) and `GET /incidents/:id/record.md`. Changes need a user: an incident has people behind it.
 */
export function createIncidentsRouter(options: {
  incidents: IncidentService;
  httpAuth: HttpAuthService;
}): express.Router {
  const { incidents, httpAuth } = options;
  const router = Router();
  router.use(
    '/incidents',
    requireJsonBody,
    express.json({ limit: MAX_BODY_BYTES }),
  );
  const user = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] });
  const anyone = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  const idOf = (req: express.Request) =>
    parse(idSchema, req.params.id, 'incident id');

  router.post('/incidents', async (req, res) => {
    const body = parse(declareSchema, req.body, 'incident');
    res.status(201).json(await incidents.declare(body, await user(req), req));
  });

  router.get('/incidents', async (req, res) => {
    const query = parse(listSchema, req.query, 'query');
    res.json(await incidents.list(query, await anyone(req)));
  });

  router.get('/incidents/:id', async (req, res) => {
    res.json(await incidents.get(idOf(req), await anyone(req)));
  });

  router.patch('/incidents/:id', async (req, res) => {
    const id = idOf(req);
    const body = parse(updateSchema, req.body, 'incident change');
    res.json(await incidents.update(id, body, await user(req), req));
  });

  router.post('/incidents/:id/notes', async (req, res) => {
    const id = idOf(req);
    const body = parse(noteSchema, req.body, 'note');
    res
      .status(201)
      .json(await incidents.addNote(id, body.text, await user(req), req));
  });

  router.post('/incidents/:id/resolve', async (req, res) => {
    res.json(await incidents.resolve(idOf(req), await user(req), req));
  });

  router.get('/incidents/:id/record.md', async (req, res) => {
    const id = idOf(req);
    const markdown = await incidents.record(id, await anyone(req));
    res
      .type('text/markdown; charset=utf-8')
      .attachment(`${id}.md`)
      .send(markdown);
  });

  return router;
}
