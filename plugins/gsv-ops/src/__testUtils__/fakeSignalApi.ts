import type { SignalApi } from '@backstage/plugin-signals-react';

/** The app's signal API for tests: who subscribed to which channel, and `emit` to send a signal there. */
export function fakeSignalApi() {
  const listeners = new Map<string, () => void>();
  const api = {
    subscribe: jest.fn((channel: string, onMessage: () => void) => {
      listeners.set(channel, onMessage);
      return { unsubscribe: () => listeners.delete(channel) };
    }),
  };
  return {
    api: api as unknown as SignalApi & typeof api,
    listeners,
    emit: (channel: string) => listeners.get(channel)!(),
  };
}
