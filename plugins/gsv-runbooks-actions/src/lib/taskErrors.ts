import type { LoggerService } from '@backstage/backend-plugin-api';
import { toError } from '@backstage/errors';

/**
 * The error a runbook action fails with, made fit for the task log. The scaffolder writes a failed step's
 * `error.stack` into the log the user reads; ours is one line, `Name: message`, so no stack frame or server path
 * reaches it. The full error, stack included, goes to the backend's log. The error keeps its class, name and
 * message (an InputError stays an InputError).
 */
export function forTaskLog(
  error: unknown,
  options: { logger?: LoggerService; what: string },
): Error {
  const e = toError(error);
  options.logger?.warn(`Runbook action ${options.what} failed: ${e.message}`, {
    stack: e.stack ?? '',
  });
  e.stack = `${e.name}: ${e.message}`;
  delete (e as { cause?: unknown }).cause;
  return e;
}
