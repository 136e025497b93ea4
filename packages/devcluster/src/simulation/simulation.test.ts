import { useClusters } from '../__testUtils__/cluster';
import { request } from 'node:https';
import { eventually, get } from '../__testUtils__/http';

jest.setTimeout(20_000);

describe('simulated kubelet, metrics and logs', () => {
  const start = useClusters();

  it('serves the kubelet summary with PVC usage per pod volume, as the backend reads it', async () => {
    const cluster = await start();
    const primary = cluster.store.get('pods', 'cmp', 'cmp-postgres-1')!;
    const summary = await get(cluster, `/api/v1/nodes/${primary.spec.nodeName}/proxy/stats/summary`, { token: cluster.tokens.backend });
    expect(summary.status).toBe(200);
    expect(summary.body.node.nodeName).toBe(primary.spec.nodeName);
    expect(summary.body.node.cpu.usageNanoCores).toBeGreaterThan(0);
    const pod = summary.body.pods.find((candidate: { podRef: { name: string } }) => candidate.podRef.name === 'cmp-postgres-1');
    expect(pod.podRef).toEqual({ name: 'cmp-postgres-1', namespace: 'cmp', uid: primary.metadata.uid });
    const volume = pod.volume.find((candidate: { name: string }) => candidate.name === 'pgdata');
    expect(volume.pvcRef).toEqual({ name: 'cmp-postgres-1', namespace: 'cmp' });
    expect(volume.capacityBytes).toBe(20 * 2 ** 30);
    expect(volume.usedBytes + volume.availableBytes).toBe(volume.capacityBytes);
    expect(volume.usedBytes / volume.capacityBytes).toBeCloseTo(0.92, 2);
    await cluster.clock.advance(86_400_000);
    const later = await get(cluster, `/api/v1/nodes/${primary.spec.nodeName}/proxy/stats/summary`);
    const grown = later.body.pods.find((candidate: { podRef: { name: string } }) => candidate.podRef.name === 'cmp-postgres-1').volume[0];
    expect(grown.usedBytes).toBeGreaterThan(volume.usedBytes);
    expect(cluster.simulation.volumeUsage('cmp', 'cmp-postgres-1')?.usedBytes).toBe(grown.usedBytes);
    expect((await get(cluster, '/api/v1/nodes/nope/proxy/stats/summary')).status).toBe(404);
    expect((await get(cluster, `/api/v1/nodes/${primary.spec.nodeName}/proxy/configz`)).status).toBe(404);
    expect((await get(cluster, `/api/v1/nodes/${primary.spec.nodeName}/proxy/stats/summary`, { token: cluster.tokens.viewer })).status).toBe(403);
  });

  it('serves metrics.k8s.io pod and node metrics from the simulated load', async () => {
    const cluster = await start();
    // The backend's least-privilege RBAC has no metrics.k8s.io (its views read Prometheus): ask as the admin.
    const pods = await get(cluster, '/apis/metrics.k8s.io/v1beta1/namespaces/cmp/pods');
    expect(pods.body.kind).toBe('PodMetricsList');
    const registry = pods.body.items.filter((item: { metadata: { labels: Record<string, string> } }) => item.metadata.labels?.app === 'agent-registry');
    expect(registry).toHaveLength(3);
    const cpu = registry[0].containers[0].usage.cpu;
    expect(cpu).toMatch(/^\d+(m|n)$/);
    expect(registry[0].containers[0].usage.memory).toMatch(/^\d+Ki$/);
    const one = await get(cluster, `/apis/metrics.k8s.io/v1beta1/namespaces/cmp/pods/${registry[0].metadata.name}`);
    expect(one.body.kind).toBe('PodMetrics');
    const nodes = await get(cluster, '/apis/metrics.k8s.io/v1beta1/nodes');
    expect(nodes.body.items).toHaveLength(3);
    expect(nodes.body.items[0].usage.cpu).toMatch(/^\d+(m|n)$/);
    const completed = pods.body.items.find((item: { metadata: { name: string } }) => item.metadata.name.startsWith('agent-registry-cleanup'));
    expect(completed).toBeUndefined();
  });

  it('serves container logs with tailLines, timestamps, previous and the errors kubectl relays', async () => {
    const cluster = await start();
    const pod = cluster.store.list('pods', { namespace: 'cmp', labelSelector: 'app=agent-registry' })[0];
    const logs = await get(cluster, `/api/v1/namespaces/cmp/pods/${pod.metadata.name}/log?tailLines=5`);
    expect(logs.status).toBe(200);
    expect(logs.headers['content-type']).toBe('text/plain');
    const lines = logs.text.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines.every(line => /^\[2026-11-25T\d\d:\d\d:\d\d\.\d{3}Z\] (INFO|WARNING|ERROR) /.test(line))).toBe(true);
    const stamped = await get(cluster, `/api/v1/namespaces/cmp/pods/${pod.metadata.name}/log?tailLines=1&timestamps=true`);
    expect(stamped.text).toMatch(/^2026-11-25T\d\d:\d\d:\d\d\.\d{9}Z \[/);
    const previous = await get(cluster, `/api/v1/namespaces/cmp/pods/${pod.metadata.name}/log?previous=true`);
    expect(previous.status).toBe(400);
    expect(previous.body.message).toBe(`previous terminated container "agent-registry" in pod "${pod.metadata.name}" not found`);
    const restarted = cluster.store.list('pods', { namespace: 'cmp', labelSelector: 'app=agent-registry-worker' }).find(candidate => candidate.status.containerStatuses[0].restartCount > 0)!;
    expect((await get(cluster, `/api/v1/namespaces/cmp/pods/${restarted.metadata.name}/log?previous=true`)).status).toBe(200);
    const wrongContainer = await get(cluster, `/api/v1/namespaces/cmp/pods/${pod.metadata.name}/log?container=nope`);
    expect(wrongContainer.status).toBe(400);
    const secondAgo = await get(cluster, `/api/v1/namespaces/cmp/pods/${pod.metadata.name}/log?sinceSeconds=60`);
    // a web container logs about one access line a second
    const lastMinute = secondAgo.text.trim().split('\n').length;
    expect(lastMinute).toBeGreaterThanOrEqual(55);
    expect(lastMinute).toBeLessThanOrEqual(61);
  });

  it('follows logs (kubectl logs -f) as simulated time passes', async () => {
    const cluster = await start();
    const pod = cluster.store.list('pods', { namespace: 'cmp', labelSelector: 'app=agent-registry' })[0];
    let received = '';
    const req = request(
      `${cluster.url}/api/v1/namespaces/cmp/pods/${pod.metadata.name}/log?follow=true&tailLines=1`,
      { ca: cluster.caPem, headers: { Authorization: `Bearer ${cluster.tokens.admin}` } },
      response => {
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          received += chunk;
        });
      },
    );
    req.on('error', () => undefined);
    req.end();
    await eventually(() => received.split('\n').filter(Boolean).length === 1);
    await cluster.clock.advance(60_000);
    await eventually(() => received.split('\n').filter(Boolean).length >= 4, 5000);
    const lines = received.trim().split('\n');
    expect(new Set(lines).size).toBe(lines.length);
    const followedLogs = async () => /apiserver_longrunning_requests\{[^}]*resource="pods",scope="resource",subresource="log",verb="GET"[^}]*\} (\d+)/.exec((await get(cluster, '/metrics')).text)?.[1] ?? '0';
    expect(await followedLogs()).toBe('1');
    req.destroy();
    await eventually(async () => (await followedLogs()) === '0');
  });
});
