import {
  Dispatch,
  SetStateAction,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import { isError } from '@backstage/errors';
import { sleep } from '../lib/sleep';
import { isAbortError, isTerminalError } from '../lib/errors';
import { usePageVisibility } from './usePageVisibility';

/** What the fetcher receives on each round of the long poll. */
export interface LiveFetchOptions {
  ifNoneMatch?: string;
  waitSeconds?: number;
  signal: AbortSignal;
}

/** A conditional read: resolves `undefined` when the server answered 304 Not Modified. */
export type LiveFetcher<T> = (
  options: LiveFetchOptions,
) => Promise<T | undefined>;

/**
 * - `connecting`: no answer yet;
 * - `live`: the last request succeeded and a long poll is (or will shortly be) waiting for the next change;
 * - `paused`: the tab is hidden, nothing is requested;
 * - `retrying`: the last request failed, the next try comes after a back-off;
 * - `stopped`: the server refused in a way retrying cannot fix (401/403/404/400).
 */
export type LiveStatus =
  | 'connecting'
  | 'live'
  | 'paused'
  | 'retrying'
  | 'stopped';

export interface LiveResource<T> {
  value?: T;
  /** The last failure; cleared by the next success. `value` keeps the last known data meanwhile. */
  error?: Error;
  loading: boolean;
  status: LiveStatus;
  /** When `value` last arrived (epoch ms). */
  receivedAt?: number;
  /** When the server last confirmed `value` (200 or 304). */
  checkedAt?: number;
  /** Consecutive failures. */
  failures: number;
  /** Try again now (after a stop or during a back-off). */
  retry: () => void;
}

export interface LiveResourceOptions {
  /** How long the server may hold a conditional request open. */
  waitSeconds?: number;
  /** Minimum time between two requests, to coalesce bursts of changes. */
  minIntervalMs?: number;
  /** Poll interval when the server answers 304 at once (it does not hold requests). */
  fallbackIntervalMs?: number;
  /** Upper bound of the retry back-off. */
  maxBackoffMs?: number;
}

/**
 * The state after a failed request; `stopped` for errors a retry cannot fix (400/401/403/404), which wait for the
 * user's "Retry now".
 */
export function failedState(e: unknown, failures: number) {
  // Not `instanceof`: errors may come from another realm or another copy of a package.
  const error: Error = isError(e) ? e : new Error(String(e));
  return {
    error,
    loading: false,
    status: isTerminalError(error) ? 'stopped' : 'retrying',
    failures,
  } as const;
}

/**
 * What a poll loop does after a failed request: nothing once it is aborted; otherwise it records the failure (the
 * value stays) and, unless a retry cannot help, waits the back-off. Resolves whether the loop goes on.
 */
export async function recordFailureAndBackOff<S extends object>(
  e: unknown,
  failures: number,
  options: {
    setState: Dispatch<SetStateAction<S>>;
    maxBackoffMs: number;
    signal: AbortSignal;
  },
): Promise<boolean> {
  const { setState, maxBackoffMs, signal } = options;
  if (signal.aborted || isAbortError(e)) return false;
  const failed = failedState(e, failures);
  setState(s => ({ ...s, ...failed }));
  if (failed.status === 'stopped') return false;
  await sleep(backoffMs(failures, maxBackoffMs), signal);
  return true;
}

/** Jittered exponential back-off: 1 s, 2 s, 4 s … up to `max`, ±20%. */
export function backoffMs(failures: number, max: number): number {
  const base = Math.min(max, 1000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

type LiveState<T> = Omit<LiveResource<T>, 'retry'>;

/** The state after an answer: the new value (200), or the same value confirmed (304). */
function answeredState<T>(result: T | undefined, now: number) {
  return (s: LiveState<T>): LiveState<T> =>
    result
      ? {
          value: result,
          loading: false,
          status: 'live',
          receivedAt: now,
          checkedAt: now,
          failures: 0,
        }
      : {
          ...s,
          error: undefined,
          loading: false,
          status: 'live',
          checkedAt: now,
          failures: 0,
        };
}

/**
 * One long-poll loop, until `signal` aborts: asks (the first time plainly, then with the etag held open for
 * `waitSeconds`), records the answer, waits at least `minIntervalMs` (or `fallbackIntervalMs` when the server does
 * not hold requests); on failure keeps the value and backs off, and stops on errors a retry cannot fix.
 */
async function longPoll<T extends { etag: string }>({
  fetch,
  etag,
  setState,
  timing,
  signal,
}: {
  fetch: LiveFetcher<T>;
  etag: { current: string | undefined };
  setState: Dispatch<SetStateAction<LiveState<T>>>;
  timing: Required<LiveResourceOptions>;
  signal: AbortSignal;
}) {
  let failures = 0;
  let first = true;
  while (!signal.aborted) {
    const started = Date.now();
    const ifNoneMatch = etag.current;
    const hold = !first && ifNoneMatch ? timing.waitSeconds : undefined;
    first = false;
    try {
      const result = await fetch({ ifNoneMatch, waitSeconds: hold, signal });
      if (signal.aborted) return;
      failures = 0;
      if (result) etag.current = result.etag;
      setState(answeredState(result, Date.now()));
      const elapsed = Date.now() - started;
      const answeredAtOnce = !result && hold !== undefined && elapsed < 1000;
      await sleep(
        (answeredAtOnce ? timing.fallbackIntervalMs : timing.minIntervalMs) -
          elapsed,
        signal,
      );
    } catch (e) {
      failures += 1;
      const goOn = await recordFailureAndBackOff(e, failures, {
        setState,
        maxBackoffMs: timing.maxBackoffMs,
        signal,
      });
      if (!goOn) return;
    }
  }
}

/**
 * Keeps a resource that carries an `etag` up to date with conditional long polls: the first request of a round asks
 * plainly (or with the etag, answered at once), the next ones send `If-None-Match` and let the server hold the request
 * until something changes. Nothing is requested while the browser tab is hidden; in-flight requests are aborted then
 * and the loop resumes, with the etag, when the tab is visible again. Failures keep the last value and retry with
 * back-off; 400/401/403/404 stop the loop until `retry()`.
 *
 * Changing `key` starts over with no value.
 */
export function useLiveResource<T extends { etag: string }>(
  key: string | undefined,
  fetcher: LiveFetcher<T>,
  options: LiveResourceOptions = {},
): LiveResource<T> {
  const {
    waitSeconds = 25,
    minIntervalMs = 1000,
    fallbackIntervalMs = 10_000,
    maxBackoffMs = 30_000,
  } = options;
  const visible = usePageVisibility();
  const [retryToken, setRetryToken] = useState(0);
  const [state, setState] = useState<LiveState<T>>({
    loading: true,
    status: 'connecting',
    failures: 0,
  });
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const etagRef = useRef<string | undefined>(undefined);
  const keyRef = useRef<string | undefined>(undefined);

  useEffect(() => {
    if (!key) return undefined;
    if (keyRef.current !== key) {
      keyRef.current = key;
      etagRef.current = undefined;
      setState({ loading: true, status: 'connecting', failures: 0 });
    }
    if (!visible) {
      setState(s => ({ ...s, status: 'paused' }));
      return undefined;
    }

    const controller = new AbortController();
    longPoll({
      fetch: request => fetcherRef.current(request),
      etag: etagRef,
      setState,
      timing: { waitSeconds, minIntervalMs, fallbackIntervalMs, maxBackoffMs },
      signal: controller.signal,
    });
    return () => controller.abort();
  }, [
    key,
    visible,
    retryToken,
    waitSeconds,
    minIntervalMs,
    fallbackIntervalMs,
    maxBackoffMs,
  ]);

  const retry = useCallback(() => {
    setState(s => ({ ...s, status: 'connecting' }));
    setRetryToken(t => t + 1);
  }, []);
  return { ...state, retry };
}
