import { SignalFeed } from './SignalFeed';

describe('SignalFeed', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('wakes a wait on the next signal', async () => {
    const feed = new SignalFeed();
    const woken = jest.fn();
    feed.wait(feed.version, 60_000, new AbortController().signal).then(woken);
    await Promise.resolve();
    expect(woken).not.toHaveBeenCalled();
    feed.notify();
    await Promise.resolve();
    expect(woken).toHaveBeenCalled();
  });

  it('does not wait when a signal arrived since the version was noted', async () => {
    const feed = new SignalFeed();
    const since = feed.version;
    feed.notify();
    await expect(
      feed.wait(since, 60_000, new AbortController().signal),
    ).resolves.toBeUndefined();
  });

  it('gives up after the timeout or on abort', async () => {
    const feed = new SignalFeed();
    const timedOut = feed.wait(
      feed.version,
      1000,
      new AbortController().signal,
    );
    jest.advanceTimersByTime(1000);
    await expect(timedOut).resolves.toBeUndefined();
    const controller = new AbortController();
    const aborted = feed.wait(feed.version, 60_000, controller.signal);
    controller.abort();
    await expect(aborted).resolves.toBeUndefined();
  });
});
