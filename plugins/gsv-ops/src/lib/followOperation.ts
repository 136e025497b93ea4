import type { SignalApi } from '@backstage/plugin-signals-react';
import {
  gsvOpsSignalChannels,
  isTerminalStatus,
  type OperationRecord,
} from '@gsv/plugin-gsv-ops-common';
import { SignalFeed } from './SignalFeed';
import { sleep } from './sleep';

export function isOperationEnded(record: OperationRecord): boolean {
  return isTerminalStatus(record.status);
}

/**
 * Reads an operation again until it has ended: on each of its signals when the app has the signals plugin (and
 * every `safetyRefreshMs` in case one is lost), else every `pollMs`; gives up after `timeoutMs` with the last record.
 */
export async function followOperation(
  first: OperationRecord,
  options: {
    get: (id: string) => Promise<OperationRecord>;
    signals?: SignalApi;
    pollMs: number;
    safetyRefreshMs: number;
    timeoutMs: number;
    signal?: AbortSignal;
  },
): Promise<OperationRecord> {
  const abort = options.signal ?? new AbortController().signal;
  const feed = options.signals ? new SignalFeed() : undefined;
  const subscription = options.signals?.subscribe(
    gsvOpsSignalChannels.operation(first.id),
    () => feed!.notify(),
  );
  const deadline = Date.now() + options.timeoutMs;
  let record = first;
  try {
    // With signals, read once at once: a change before the subscription sent no signal to us.
    let since = feed ? -1 : 0;
    while (
      !isOperationEnded(record) &&
      Date.now() < deadline &&
      !abort.aborted
    ) {
      if (feed) await feed.wait(since, options.safetyRefreshMs, abort);
      else await sleep(options.pollMs, abort);
      since = feed?.version ?? 0;
      record = await options.get(record.id);
    }
    return record;
  } finally {
    subscription?.unsubscribe();
  }
}
