import { useClusters } from '../__testUtils__/cluster';
import { get } from '../__testUtils__/http';

jest.setTimeout(30_000);

describe('scale mode', () => {
  const start = useClusters();

  it('adds running pods in load namespaces on extra nodes, consistent with the controllers', async () => {
    const cluster = await start({ seed: 'empty', scale: { pods: 520 } });
    const pods = cluster.store.list('pods', { labelSelector: 'gsv.io/load=true' });
    expect(pods).toHaveLength(520);
    expect(pods.every(pod => pod.status.phase === 'Running')).toBe(true);
    expect(new Set(pods.map(pod => pod.metadata.namespace)).size).toBe(11);
    expect(cluster.store.list('nodes').length).toBe(3 + 6);
    const selected = await get(cluster, '/api/v1/pods?labelSelector=app%3Dload-app-003');
    expect(selected.body.items).toHaveLength(50);
    const last = cluster.store.get('deployments.apps', 'load-10', 'load-app-010')!;
    expect(last.status).toMatchObject({ replicas: 20, readyReplicas: 20, availableReplicas: 20 });
    const before = cluster.store.resourceVersion;
    await cluster.clock.advance(60_000);
    const changed = cluster.store.list('pods', { labelSelector: 'gsv.io/load=true' }).filter(pod => Number(pod.metadata.resourceVersion) > Number(before));
    expect(changed).toHaveLength(0);
  });
});
