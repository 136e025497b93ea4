import { createElement, type ReactNode } from 'react';
import { act, renderHook, waitFor } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { fakeSignalApi } from '../__testUtils__/fakeSignalApi';
import { LiveFetchOptions, useLiveResource } from './useLiveResource';

type Doc = { etag: string; n: number };

let visibility: DocumentVisibilityState = 'visible';
function setVisibility(state: DocumentVisibilityState) {
  visibility = state;
  act(() => {
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

beforeAll(() => {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => visibility,
  });
});
afterEach(() => {
  visibility = 'visible';
});

/**
 * A scripted server: each request is recorded and stays pending until the test answers it, like a long poll.
 */
function scriptedServer() {
  const requests: Array<{
    options: LiveFetchOptions;
    resolve: (doc: Doc | undefined) => void;
    reject: (error: unknown) => void;
  }> = [];
  const fetcher = jest.fn(
    (options: LiveFetchOptions) =>
      new Promise<Doc | undefined>((resolve, reject) => {
        options.signal.addEventListener('abort', () =>
          reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
        );
        requests.push({ options, resolve, reject });
      }),
  );
  const last = () => requests[requests.length - 1];
  return { fetcher, requests, last };
}

const fast = { minIntervalMs: 0, fallbackIntervalMs: 0, maxBackoffMs: 10 };

describe('useLiveResource', () => {
  it('asks plainly first, then long-polls with the etag and shows each change', async () => {
    const server = scriptedServer();
    const { result } = renderHook(() =>
      useLiveResource('a', server.fetcher, { waitSeconds: 25, ...fast }),
    );
    expect(result.current).toMatchObject({
      loading: true,
      status: 'connecting',
    });
    expect(server.last().options).toMatchObject({
      ifNoneMatch: undefined,
      waitSeconds: undefined,
    });

    act(() => server.last().resolve({ etag: 'e1', n: 1 }));
    await waitFor(() =>
      expect(result.current.value).toEqual({ etag: 'e1', n: 1 }),
    );
    expect(result.current.status).toBe('live');

    await waitFor(() => expect(server.requests).toHaveLength(2));
    expect(server.last().options).toMatchObject({
      ifNoneMatch: 'e1',
      waitSeconds: 25,
    });

    // 304: nothing changed, the value stays and the loop asks again
    act(() => server.last().resolve(undefined));
    await waitFor(() => expect(server.requests).toHaveLength(3));
    expect(result.current.value?.n).toBe(1);

    act(() => server.last().resolve({ etag: 'e2', n: 2 }));
    await waitFor(() => expect(result.current.value?.n).toBe(2));
    await waitFor(() => expect(server.last().options.ifNoneMatch).toBe('e2'));
  });

  it('keeps the last value through failures and retries with back-off', async () => {
    const server = scriptedServer();
    const { result } = renderHook(() =>
      useLiveResource('a', server.fetcher, fast),
    );
    act(() => server.last().resolve({ etag: 'e1', n: 1 }));
    await waitFor(() => expect(server.requests).toHaveLength(2));

    act(() => server.last().reject(new TypeError('Failed to fetch')));
    await waitFor(() => expect(result.current.status).toBe('retrying'));
    expect(result.current.value?.n).toBe(1);
    expect(result.current.error?.message).toBe('Failed to fetch');
    expect(result.current.failures).toBe(1);

    await waitFor(() => expect(server.requests).toHaveLength(3));
    act(() => server.last().resolve(undefined));
    await waitFor(() => expect(result.current.status).toBe('live'));
    expect(result.current.error).toBeUndefined();
  });

  it('stops on 403 until retry() is called', async () => {
    const server = scriptedServer();
    const { result } = renderHook(() =>
      useLiveResource('a', server.fetcher, fast),
    );
    act(() =>
      server.last().reject(
        Object.assign(new Error('Forbidden'), {
          name: 'ResponseError',
          statusCode: 403,
        }),
      ),
    );
    await waitFor(() => expect(result.current.status).toBe('stopped'));
    await new Promise(r => setTimeout(r, 30));
    expect(server.requests).toHaveLength(1);

    act(() => result.current.retry());
    await waitFor(() => expect(server.requests).toHaveLength(2));
    act(() => server.last().resolve({ etag: 'e1', n: 1 }));
    await waitFor(() => expect(result.current.status).toBe('live'));
    expect(result.current.error).toBeUndefined();
  });

  it('requests nothing while the tab is hidden, and catches up with the etag when it is shown', async () => {
    const server = scriptedServer();
    const { result } = renderHook(() =>
      useLiveResource('a', server.fetcher, { waitSeconds: 25, ...fast }),
    );
    act(() => server.last().resolve({ etag: 'e1', n: 1 }));
    await waitFor(() => expect(server.requests).toHaveLength(2));
    const pending = server.last();

    setVisibility('hidden');
    await waitFor(() => expect(result.current.status).toBe('paused'));
    expect(pending.options.signal.aborted).toBe(true);
    await new Promise(r => setTimeout(r, 50));
    expect(server.requests).toHaveLength(2);

    setVisibility('visible');
    await waitFor(() => expect(server.requests).toHaveLength(3));
    // the first request after coming back is answered at once (no hold), with the etag we have
    expect(server.last().options).toMatchObject({
      ifNoneMatch: 'e1',
      waitSeconds: undefined,
    });
    expect(result.current.value?.n).toBe(1);
  });

  it('starts over when the key changes and fetches nothing without a key', async () => {
    const server = scriptedServer();
    const { result, rerender } = renderHook(
      ({ key }) => useLiveResource(key, server.fetcher, fast),
      {
        initialProps: { key: 'a' as string | undefined },
      },
    );
    act(() => server.last().resolve({ etag: 'e1', n: 1 }));
    await waitFor(() => expect(result.current.value?.n).toBe(1));

    rerender({ key: 'b' });
    await waitFor(() => expect(result.current.value).toBeUndefined());
    expect(server.last().options.ifNoneMatch).toBeUndefined();

    const count = server.requests.length;
    rerender({ key: undefined });
    await new Promise(r => setTimeout(r, 30));
    expect(server.requests).toHaveLength(count);
  });

  it('with signals, reads once, then again only on a signal of its channel (no long poll)', async () => {
    const { api: signals, listeners, emit } = fakeSignalApi();
    const wrapper = ({ children }: { children: ReactNode }) =>
      createElement(TestApiProvider, {
        apis: [[signalApiRef, signals]],
        children,
      });
    const server = scriptedServer();
    const { result, unmount } = renderHook(
      () =>
        useLiveResource('a', server.fetcher, {
          ...fast,
          signalChannel: 'ch:a',
        }),
      { wrapper },
    );
    act(() => server.last().resolve({ etag: 'e1', n: 1 }));
    await waitFor(() => expect(result.current.value?.n).toBe(1));
    await new Promise(r => setTimeout(r, 300));
    expect(server.requests).toHaveLength(1);

    act(() => emit('ch:a'));
    await waitFor(() => expect(server.requests).toHaveLength(2));
    expect(server.last().options.ifNoneMatch).toBe('e1');
    expect(server.last().options.waitSeconds).toBeUndefined();
    act(() => server.last().resolve({ etag: 'e2', n: 2 }));
    await waitFor(() => expect(result.current.value?.n).toBe(2));

    // a signal while a read is in flight is not lost: the loop reads again after it
    act(() => emit('ch:a'));
    await waitFor(() => expect(server.requests).toHaveLength(3));
    act(() => emit('ch:a'));
    act(() => server.last().resolve(undefined));
    await waitFor(() => expect(server.requests).toHaveLength(4));
    unmount();
    expect(listeners.size).toBe(0);
  });
});
