import type { KubeObject, WatchEvent } from '../services/ClusterRegistry/types';
import type { ListResult, ListWatchSource } from '../services/WatchCache/types';

/** A watch stream a test drives: push events, end it, or fail it. */
export class ScriptedStream implements AsyncIterable<WatchEvent> {
  private readonly queue: Array<{ event?: WatchEvent; end?: boolean; error?: unknown }> = [];
  private waiter?: () => void;
  ended = false;

  constructor(
    readonly resourceVersion: string,
    private readonly signal: AbortSignal,
  ) {
    signal.addEventListener('abort', () => this.end(), { once: true });
  }

  push(event: WatchEvent) {
    this.queue.push({ event });
    this.waiter?.();
  }

  end() {
    this.queue.push({ end: true });
    this.waiter?.();
  }

  fail(error: unknown) {
    this.queue.push({ error });
    this.waiter?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent> {
    try {
      for (;;) {
        if (this.signal.aborted) return;
        const item = this.queue.shift();
        if (!item) {
          await new Promise<void>(resolve => {
            this.waiter = resolve;
          });
          this.waiter = undefined;
          continue;
        }
        if (item.end) return;
        if (item.error) throw item.error;
        yield item.event!;
      }
    } finally {
      this.ended = true;
    }
  }
}

/**
 * A list/watch source whose answers a test scripts: `lists` are consumed in order (a function or an error to
 * throw), each `watch()` call creates a {@link ScriptedStream} the test can drive via `streams`.
 */
export class ScriptedSource implements ListWatchSource {
  readonly listCalls: number[] = [];
  readonly streams: ScriptedStream[] = [];
  private readonly lists: Array<ListResult | Error | (() => ListResult | Error)> = [];
  private watchError?: unknown[];

  constructor(private readonly now: () => number = Date.now) {}

  /** Queue the next list answers. */
  answerList(...answers: Array<ListResult | Error | (() => ListResult | Error)>) {
    this.lists.push(...answers);
    return this;
  }

  /** The next watch() calls throw these errors (one per call) instead of streaming. */
  failWatch(...errors: unknown[]) {
    this.watchError = [...(this.watchError ?? []), ...errors];
    return this;
  }

  get lastStream(): ScriptedStream | undefined {
    return this.streams[this.streams.length - 1];
  }

  async list(): Promise<ListResult> {
    this.listCalls.push(this.now());
    const next = this.lists.shift();
    if (next === undefined) throw new Error('ScriptedSource: no list answer scripted');
    const answer = typeof next === 'function' ? next() : next;
    if (answer instanceof Error) throw answer;
    return answer;
  }

  watch({ resourceVersion, signal }: { resourceVersion: string; signal: AbortSignal }): AsyncIterable<WatchEvent> {
    const error = this.watchError?.shift();
    if (error !== undefined) {
      return {
        // eslint-disable-next-line require-yield
        async *[Symbol.asyncIterator]() {
          throw error;
        },
      };
    }
    const stream = new ScriptedStream(resourceVersion, signal);
    this.streams.push(stream);
    return stream;
  }
}

export function pod(name: string, resourceVersion: string, extra: Partial<KubeObject> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    ...extra,
    metadata: {
      name,
      namespace: 'cmp',
      uid: `uid-${name}`,
      resourceVersion,
      managedFields: [{ manager: 'kubelet', operation: 'Update' }],
      ...(extra.metadata ?? {}),
    },
  };
}
