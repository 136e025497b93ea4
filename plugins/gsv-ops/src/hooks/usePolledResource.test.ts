import { act, renderHook, waitFor } from '@testing-library/react';
import { usePolledResource } from './usePolledResource';

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
  jest.useRealTimers();
});

/** A scripted server: each request stays pending until the test answers it. */
function scriptedServer<T>() {
  const requests: Array<{
    signal: AbortSignal;
    resolve: (value: T) => void;
    reject: (error: unknown) => void;
  }> = [];
  const fetcher = jest.fn(
    (signal: AbortSignal) =>
      new Promise<T>((resolve, reject) => {
        signal.addEventListener('abort', () =>
          reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
        );
        requests.push({ signal, resolve, reject });
      }),
  );
  return { fetcher, requests, last: () => requests[requests.length - 1] };
}

const httpError = (status: number) =>
  Object.assign(new Error(`Request failed with ${status}`), {
    name: 'ResponseError',
    response: { status },
  });

describe('usePolledResource', () => {
  it('asks at once, then again after each interval', async () => {
    jest.useFakeTimers();
    const server = scriptedServer<number>();
    const { result } = renderHook(() =>
      usePolledResource('a', server.fetcher, { intervalMs: 20_000 }),
    );
    expect(result.current).toMatchObject({
      loading: true,
      status: 'connecting',
    });
    expect(server.requests).toHaveLength(1);
    await act(async () => server.last().resolve(1));
    expect(result.current).toMatchObject({ value: 1, status: 'live' });

    await act(async () => {
      await jest.advanceTimersByTimeAsync(19_000);
    });
    expect(server.requests).toHaveLength(1);
    await act(async () => {
      await jest.advanceTimersByTimeAsync(1_000);
    });
    expect(server.requests).toHaveLength(2);
    await act(async () => server.last().resolve(2));
    expect(result.current.value).toBe(2);
  });

  it('requests nothing while the tab is hidden, and catches up when it shows again', async () => {
    jest.useFakeTimers();
    const server = scriptedServer<number>();
    const { result } = renderHook(() =>
      usePolledResource('a', server.fetcher, { intervalMs: 20_000 }),
    );
    await act(async () => server.last().resolve(1));

    setVisibility('hidden');
    expect(result.current.status).toBe('paused');
    await act(async () => {
      await jest.advanceTimersByTimeAsync(120_000);
    });
    expect(server.requests).toHaveLength(1);

    // the data is older than the interval: ask at once
    setVisibility('visible');
    expect(server.requests).toHaveLength(2);
    await act(async () => server.last().resolve(2));
    expect(result.current).toMatchObject({ value: 2, status: 'live' });
  });

  it('waits for the rest of the interval when the data is still fresh after a short hide', async () => {
    jest.useFakeTimers();
    const server = scriptedServer<number>();
    renderHook(() =>
      usePolledResource('a', server.fetcher, { intervalMs: 20_000 }),
    );
    await act(async () => server.last().resolve(1));
    setVisibility('hidden');
    await act(async () => {
      await jest.advanceTimersByTimeAsync(5_000);
    });
    setVisibility('visible');
    expect(server.requests).toHaveLength(1);
    await act(async () => {
      await jest.advanceTimersByTimeAsync(15_000);
    });
    expect(server.requests).toHaveLength(2);
  });

  it('aborts the request in flight when the tab is hidden', async () => {
    const server = scriptedServer<number>();
    renderHook(() => usePolledResource('a', server.fetcher));
    const first = server.last();
    setVisibility('hidden');
    expect(first.signal.aborted).toBe(true);
  });

  it('keeps the last value on failure, retries with back-off, and recovers', async () => {
    const server = scriptedServer<number>();
    const { result } = renderHook(() =>
      usePolledResource('a', server.fetcher, {
        intervalMs: 10,
        maxBackoffMs: 10,
      }),
    );
    await act(async () => server.last().resolve(1));
    await waitFor(() => expect(server.requests).toHaveLength(2));
    await act(async () => server.last().reject(httpError(503)));
    expect(result.current).toMatchObject({
      value: 1,
      status: 'retrying',
      failures: 1,
    });
    expect(result.current.error?.message).toBe('Request failed with 503');
    await waitFor(() => expect(server.requests).toHaveLength(3));
    await act(async () => server.last().resolve(3));
    expect(result.current).toMatchObject({ value: 3, status: 'live' });
    expect(result.current.error).toBeUndefined();
  });

  it('stops on a refusal until retry()', async () => {
    const server = scriptedServer<number>();
    const { result } = renderHook(() =>
      usePolledResource('a', server.fetcher, { intervalMs: 10 }),
    );
    await act(async () => server.last().reject(httpError(403)));
    expect(result.current.status).toBe('stopped');
    await new Promise(r => setTimeout(r, 50));
    expect(server.requests).toHaveLength(1);
    act(() => result.current.retry());
    await waitFor(() => expect(server.requests).toHaveLength(2));
    await act(async () => server.last().resolve(7));
    expect(result.current).toMatchObject({ value: 7, status: 'live' });
  });

  it('starts over without the old value when the key changes', async () => {
    const server = scriptedServer<string>();
    const { result, rerender } = renderHook(
      ({ key }) => usePolledResource(key, server.fetcher),
      { initialProps: { key: 'gsv-dev' } },
    );
    await act(async () => server.last().resolve('dev metrics'));
    expect(result.current.value).toBe('dev metrics');
    rerender({ key: 'gsv-prod' });
    expect(result.current.value).toBeUndefined();
    expect(result.current.loading).toBe(true);
    await act(async () => server.last().resolve('prod metrics'));
    expect(result.current.value).toBe('prod metrics');
  });

  it('fetches nothing without a key', () => {
    const server = scriptedServer<number>();
    renderHook(() => usePolledResource(undefined, server.fetcher));
    expect(server.requests).toHaveLength(0);
  });
});
