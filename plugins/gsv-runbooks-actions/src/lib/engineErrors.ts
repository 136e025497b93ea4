import {
  AuthenticationError,
  ConflictError,
  ForwardedError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
  isError,
} from '@backstage/errors';

/** A `ResponseError` from the gsv-ops client, recognised by shape (there may be several copies of @backstage/errors). */
export interface EngineResponseError extends Error {
  statusCode: number;
  body?: { error?: { name?: string; message?: string } };
}

export function isEngineResponseError(
  error: unknown,
): error is EngineResponseError {
  return (
    isError(error) &&
    typeof (error as Partial<EngineResponseError>).statusCode === 'number'
  );
}

/** The server's own message, without the client's "Request failed with 409 Conflict" wrapping. */
export function engineMessage(error: unknown): string {
  if (isEngineResponseError(error)) {
    return error.body?.error?.message || error.message;
  }
  return isError(error) ? error.message : String(error);
}

/** Whether reading the operation again later may succeed (network trouble, restarts, overload). */
export function isTransient(error: unknown): boolean {
  if (isEngineResponseError(error)) {
    return (
      error.statusCode >= 500 ||
      error.statusCode === 429 ||
      error.statusCode === 408
    );
  }
  // fetch() rejects with a TypeError ("fetch failed") when the backend cannot be reached.
  return (
    isError(error) &&
    (error.name === 'TypeError' || error.name === 'FetchError')
  );
}

/**
 * Turns a refusal of the engine into the matching Backstage error, with a message that says what was refused, so the
 * task log reads "Not allowed to ..." rather than "Request failed with 403".
 */
export function translateStartError(error: unknown, what: string): Error {
  const message = `${what}: ${engineMessage(error)}`;
  if (!isEngineResponseError(error)) {
    return new ForwardedError(
      `${what}: the gsv-ops backend could not be reached`,
      error,
    );
  }
  switch (error.statusCode) {
    case 400:
    case 422:
      return new InputError(message);
    case 401:
      return new AuthenticationError(message);
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    case 503:
      return new ServiceUnavailableError(message);
    default:
      return new ForwardedError(what, error);
  }
}
