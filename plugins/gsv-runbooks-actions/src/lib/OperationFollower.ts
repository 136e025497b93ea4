import {
  isTerminalStatus,
  type OperationRecord,
  type OperationStatus,
} from '@gsv/plugin-gsv-ops-common';
import {
  engineMessage,
  isEngineResponseError,
  isTransient,
} from './engineErrors';
import type { EngineTokens } from './EngineTokens';
import type { StepLogStreamer } from './StepLogStreamer';
import type { RunbookActionContext, RunbookActionOptions } from './types';

/** Beyond the runbook's own timeout, how long the engine may take to plan, verify and record before we stop waiting. */
const DEADLINE_GRACE_SECONDS = 300;
/** How long the engine may be unreachable while an operation runs before the action gives up watching it. */
const MAX_UNREACHABLE_MS = 120_000;

export function isTerminal(status: OperationStatus): boolean {
  return isTerminalStatus(status);
}

/** Resolves after `ms`, or as soon as the signal aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The operation a task follows, and what following it takes. */
export interface FollowedOperation {
  operationId: string;
  client: RunbookActionOptions['client'];
  tokens: EngineTokens;
  logger: RunbookActionContext['logger'];
  streamer: StepLogStreamer;
  pollIntervalMs: number;
  /** The Ops tab of the entity, where a person can follow the operation when the task cannot. */
  link: string;
}

/**
 * Reads an operation from the gsv-ops backend until it ends and streams its steps into the task log. It rides out a
 * short outage of the backend and an initiator token that expires during a long wait; any other failure to read ends
 * the task.
 */
export class OperationFollower {
  private unreachableSince: number | undefined;

  constructor(
    readonly operation: FollowedOperation,
    /** The operation as the poll loop last read it. */
    private record: OperationRecord,
  ) {}

  /**
   * Polls until the operation ends or the signal aborts, and returns it as last read: still running only when the
   * signal aborted. Throws when it runs far past its runbook's timeout, without cancelling it. The time it waits
   * for approval does not count: the engine ends it when its approval expires.
   */
  async follow(options: {
    timeoutSeconds: number;
    signal?: AbortSignal;
  }): Promise<OperationRecord> {
    const { signal } = options;
    const { operationId, streamer, link } = this.operation;
    streamer.log(this.record);
    const budgetMs = (options.timeoutSeconds + DEADLINE_GRACE_SECONDS) * 1000;
    let deadline = Date.now() + budgetMs;
    while (!isTerminal(this.record.status) && !signal?.aborted) {
      await this.waitForNextPoll(signal);
      if (signal?.aborted) break;
      this.record = (await this.read(signal)) ?? this.record;
      if (this.record.status === 'awaiting-approval') {
        deadline = Date.now() + budgetMs;
      } else if (!isTerminal(this.record.status) && Date.now() > deadline) {
        throw new Error(
          `Operation ${operationId} is still ${this.record.status} well past its timeout; stopped waiting for it. ` +
            `It was not cancelled: follow it, or cancel it, in the Ops tab: ${link}`,
        );
      }
    }
    return this.record;
  }

  /** Resolves after the poll interval, or as soon as the signal aborts. */
  waitForNextPoll(signal?: AbortSignal): Promise<void> {
    return sleep(this.operation.pollIntervalMs, signal);
  }

  /**
   * Reads the operation and streams its steps. Returns undefined when the read should be retried (the backend did
   * not answer, the initiator's token expired) or was aborted; throws when retrying would not help.
   */
  async read(signal?: AbortSignal): Promise<OperationRecord | undefined> {
    const { operationId, client, tokens, logger, streamer, link } =
      this.operation;
    try {
      const next = await client.getOperation(operationId, {
        token: await tokens.token(),
        signal,
      });
      if (this.unreachableSince !== undefined) {
        logger.info('The gsv-ops backend answers again');
      }
      this.unreachableSince = undefined;
      streamer.log(next);
      return next;
    } catch (error) {
      if (signal?.aborted) {
        return undefined;
      }
      if (
        isEngineResponseError(error) &&
        error.statusCode === 401 &&
        !tokens.usingServiceFallback
      ) {
        logger.warn(
          'The initiator’s credentials expired while the operation ran; following it with the scaffolder’s own credentials',
        );
        tokens.fallBackToService();
        return undefined;
      }
      if (!isTransient(error)) {
        throw new Error(
          `Could not read operation ${operationId} from the gsv-ops backend: ${engineMessage(
            error,
          )}. ` + `It may still be running; see the Ops tab: ${link}`,
        );
      }
      this.noteUnreachable(error);
      return undefined;
    }
  }

  /** Warns on the first failed read of an outage; throws once the outage lasts too long. */
  private noteUnreachable(error: unknown): void {
    const { operationId, logger, link } = this.operation;
    if (this.unreachableSince === undefined) {
      this.unreachableSince = Date.now();
      logger.warn(
        `The gsv-ops backend did not answer (${engineMessage(
          error,
        )}); retrying`,
      );
    } else if (Date.now() - this.unreachableSince > MAX_UNREACHABLE_MS) {
      throw new Error(
        `Lost contact with the gsv-ops backend for over ${
          MAX_UNREACHABLE_MS / 1000
        } seconds while operation ` +
          `${operationId} was ${this.record.status}. It may still be running; see the Ops tab: ${link}`,
      );
    }
  }
}
