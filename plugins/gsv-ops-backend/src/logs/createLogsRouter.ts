import type { BackstageCredentials, HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { ClusterRegistry } from '../services/ClusterRegistry/types';
import { principalOf } from '../operations/records';
import { KNOWN_PATTERN_IDS, matchesFilter, toLogLine } from './logLines';
import type { LogsService } from './LogsService';

const name = z.string().min(1).max(253);
const entityParams = z.object({ kind: name, namespace: name, name });
const patterns = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform(p => [p ?? []].flat())
  .pipe(z.array(z.enum(KNOWN_PATTERN_IDS as [string, ...string[]])).max(KNOWN_PATTERN_IDS.length));
const common = {
  cluster: name,
  pod: name.optional(),
  container: name.optional(),
  search: z.string().trim().min(1).max(200).optional(),
  pattern: patterns,
};
const readQuery = z
  .object({
    ...common,
    previous: z.enum(['true', 'false']).optional(),
    sinceSeconds: z.coerce.number().int().min(10).max(86_400).default(3600),
    limit: z.coerce.number().int().min(1).max(2000).default(500),
  })
  .strict();
const followQuery = z.object({ ...common, pod: name }).strict();

function parse<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(`Invalid ${what}: ${issue.path.join('.') || what}: ${issue.message}`);
  }
  return result.data;
}

/**
 * `GET /entities/:kind/:namespace/:name/logs` (recent lines, filtered, with the guide's pattern counts) and
 * `…/logs/follow` (one container followed live as server-sent events, at most `maxFollowers` per person, for at most
 * `maxFollowMs`). Both need gsv-ops.logs.read on the entity (LogsService).
 */
export function createLogsRouter(options: {
  logs: LogsService;
  registry: ClusterRegistry;
  httpAuth: HttpAuthService;
  maxFollowers?: number;
  maxFollowMs?: number;
}): express.Router {
  const { logs, httpAuth } = options;
  const followers = new Map<string, number>();
  const router = Router();

  router.get('/entities/:kind/:namespace/:name/logs', async (req, res) => {
    const entityRef = stringifyEntityRef(parse(entityParams, req.params, 'entity reference'));
    const query = parse(readQuery, req.query, 'query');
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const answer = await logs.read(
      { ...query, entityRef, patterns: query.pattern, previous: query.previous === 'true' },
      credentials,
    );
    res.set('Cache-Control', 'no-store');
    res.json(answer);
  });

  router.get('/entities/:kind/:namespace/:name/logs/follow', async (req, res) => {
    const entityRef = stringifyEntityRef(parse(entityParams, req.params, 'entity reference'));
    const query = parse(followQuery, req.query, 'query');
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { chosen } = await logs.sourcesFor({ ...query, entityRef }, credentials);
    const source = chosen[0];
    const container = query.container ?? source.containers[0];
    const who = principalOf(credentials as BackstageCredentials);
    const max = options.maxFollowers ?? 3;
    if ((followers.get(who) ?? 0) >= max) {
      res.status(429).json({
        error: { name: 'TooManyRequestsError', message: `You already follow ${max} logs; close one first` },
        request: { method: req.method, url: req.originalUrl },
        response: { statusCode: 429 },
      });
      return;
    }
    followers.set(who, (followers.get(who) ?? 0) + 1);
    const controller = new AbortController();
    const limit = setTimeout(() => controller.abort(), options.maxFollowMs ?? 15 * 60_000);
    res.once('close', () => controller.abort());
    res.status(200).set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.flushHeaders();
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    try {
      const client = options.registry.getCluster(query.cluster).client;
      if (!client.streamLines) throw new Error(`cluster ${query.cluster} gives GSV Ops no log access`);
      const filter = { patterns: query.pattern, search: query.search };
      for await (const raw of client.streamLines({
        path: `/api/v1/namespaces/${encodeURIComponent(source.namespace)}/pods/${encodeURIComponent(source.pod)}/log`,
        query: { container, follow: true, timestamps: true, tailLines: 0 },
        signal: controller.signal,
        idleTimeoutMs: 10 * 60_000,
      })) {
        const line = raw ? toLogLine(raw, source.pod, container) : undefined;
        if (line && matchesFilter(line, filter)) send('line', line);
      }
      send('end', { reason: controller.signal.aborted ? 'The follow time is over; follow again to go on' : 'The container stopped' });
    } catch (e) {
      if (!controller.signal.aborted) send('end', { reason: `The log stream broke: ${(e as Error).message}` });
    } finally {
      clearTimeout(limit);
      followers.set(who, (followers.get(who) ?? 1) - 1);
      res.end();
    }
  });

  return router;
}
