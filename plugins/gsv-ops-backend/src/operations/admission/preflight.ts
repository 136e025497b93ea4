import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { ClusterRequestError } from '../kube/ClusterAccess';

/** Preflight reads: a missing object is the caller's mistake (404), an unreachable cluster a 503. */
export function translatePreflightError(error: unknown): Error {
  if (error instanceof ClusterRequestError) {
    if (error.reason === 'NotFound') return new NotFoundError(error.message);
    if (error.reason === 'Unreachable' || error.reason === 'Timeout' || error.reason === 'TooManyRequests') {
      return new ServiceUnavailableError(error.message);
    }
  }
  return error as Error;
}
