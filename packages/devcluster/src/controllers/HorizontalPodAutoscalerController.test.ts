import { useClusters } from '../__testUtils__/cluster';
import { call } from '../__testUtils__/http';
import type { DevCluster } from '../cluster/startDevCluster';

jest.setTimeout(30_000);

const HPA = '/apis/autoscaling/v2/namespaces/cmp/horizontalpodautoscalers/agent-registry';

function replicas(cluster: DevCluster): number {
  return cluster.store.get('deployments.apps', 'cmp', 'agent-registry')!.spec.replicas;
}

function rescales(cluster: DevCluster): string[] {
  return cluster.store
    .list('events', { namespace: 'cmp' })
    .filter(e => e.reason === 'SuccessfulRescale' && (e.involvedObject as { name?: string })?.name === 'agent-registry')
    .map(e => e.message as string);
}

async function patchHpa(cluster: DevCluster, spec: Record<string, unknown>) {
  const response = await call(cluster, 'PATCH', HPA, { contentType: 'application/merge-patch+json', body: { spec } });
  expect(response.status).toBe(200);
}

describe('HorizontalPodAutoscaler controller', () => {
  const start = useClusters();

  it('acts on a new minimum at once, with the real SuccessfulRescale message', async () => {
    const cluster = await start();
    expect(replicas(cluster)).toBe(3);
    await patchHpa(cluster, { minReplicas: 5 });
    await cluster.clock.advance(100);
    expect(replicas(cluster)).toBe(5);
    expect(rescales(cluster)).toContain('New size: 5; reason: Current number of replicas below Spec.MinReplicas');
    const hpa = cluster.store.get('horizontalpodautoscalers.autoscaling', 'cmp', 'agent-registry')!;
    expect(hpa.status).toMatchObject({ desiredReplicas: 5, observedGeneration: hpa.metadata.generation });
  });

  it('brings a target scaled above the maximum back at its next sync', async () => {
    const cluster = await start();
    const scaled = await call(cluster, 'PATCH', '/apis/apps/v1/namespaces/cmp/deployments/agent-registry/scale', {
      contentType: 'application/merge-patch+json',
      body: { spec: { replicas: 12 } },
    });
    expect(scaled.status).toBe(200);
    await cluster.clock.advance(15_000);
    expect(rescales(cluster)).toContain('New size: 10; reason: Current number of replicas above Spec.MaxReplicas');
    // Then the metric's recommendation applies: 10 was never recommended, so the window does not hold it there.
    expect(replicas(cluster)).toBeLessThanOrEqual(10);
  });

  it('scales down only after the stabilisation window (spec.behavior or the 300 s default)', async () => {
    const cluster = await start();
    await patchHpa(cluster, { minReplicas: 6 });
    await cluster.clock.advance(100);
    expect(replicas(cluster)).toBe(6);
    // A high target utilisation: the metric now recommends far fewer than 6 replicas.
    await patchHpa(cluster, {
      minReplicas: 2,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 100 } } }],
    });
    for (let elapsed = 0; elapsed < 285_000; elapsed += 15_000) {
      await cluster.clock.advance(15_000);
      expect(replicas(cluster)).toBe(6);
    }
    for (let elapsed = 0; elapsed < 60_000 && replicas(cluster) === 6; elapsed += 15_000) await cluster.clock.advance(15_000);
    expect(replicas(cluster)).toBeLessThan(6);
    expect(rescales(cluster).at(-1)).toMatch(/^New size: \d; reason: (All metrics below target|cpu resource utilization \(percentage of request\) below target)$/);

    await patchHpa(cluster, { minReplicas: 6, behavior: { scaleDown: { stabilizationWindowSeconds: 0 } } });
    await cluster.clock.advance(100);
    expect(replicas(cluster)).toBe(6);
    await patchHpa(cluster, { minReplicas: 2 });
    await cluster.clock.advance(100);
    expect(replicas(cluster)).toBeLessThan(6);
  });
});
