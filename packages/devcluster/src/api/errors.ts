import type { Status } from './types';

type Causes = NonNullable<Status['details']>['causes'];

/**
 * An error the API answers with a `Status` object. Everything that fails on purpose (validation, RBAC, conflicts,
 * injected faults) throws one of these; anything else becomes a 500 InternalError.
 *
 * @public
 */
export class ApiError extends Error {
  readonly status: Status;

  constructor(status: Omit<Status, 'kind' | 'apiVersion' | 'metadata' | 'status'>) {
    super(status.message);
    this.name = 'ApiError';
    this.status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      ...status,
    };
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): string {
    return this.status.reason;
  }
}

/** How a resource is named in messages: `pods`, `deployments.apps`, `certificates.cert-manager.io`. */
export interface QualifiedResource {
  group: string;
  resource: string;
}

export function qualifiedName(target: QualifiedResource): string {
  return target.group ? `${target.resource}.${target.group}` : target.resource;
}

export function notFound(target: QualifiedResource, name: string): ApiError {
  return new ApiError({
    code: 404,
    reason: 'NotFound',
    message: `${qualifiedName(target)} "${name}" not found`,
    details: { name, group: target.group || undefined, kind: target.resource },
  });
}

export function alreadyExists(target: QualifiedResource, name: string): ApiError {
  return new ApiError({
    code: 409,
    reason: 'AlreadyExists',
    message: `${qualifiedName(target)} "${name}" already exists`,
    details: { name, group: target.group || undefined, kind: target.resource },
  });
}

export function conflict(target: QualifiedResource, name: string, why?: string): ApiError {
  return new ApiError({
    code: 409,
    reason: 'Conflict',
    message: `Operation cannot be fulfilled on ${qualifiedName(target)} "${name}": ${
      why ?? 'the object has been modified; please apply your changes to the latest version and try again'
    }`,
    details: { name, group: target.group || undefined, kind: target.resource },
  });
}

export interface FieldCause {
  /** e.g. `FieldValueRequired`, `FieldValueInvalid`, `FieldValueNotSupported`, `FieldValueForbidden`. */
  reason: string;
  field: string;
  message: string;
}

/** 422 with field causes, message shaped like `Deployment.apps "x" is invalid: spec.replicas: Invalid value: ...`. */
export function invalid(kind: string, group: string, name: string, causes: FieldCause[]): ApiError {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const list = causes.map(cause => `${cause.field}: ${cause.message}`);
  const summary = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  return new ApiError({
    code: 422,
    reason: 'Invalid',
    message: `${qualifiedKind} "${name}" is invalid: ${summary}`,
    details: {
      name,
      group: group || undefined,
      kind,
      causes: causes.map(cause => ({
        reason: cause.reason,
        message: cause.message,
        field: cause.field,
      })) as Causes,
    },
  });
}

export function badRequest(message: string): ApiError {
  return new ApiError({ code: 400, reason: 'BadRequest', message });
}

export function unauthorized(): ApiError {
  return new ApiError({ code: 401, reason: 'Unauthorized', message: 'Unauthorized' });
}

export function forbidden(message: string, details?: Status['details']): ApiError {
  return new ApiError({ code: 403, reason: 'Forbidden', message, details });
}

export function methodNotAllowed(message: string): ApiError {
  return new ApiError({ code: 405, reason: 'MethodNotAllowed', message });
}

export function notAcceptable(message: string): ApiError {
  return new ApiError({ code: 406, reason: 'NotAcceptable', message });
}

export function unsupportedMediaType(message: string): ApiError {
  return new ApiError({ code: 415, reason: 'UnsupportedMediaType', message });
}

export function expired(message: string): ApiError {
  return new ApiError({ code: 410, reason: 'Expired', message });
}

export function tooManyRequests(retryAfterSeconds: number, message?: string): ApiError {
  return new ApiError({
    code: 429,
    reason: 'TooManyRequests',
    message: message ?? 'Too many requests, please try again later.',
    details: { retryAfterSeconds },
  });
}

export function internalError(message: string): ApiError {
  return new ApiError({
    code: 500,
    reason: 'InternalError',
    message: `Internal error occurred: ${message}`,
    details: { causes: [{ reason: '', message }] as Causes },
  });
}

export function serviceUnavailable(message: string): ApiError {
  return new ApiError({ code: 503, reason: 'ServiceUnavailable', message });
}

/** A Status for an arbitrary HTTP code, used by fault injection. */
export function statusForCode(code: number, message?: string): ApiError {
  const reasons: Record<number, string> = {
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    405: 'MethodNotAllowed',
    409: 'Conflict',
    410: 'Expired',
    422: 'Invalid',
    429: 'TooManyRequests',
    500: 'InternalError',
    502: 'BadGateway',
    503: 'ServiceUnavailable',
    504: 'Timeout',
  };
  return new ApiError({
    code,
    reason: reasons[code] ?? 'Unknown',
    message: message ?? `injected fault: HTTP ${code}`,
  });
}
