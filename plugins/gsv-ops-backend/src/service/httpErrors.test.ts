import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { createErrorHandler, MAX_BODY_BYTES, requireJsonBody } from './httpErrors';

function app() {
  const logger = mockServices.logger.mock();
  const router = Router();
  router.use('/things', requireJsonBody, express.json({ limit: MAX_BODY_BYTES }));
  router.post('/things', async req => {
    if (req.body.kind === 'conflict') throw new ConflictError('cmp/agent-registry is locked');
    throw new Error(`ENOENT: no such file or directory, open '/srv/backstage/secret.key'`);
  });
  router.use(createErrorHandler(logger));
  return { app: express().use(router), logger };
}

/** Nothing a caller gets shows code or the server's files. */
function expectNoInternals(body: unknown) {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/\bat .+:\d+:\d+|\/srv\/|node_modules|stack/);
}

describe('the HTTP error hygiene of GSV Ops', () => {
  it('answers 415 for a body that is not JSON, before parsing it', async () => {
    const res = await request(app().app).post('/things').type('form').send('runbook=x');
    expect(res.status).toBe(415);
    expect(res.body.error).toEqual({
      name: 'UnsupportedMediaTypeError',
      message: 'Send the request body as JSON, with Content-Type: application/json',
    });
  });

  it('answers 413 over the size limit, and one sentence for JSON it cannot parse', async () => {
    const big = await request(app().app)
      .post('/things')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES) }));
    expect(big.status).toBe(413);
    expect(big.body.error.message).toBe('The request body is larger than the limit of 64 kB');
    for (const body of ['null', '{"runbook":', '"text"']) {
      const res = await request(app().app).post('/things').set('Content-Type', 'application/json').send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ name: 'InputError', message: 'The request body is not valid JSON (an object is expected)' });
      expectNoInternals(res.body);
    }
  });

  it('keeps the message of errors we raised, and hides anything else behind a log id', async () => {
    const { app: server, logger } = app();
    const conflict = await request(server).post('/things').send({ kind: 'conflict' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toEqual({ name: 'ConflictError', message: 'cmp/agent-registry is locked' });

    const internal = await request(server).post('/things').send({ kind: 'bug' });
    expect(internal.status).toBe(500);
    expect(internal.body.error.message).toMatch(/^An internal error occurred in GSV Ops \(logId=[0-9a-f]{16}\); the backend log has the details$/);
    expectNoInternals(internal.body);
    expect(logger.error).toHaveBeenCalledWith(expect.stringMatching(/^GSV Ops request POST \/things failed \(logId=/), expect.any(Error));
  });
});
