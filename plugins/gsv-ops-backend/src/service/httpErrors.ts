import { randomBytes } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ErrorRequestHandler, RequestHandler } from 'express';

/** The largest JSON body GSV Ops accepts (a runbook request is a few hundred bytes). */
export const MAX_BODY_BYTES = 64 * 1024;

/** Errors whose message we wrote for the caller, by the status Backstage gives them. */
const KNOWN_ERRORS: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  NotImplementedError: 501,
  ServiceUnavailableError: 503,
};

/**
 * Requests that carry a body must send it as JSON: anything else is answered 415 before it is parsed (instead of
 * "runbook: Required; …" for a form post).
 */
export const requireJsonBody: RequestHandler = (req, res, next) => {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is('application/json')) {
    send(res, req, 415, 'UnsupportedMediaTypeError', 'Send the request body as JSON, with Content-Type: application/json');
    return;
  }
  next();
};

/**
 * The last error handler of GSV Ops' routes. Answers in Backstage's error format, never with a stack trace or a
 * server path: errors we raised keep their message; the JSON parser's get one sentence; anything else becomes "an
 * internal error" with an id, and its stack goes to the backend log under that id.
 */
export function createErrorHandler(logger: LoggerService): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const parserError = fromBodyParser(error);
    if (parserError) {
      send(res, req, parserError.status, parserError.name, parserError.message);
      return;
    }
    const name = (error as Error)?.name;
    if (name && KNOWN_ERRORS[name]) {
      send(res, req, KNOWN_ERRORS[name], name, (error as Error).message);
      return;
    }
    const logId = randomBytes(8).toString('hex');
    logger.error(`GSV Ops request ${req.method} ${req.path} failed (logId=${logId})`, error as Error);
    send(res, req, 500, 'Error', `An internal error occurred in GSV Ops (logId=${logId}); the backend log has the details`);
  };
}

/** The errors of express.json() (body-parser), recognised by their `type`. */
function fromBodyParser(error: unknown): { status: number; name: string; message: string } | undefined {
  switch ((error as { type?: string })?.type) {
    case 'entity.parse.failed':
      return { status: 400, name: 'InputError', message: 'The request body is not valid JSON (an object is expected)' };
    case 'entity.too.large':
      return {
        status: 413,
        name: 'PayloadTooLargeError',
        message: `The request body is larger than the limit of ${MAX_BODY_BYTES / 1024} kB`,
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, name: 'UnsupportedMediaTypeError', message: 'Send the request body as UTF-8 JSON' };
    case 'request.aborted':
      return { status: 400, name: 'InputError', message: 'The request was aborted before its body arrived' };
    default:
      return undefined;
  }
}

function send(res: Parameters<RequestHandler>[1], req: Parameters<RequestHandler>[0], status: number, name: string, message: string) {
  res.status(status).json({
    error: { name, message },
    request: { method: req.method, url: req.originalUrl ?? req.url },
    response: { statusCode: status },
  });
}
