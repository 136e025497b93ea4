import { useCallback, useEffect, useRef, useState } from 'react';
import { sleep } from '../lib/sleep';
import { LiveStatus, recordFailureAndBackOff } from './useLiveResource';
import { usePageVisibility } from './usePageVisibility';

/** A read that the server answers in full every time (no etag), e.g. the metrics computed and cached server-side. */
export type PolledFetcher<T> = (signal: AbortSignal) => Promise<T>;

export interface PolledResource<T> {
  value?: T;
  /** The last failure; cleared by the next success. `value` keeps the last known data meanwhile. */
  error?: Error;
  loading: boolean;
  /** As for the live views: `live` while polling, `paused` while the tab is hidden, `stopped` on 400/401/403/404. */
  status: LiveStatus;
  /** When `value` arrived (epoch ms). */
  receivedAt?: number;
  failures: number;
  retry: () => void;
}

export interface PolledResourceOptions {
  /** Time between two requests while the tab is visible. */
  intervalMs?: number;
  /** Upper bound of the retry back-off. */
  maxBackoffMs?: number;
}

/**
 * Polls a resource every `intervalMs` while the browser tab is visible. Nothing is requested while it is hidden (a
 * request in flight is aborted); when it shows again, the resource is fetched at once if the last answer is older
 * than the interval, otherwise when the interval is up. Failures keep the last value and retry with back-off;
 * 400/401/403/404 stop until `retry()`. Changing `key` starts over with no value.
 */
export function usePolledResource<T>(
  key: string | undefined,
  fetcher: PolledFetcher<T>,
  options: PolledResourceOptions = {},
): PolledResource<T> {
  const { intervalMs = 20_000, maxBackoffMs = 60_000 } = options;
  const visible = usePageVisibility();
  const [retryToken, setRetryToken] = useState(0);
  const [state, setState] = useState<Omit<PolledResource<T>, 'retry'>>({
    loading: true,
    status: 'connecting',
    failures: 0,
  });
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const keyRef = useRef<string | undefined>(undefined);
  const receivedRef = useRef<number | undefined>(undefined);
  const retryRef = useRef(retryToken);

  useEffect(() => {
    if (!key) return undefined;
    if (keyRef.current !== key) {
      keyRef.current = key;
      receivedRef.current = undefined;
      setState({ loading: true, status: 'connecting', failures: 0 });
    }
    if (!visible) {
      setState(s => ({ ...s, status: 'paused' }));
      return undefined;
    }
    const retried = retryRef.current !== retryToken;
    retryRef.current = retryToken;

    const controller = new AbortController();
    const { signal } = controller;

    (async () => {
      // Coming back to a tab whose data is still fresh: wait for the rest of the interval.
      const age =
        receivedRef.current === undefined
          ? Infinity
          : Date.now() - receivedRef.current;
      if (!retried && age < intervalMs) {
        setState(s => ({ ...s, status: s.error ? s.status : 'live' }));
        await sleep(intervalMs - age, signal);
      }
      let failures = 0;
      while (!signal.aborted) {
        try {
          const value = await fetcherRef.current(signal);
          if (signal.aborted) return;
          failures = 0;
          const now = Date.now();
          receivedRef.current = now;
          setState({
            value,
            loading: false,
            status: 'live',
            receivedAt: now,
            failures: 0,
          });
          await sleep(intervalMs, signal);
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
    })();

    return () => controller.abort();
  }, [key, visible, retryToken, intervalMs, maxBackoffMs]);

  const retry = useCallback(() => {
    setState(s => ({ ...s, status: 'connecting' }));
    setRetryToken(t => t + 1);
  }, []);
  return { ...state, retry };
}
