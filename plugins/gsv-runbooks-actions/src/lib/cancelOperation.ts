import type { OperationRecord } from '@gsv/plugin-gsv-ops-common';
import { engineMessage } from './engineErrors';
import { isTerminal, type OperationFollower } from './OperationFollower';

/** After a cancellation request, how long to wait for the operation to stop. */
const CANCEL_WAIT_MS = 60_000;

/**
 * Cancels the followed operation because the task was cancelled, and waits until it stopped. `record` is the
 * operation as last read. Throws when it is still running after the wait.
 */
export async function cancelOperation(
  follower: Pick<OperationFollower, 'operation' | 'read' | 'waitForNextPoll'>,
  record: OperationRecord,
): Promise<OperationRecord> {
  const { operationId, client, tokens, logger, streamer, link } =
    follower.operation;
  logger.warn(`The task was cancelled: cancelling operation ${operationId}`);
  let current = record;
  try {
    current = await client.cancelOperation(operationId, {
      token: await tokens.token({ asInitiator: true }),
    });
    streamer.log(current);
  } catch (error) {
    logger.error(
      `The gsv-ops backend did not accept the cancellation: ${engineMessage(
        error,
      )}`,
    );
  }
  const until = Date.now() + CANCEL_WAIT_MS;
  while (!isTerminal(current.status) && Date.now() < until) {
    await follower.waitForNextPoll();
    current = (await follower.read()) ?? current;
  }
  if (!isTerminal(current.status)) {
    throw new Error(
      `Cancellation of operation ${operationId} was requested, but it is still ${current.status}. ` +
        `Follow it in the Ops tab: ${link}`,
    );
  }
  if (current.status === 'succeeded') {
    logger.warn(
      `Operation ${operationId} finished before it could be cancelled`,
    );
  }
  return current;
}
