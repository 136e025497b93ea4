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
import type { SignalFeed } from '../lib/SignalFeed';
import { usePageVisibility } from './usePageVisibility';
import { useSignalFeed } from './useSignalFeed';

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
  /**
   * The signal channel that says the resource changed. When the app has the signals plugin, the resource is read
   * again on each signal (and every `safetyRefreshMs`) instead of long polls.
   */
  signalChannel?: string;
  /** With signals: the time between two reads when no signal came (signals can be lost on a reconnect). */
  safetyRefreshMs?: number;
}

/** With signals, an unchanged resource is read again after this long: an idle page sends no request for minutes. */
export const SAFETY_REFRESH_MS = 5 * 60_000;
/** With signals, two reads are at least this far apart (the backend already sends one signal per 200 ms). */
const SIGNAL_MIN_INTERVAL_MS = 250;

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

/** How a read loop paces itself: what each read asks for, and how long to wait after its answer. */
type Pacing<T> = (
  first: boolean,
  etag: string | undefined,
) => {
  waitSeconds?: number;
  afterAnswer: (
    result: T | undefined,
    started: number,
    signal: AbortSignal,
  ) => Promise<void>;
};

/**
 * Long polls: the first read asks plainly, the next ones with the etag held open for `waitSeconds`; then at least
 * `minIntervalMs` between reads (or `fallbackIntervalMs` when the server does not hold requests).
 */
function longPollPacing<T>(
  timing: Required<
    Pick<
      LiveResourceOptions,
      'waitSeconds' | 'minIntervalMs' | 'fallbackIntervalMs'
    >
  >,
): Pacing<T> {
  return (first, etag) => {
    const hold = !first && etag ? timing.waitSeconds : undefined;
    return {
      waitSeconds: hold,
      afterAnswer: (result, started, signal) => {
        const elapsed = Date.now() - started;
        const answeredAtOnce = !result && hold !== undefined && elapsed < 1000;
        return sleep(
          (answeredAtOnce ? timing.fallbackIntervalMs : timing.minIntervalMs) -
            elapsed,
          signal,
        );
      },
    };
  };
}

/**
 * Signals: each read asks with the etag (304 at once when unchanged), the next read follows a signal that came
 * after this one started, or `safetyRefreshMs`.
 */
function signalPacing<T>(feed: SignalFeed, safetyRefreshMs: number): Pacing<T> {
  return () => {
    const since = feed.version;
    return {
      afterAnswer: async (_result, started, signal) => {
        await feed.wait(since, safetyRefreshMs, signal);
        await sleep(SIGNAL_MIN_INTERVAL_MS - (Date.now() - started), signal);
      },
    };
  };
}

/**
 * One read loop, until `signal` aborts: reads as `pacing` says, records the answer and waits as `pacing` says; on
 * failure keeps the value and backs off, and stops on errors a retry cannot fix.
 */
async function readLoop<T extends { etag: string }>({
  fetch,
  etag,
  setState,
  pacing,
  maxBackoffMs,
  signal,
}: {
  fetch: LiveFetcher<T>;
  etag: { current: string | undefined };
  setState: Dispatch<SetStateAction<LiveState<T>>>;
  pacing: Pacing<T>;
  maxBackoffMs: number;
  signal: AbortSignal;
}) {
  let failures = 0;
  let first = true;
  while (!signal.aborted) {
    const started = Date.now();
    const ifNoneMatch = etag.current;
    const { waitSeconds, afterAnswer } = pacing(first, ifNoneMatch);
    first = false;
    try {
      const result = await fetch({ ifNoneMatch, waitSeconds, signal });
      if (signal.aborted) return;
      failures = 0;
      if (result) etag.current = result.etag;
      setState(answeredState(result, Date.now()));
      await afterAnswer(result, started, signal);
    } catch (e) {
      failures += 1;
      const goOn = await recordFailureAndBackOff(e, failures, {
        setState,
        maxBackoffMs,
        signal,
      });
      if (!goOn) return;
    }
  }
}

/**
 * Keeps a resource that carries an `etag` up to date: with the app's signals on `signalChannel`, it is read again on
 * each signal and otherwise only every `safetyRefreshMs`; without them, with conditional long polls: the first request of a round asks
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
    signalChannel,
    safetyRefreshMs = SAFETY_REFRESH_MS,
  } = options;
  const visible = usePageVisibility();
  const feed = useSignalFeed(signalChannel);
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
    readLoop({
      fetch: request => fetcherRef.current(request),
      etag: etagRef,
      setState,
      pacing: feed
        ? signalPacing<T>(feed, safetyRefreshMs)
        : longPollPacing<T>({ waitSeconds, minIntervalMs, fallbackIntervalMs }),
      maxBackoffMs,
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
    feed,
    safetyRefreshMs,
  ]);

  const retry = useCallback(() => {
    setState(s => ({ ...s, status: 'connecting' }));
    setRetryToken(t => t + 1);
  }, []);
  return { ...state, retry };
}
