/**
 * Errors from the GSV Ops client are `ResponseError`s from `@backstage/errors`. They may come from another copy of the
 * package (or across a worker boundary), so we look at `name` and `statusCode` instead of using `instanceof`.
 */
export function errorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as {
    name?: unknown;
    statusCode?: unknown;
    response?: { status?: unknown };
  };
  if (typeof candidate.statusCode === 'number') return candidate.statusCode;
  if (
    candidate.name === 'ResponseError' &&
    typeof candidate.response?.status === 'number'
  ) {
    return candidate.response.status;
  }
  return undefined;
}

/** The backend refused: the user lacks `gsv-ops.entity.read` (or the platform permission). */
export function isPermissionDenied(error: unknown): boolean {
  return errorStatus(error) === 403;
}

/** The entity (or route) does not exist on the backend. */
export function isNotFound(error: unknown): boolean {
  return errorStatus(error) === 404;
}

/** The session expired; retrying will not help until the user signs in again. */
export function isUnauthorized(error: unknown): boolean {
  return errorStatus(error) === 401;
}

/** A request we aborted ourselves (tab hidden, unmount, entity change): not an error to show. */
export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'AbortError'
  );
}

/** Errors for which retrying the same request cannot succeed, so the live updates stop. */
export function isTerminalError(error: unknown): boolean {
  const status = errorStatus(error);
  return status === 400 || status === 401 || status === 403 || status === 404;
}

/**
 * The message worth showing a person: for a `ResponseError`, the backend's own message (its `cause`, e.g. "Metrics
 * are warming up") rather than "Request failed with 503 Service Unavailable".
 */
export function errorMessage(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const candidate = error as { message?: unknown; cause?: unknown };
  const cause = candidate.cause as { message?: unknown } | undefined;
  if (
    (error as { name?: unknown }).name === 'ResponseError' &&
    typeof cause?.message === 'string' &&
    cause.message
  ) {
    return cause.message;
  }
  return typeof candidate.message === 'string'
    ? candidate.message
    : String(error);
}

/** The backend's own message from the JSON body of a failed request (`{ error: { message } }`), else the error's. */
export function backendErrorMessage(error: unknown): string {
  const body = (error as { body?: { error?: { message?: string } } })?.body;
  return (
    body?.error?.message ??
    (error instanceof Error ? error.message : String(error))
  );
}
