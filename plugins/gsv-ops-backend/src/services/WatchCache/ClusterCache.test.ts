import { platformObjects } from '../../__fixtures__/platform';
import { FakeKubernetesClient } from '../../__testUtils__/FakeKubernetesClient';
import { pod } from '../../__testUtils__/ScriptedSource';
import { ClusterCache } from './ClusterCache';

const fast = { initialMs: 10, maxMs: 40, resetMs: 1000, factor: 2, jitter: 0 };

async function until(condition: () => boolean, timeoutMs = 3000) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not reached in time');
    await new Promise(r => setTimeout(r, 5));
  }
}

describe('ClusterCache', () => {
  let controller: AbortController;
  let running: Promise<void> | undefined;

  beforeEach(() => {
    controller = new AbortController();
  });
  afterEach(async () => {
    controller.abort();
    await running;
  });

  function start(fake: FakeKubernetesClient, namespaces: string[] = [], probeIntervalMs = 50, maxObjects?: number) {
    const cache = new ClusterCache({
      cluster: { name: fake.cluster, environment: 'dev', namespaces, requestTimeoutMs: 500, client: fake },
      maxObjects,
      backoff: fast,
      probeIntervalMs,
      failingProbeIntervalMs: 20,
    });
    running = cache.start(controller.signal);
    return cache;
  }

  it('syncs every kind and reports a missing CRD as absent, a forbidden kind as degraded, neither as a cluster error', async () => {
    const fake = new FakeKubernetesClient('gsv-dev', platformObjects());
    fake.absent.add('objectstores');
    fake.forbidden.add('events');
    const cache = start(fake);
    await until(() => cache.status().absentKinds.length === 1 && cache.status().degradedKinds.length === 1);
    const status = cache.status();
    expect(status.absentKinds).toEqual(['objectstores']);
    expect(status.degradedKinds).toEqual([
      { kind: 'events', reason: 'Forbidden', message: expect.stringContaining('cannot list resource "events"') },
    ]);
    expect(status.error).toBeUndefined();
    // events were never listed, but we may not read them: the cluster is not "loading" forever
    expect(status.synced).toBe(true);
    expect(cache.hasSynced()).toBe(false);
    expect(cache.list('pods')).toHaveLength(5);
    expect(cache.list('cnpgclusters').map(c => c.metadata.name)).toEqual(['cmp-postgres']);
  });

  it('keeps a cluster within its cap: the largest kind is no longer cached, said as a degraded kind, the rest kept', async () => {
    const fake = new FakeKubernetesClient('gsv-dev', platformObjects());
    const cache = start(fake, [], 50, 1000);
    await until(() => cache.hasSynced());
    const before = cache.list('deployments').length;
    expect(cache.status().degradedKinds).toEqual([]);

    // the cluster grows past the cap: 1,200 more pods arrive by the watch
    for (let i = 0; i < 1200; i++) fake.put('pods', pod(`load-${i}`, String(10_000 + i)));
    await until(() => cache.status().degradedKinds.length > 0);
    expect(cache.status().degradedKinds).toEqual([
      {
        kind: 'pods',
        reason: 'OverCapacity',
        message: expect.stringMatching(/^pods are not cached: .* over the cap of 1,000 \(gsvOps\.clusters\.gsv-dev\.maxCachedObjects\)/),
      },
    ]);
    expect(cache.list('pods')).toEqual([]);
    expect(cache.list('deployments')).toHaveLength(before);
    // the cluster itself answers: no cluster error, and it counts as synced
    expect(cache.status().error).toBeUndefined();
    expect(cache.status().synced).toBe(true);
    // and pods stay out: more of them change nothing
    const watches = cache.informerStatuses().find(i => i.name === 'gsv-dev/pods')!.counters.watches;
    fake.put('pods', pod('late', '20000'));
    await new Promise(r => setTimeout(r, 50));
    expect(cache.list('pods')).toEqual([]);
    expect(cache.informerStatuses().find(i => i.name === 'gsv-dev/pods')!.counters.watches).toBe(watches);
  });

  it('watches only the configured namespaces', async () => {
    const fake = new FakeKubernetesClient('gsv-dev', platformObjects());
    const cache = start(fake, ['sso']);
    await until(() => cache.hasSynced());
    expect(cache.list('deployments').map(d => d.metadata.name)).toEqual(['keycloak']);
    expect(cache.list('nodes')).toHaveLength(2); // cluster-scoped
    expect(fake.paths).toContain('/apis/apps/v1/namespaces/sso/deployments');
    expect(fake.paths).not.toContain('/apis/apps/v1/deployments');
  });

  it('keeps the last known state with an error while the cluster is down, and recovers on its own', async () => {
    const fake = new FakeKubernetesClient('gsv-dev', platformObjects());
    const cache = start(fake);
    await until(() => cache.hasSynced());
    const changes: string[] = [];
    cache.onChange(c => changes.push(c.namespace === undefined ? 'status' : 'object'));
    const heard = cache.status().lastHeardAt!;

    fake.setDown(true);
    await until(() => cache.status().error !== undefined);
    const down = cache.status();
    expect(down.error).toMatchObject({ reason: 'Unreachable', message: 'Cluster gsv-dev is unreachable (ECONNREFUSED)' });
    expect(down.synced).toBe(true);
    expect(cache.list('pods')).toHaveLength(5); // last known data stays
    const lastHeard = down.lastHeardAt!;
    expect(lastHeard).toBeGreaterThanOrEqual(heard);
    expect(changes).toContain('status');

    // a change while down is seen after recovery (relist), and the error clears
    fake.setDown(false);
    fake.put('pods', pod('late-pod', 'x'), false);
    await until(() => cache.status().error === undefined && cache.list('pods').length === 6);
    expect(cache.status().lastHeardAt!).toBeGreaterThan(lastHeard);
  });

  it('changes its stamp only for changes in the namespaces asked about', async () => {
    const fake = new FakeKubernetesClient('gsv-dev', platformObjects());
    const cache = start(fake);
    await until(() => cache.hasSynced());
    const cmp = cache.stamp(['deployments'], ['cmp']);
    const all = cache.stamp(['deployments']);
    fake.put('deployments', { ...platformObjects().deployments[2], status: { replicas: 2 } }); // keycloak in sso
    await until(() => cache.stamp(['deployments']) !== all);
    expect(cache.stamp(['deployments'], ['cmp'])).toBe(cmp);
  });

  it('stops its informers and probe on abort', async () => {
    const fake = new FakeKubernetesClient('gsv-dev', platformObjects());
    const cache = start(fake, [], 10);
    await until(() => cache.hasSynced());
    controller.abort();
    await running;
    const count = fake.requestCount;
    await new Promise(r => setTimeout(r, 60));
    expect(fake.requestCount).toBe(count);
  });
});
