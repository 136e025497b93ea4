import type { LoggerService } from '@backstage/backend-plugin-api';
import { LeaseLostError, messageOf, OperationCancelledError, ShutdownError } from '../errors';
import { ClusterRequestError } from '../kube/ClusterAccess';
import { WaitFailedError } from '../kube/waitFor';
import { capitalizeFirst, sentence } from '../records';

/** A change the runbook applied, for the summary of an operation that ends early. */
export interface AppliedChange {
  what: string;
  /** "Cluster cmp/cmp-postgres-pitr" */
  object: string;
}

export type EndStatus = 'succeeded' | 'failed' | 'cancelled' | 'interrupted';

/**
 * How an operation that did not succeed ended, in one honest sentence: cancelled (by whom), interrupted (shutdown, lost
 * lease), failed for a reason we explain, or failed with an internal error — and whether its changes were applied.
 */
export function failureOutcome(
  reason: unknown,
  applied: AppliedChange[],
  log: { logger: LoggerService; operationId: string; runbook: string },
): { status: Exclude<EndStatus, 'succeeded'>; summary: string } {
  const changed = applied.length
    ? ` The change was already applied (${applied.map(a => a.what).join('; ')}): check ${[...new Set(applied.map(a => a.object))].join(
        ', ',
      )} before running the runbook again.`
    : ' No change was made.';
  if (reason instanceof OperationCancelledError) return { status: 'cancelled', summary: `Cancelled by ${reason.by}.${changed}` };
  if (reason instanceof ShutdownError || reason instanceof LeaseLostError) {
    return { status: 'interrupted', summary: `Interrupted: ${sentence(reason.message)}${changed}` };
  }
  if (isExpected(reason)) {
    return { status: 'failed', summary: `Failed: ${sentence(capitalizeFirst(messageOf(reason)))}${applied.length ? changed : ''}` };
  }
  log.logger.error('Operation failed unexpectedly', { operationId: log.operationId, runbook: log.runbook, error: messageOf(reason) });
  return { status: 'failed', summary: `Failed with an internal error: ${sentence(messageOf(reason))}${changed}` };
}

/** Failures we explain ourselves (cluster refused, wait failed, input wrong) as opposed to bugs. */
function isExpected(error: unknown): boolean {
  const name = (error as Error)?.name;
  return (
    error instanceof WaitFailedError ||
    error instanceof ClusterRequestError ||
    name === 'InputError' ||
    name === 'ConflictError' ||
    name === 'NotFoundError' ||
    name === 'NotAllowedError' ||
    name === 'WaitTimeoutError'
  );
}
