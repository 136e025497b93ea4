import {
  isKubernetesApiError,
  KubeObject,
  KubernetesClient,
  WatchEvent,
} from '../../services/ClusterRegistry/types';

/** A collection to list and watch while waiting, narrowed by selectors. */
export interface WatchSource {
  /** Collection path, e.g. `/apis/apps/v1/namespaces/cmp/deployments`. */
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** The objects seen so far, per source, keyed by name. */
export type WatchState<K extends string> = Record<K, ReadonlyMap<string, KubeObject>>;

/** What the evaluation says: done (with a value), failed (with the reason), or still waiting (with progress). */
export type WaitVerdict<T> =
  | { done: true; value: T }
  | { done: false; failed: string }
  | { done: false; failed?: undefined; progress: string };

/** The wait ran out of time; `progress` is the last thing the evaluation said. */
export class WaitTimeoutError extends Error {
  readonly name = 'WaitTimeoutError';
  constructor(readonly waitedMs: number, readonly progress: string, readonly lastError?: string) {
    super(
      `did not happen within ${Math.round(waitedMs / 1000)} s; last seen: ${progress}${
        lastError ? ` (last error from the cluster: ${lastError})` : ''
      }`,
    );
  }
}

/** The evaluation declared the wait hopeless (e.g. a pod in CrashLoopBackOff, a failed backup). */
export class WaitFailedError extends Error {
  readonly name = 'WaitFailedError';
}

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 5000;

/**
 * Waits like `kubectl rollout status` / `kubectl wait`: lists each source, then watches it from the list's
 * resourceVersion (relisting on 410 Gone, re-watching when the server closes the stream, retrying errors with a
 * backoff), and evaluates the state after the initial lists and after every change. No polling.
 * Rejects with the signal's reason when cancelled, WaitTimeoutError on timeout, WaitFailedError when the evaluation
 * says so.
 */
export async function waitFor<K extends string, T>(options: {
  client: KubernetesClient;
  sources: Record<K, WatchSource>;
  evaluate: (state: WatchState<K>) => WaitVerdict<T>;
  timeoutMs: number;
  signal: AbortSignal;
  /** Called when the progress message changes. */
  onProgress?: (progress: string) => void;
  now?: () => number;
}): Promise<T> {
  const { client, sources, evaluate, timeoutMs, signal } = options;
  const keys = Object.keys(sources) as K[];
  const state = Object.fromEntries(keys.map(k => [k, new Map<string, KubeObject>()])) as Record<
    K,
    Map<string, KubeObject>
  >;
  const synced = new Set<K>();
  const stop = new AbortController();
  const start = (options.now ?? Date.now)();
  let progress = 'waiting for the first list';
  let lastError: string | undefined;

  if (signal.aborted) throw signal.reason;

  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timers: { timeout?: NodeJS.Timeout } = {};
    function finish(fn: () => void) {
      if (settled) return;
      settled = true;
      clearTimeout(timers.timeout);
      signal.removeEventListener('abort', onAbort);
      stop.abort();
      fn();
    }
    function onAbort() {
      finish(() => reject(signal.reason));
    }
    signal.addEventListener('abort', onAbort, { once: true });
    timers.timeout = setTimeout(
      () => finish(() => reject(new WaitTimeoutError((options.now ?? Date.now)() - start, progress, lastError))),
      timeoutMs,
    );

    const check = () => {
      if (settled || synced.size < keys.length) return;
      let verdict: WaitVerdict<T>;
      try {
        verdict = evaluate(state);
      } catch (e) {
        finish(() => reject(e));
        return;
      }
      if (verdict.done) {
        const value = verdict.value;
        finish(() => resolve(value));
      } else if (verdict.failed !== undefined) {
        const reason = verdict.failed;
        finish(() => reject(new WaitFailedError(reason)));
      } else if (verdict.progress !== progress) {
        progress = verdict.progress;
        options.onProgress?.(progress);
      }
    };

    const onError = (message: string) => {
      lastError = message;
    };
    const callbacksFor = (key: K) => ({
      onSynced: () => {
        synced.add(key);
        check();
      },
      onChange: check,
      onError,
    });
    for (const key of keys) {
      void runSource(client, sources[key], state[key], stop.signal, callbacksFor(key));
    }
  });
}

async function runSource(
  client: KubernetesClient,
  source: WatchSource,
  objects: Map<string, KubeObject>,
  signal: AbortSignal,
  callbacks: { onSynced: () => void; onChange: () => void; onError: (message: string) => void },
): Promise<void> {
  let resourceVersion: string | undefined;
  let retryMs = RETRY_MIN_MS;
  let first = true;
  const selectors = {
    labelSelector: source.labelSelector || undefined,
    fieldSelector: source.fieldSelector || undefined,
  };
  while (!signal.aborted) {
    try {
      if (resourceVersion === undefined) {
        const list = await client.requestJson<{ metadata?: { resourceVersion?: string }; items?: KubeObject[] }>({
          path: source.path,
          query: selectors,
          signal,
        });
        objects.clear();
        for (const item of list.items ?? []) objects.set(item.metadata.name, item);
        resourceVersion = list.metadata?.resourceVersion ?? '';
        if (first) {
          first = false;
          callbacks.onSynced();
        } else {
          callbacks.onChange();
        }
      }
      const stream = client.watch({
        path: source.path,
        query: { ...selectors, resourceVersion: resourceVersion || undefined, allowWatchBookmarks: true, timeoutSeconds: 300 },
        signal,
        idleTimeoutMs: 330_000,
      });
      for await (const event of stream as AsyncIterable<WatchEvent>) {
        if (event.type === 'ERROR') {
          if (event.object.code === 410 || event.object.reason === 'Expired' || event.object.reason === 'Gone') {
            resourceVersion = undefined;
            break;
          }
          throw new Error(event.object.message ?? 'watch error');
        }
        const object = event.object as KubeObject;
        if (object.metadata?.resourceVersion) resourceVersion = object.metadata.resourceVersion;
        if (event.type === 'BOOKMARK') continue;
        if (event.type === 'DELETED') objects.delete(object.metadata.name);
        else objects.set(object.metadata.name, object);
        callbacks.onChange();
      }
      retryMs = RETRY_MIN_MS;
    } catch (e) {
      if (signal.aborted) return;
      if (isKubernetesApiError(e) && e.reason === 'Gone') {
        resourceVersion = undefined;
        continue;
      }
      callbacks.onError((e as Error)?.message ?? String(e));
      await sleep(retryMs, signal);
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
