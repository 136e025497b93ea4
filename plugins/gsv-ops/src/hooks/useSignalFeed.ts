import { useEffect, useMemo } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { SignalFeed } from '../lib/SignalFeed';

/**
 * The signals of `channel`, when the app has the signals plugin (`@backstage/plugin-signals`); `undefined` without
 * it or without a channel, and the caller polls instead.
 */
export function useSignalFeed(
  channel: string | undefined,
): SignalFeed | undefined {
  const signals = useApiHolder().get(signalApiRef);
  const feed = useMemo(
    () => (signals && channel ? new SignalFeed() : undefined),
    [signals, channel],
  );
  useEffect(() => {
    if (!signals || !channel || !feed) return undefined;
    const subscription = signals.subscribe(channel, () => feed.notify());
    return () => subscription.unsubscribe();
  }, [signals, channel, feed]);
  return feed;
}
