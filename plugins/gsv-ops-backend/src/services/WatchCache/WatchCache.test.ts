import { platformObjects } from '../../__fixtures__/platform';
import { FakeKubernetesClient } from '../../__testUtils__/FakeKubernetesClient';
import { pod } from '../../__testUtils__/ScriptedSource';
import { WatchCache } from './WatchCache';

describe('WatchCache', () => {
  let cache: WatchCache;
  let dev: FakeKubernetesClient;

  beforeEach(async () => {
    dev = new FakeKubernetesClient('gsv-dev', platformObjects());
    cache = new WatchCache({
      clusters: [{ name: 'gsv-dev', environment: 'dev', namespaces: [], requestTimeoutMs: 500, client: dev }],
      probeIntervalMs: () => 1000,
    });
    cache.start();
    while (!cache.hasSynced()) await new Promise(r => setTimeout(r, 5));
  });

  afterEach(() => cache.stop());

  it('wakes a waiter on a matching change, coalescing a burst', async () => {
    const seen: string[] = [];
    cache.onChange(c => seen.push(`${c.kind}@${c.namespace}`));
    const waiting = cache.waitForChange({ filter: c => c.namespace === 'cmp', timeoutMs: 2000, settleMs: 30 });
    dev.put('pods', { ...pod('x', '1'), metadata: { ...pod('x', '1').metadata, namespace: 'sso' } });
    dev.put('pods', pod('y', '1'));
    dev.put('pods', pod('z', '1'));
    await expect(waiting).resolves.toBe(true);
    expect(seen).toEqual(['pods@sso', 'pods@cmp', 'pods@cmp']);
  });

  it('resolves false on timeout or abort, leaving no listener behind', async () => {
    await expect(cache.waitForChange({ filter: c => c.namespace === 'nowhere', timeoutMs: 30 })).resolves.toBe(false);
    const controller = new AbortController();
    const waiting = cache.waitForChange({ filter: () => true, timeoutMs: 5000, signal: controller.signal });
    controller.abort();
    await expect(waiting).resolves.toBe(false);
    expect((cache as unknown as { listeners: Set<unknown> }).listeners.size).toBe(0);
  });

  it('stop() ends every loop and is safe to call twice', async () => {
    await cache.stop();
    const count = dev.requestCount;
    await new Promise(r => setTimeout(r, 50));
    expect(dev.requestCount).toBe(count);
    await expect(cache.stop()).resolves.toBeUndefined();
  });
});
