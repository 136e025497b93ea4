import { useClusters } from '../__testUtils__/cluster';
import { eventually, get, watch } from '../__testUtils__/http';

jest.setTimeout(20_000);

describe('/metrics', () => {
  const start = useClusters();

  it('counts open watches as apiserver_longrunning_requests, by resource and scope, for those allowed to read /metrics', async () => {
    const cluster = await start({ seed: 'empty' });
    const gauge = async (labels: string) =>
      new RegExp(`apiserver_longrunning_requests\\{${labels}\\} (\\d+)`).exec((await get(cluster, '/metrics')).text)?.[1];
    const namespaced = 'component="apiserver",group="apps",resource="deployments",scope="namespace",subresource="",verb="WATCH",version="v1"';
    const everywhere = 'component="apiserver",group="",resource="pods",scope="cluster",subresource="",verb="WATCH",version="v1"';

    const first = await watch(cluster, '/apis/apps/v1/namespaces/default/deployments');
    const second = await watch(cluster, '/apis/apps/v1/namespaces/default/deployments');
    const pods = await watch(cluster, '/api/v1/pods');
    const metrics = await get(cluster, '/metrics');
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.text).toContain('# TYPE apiserver_longrunning_requests gauge');
    expect(await gauge(namespaced)).toBe('2');
    expect(await gauge(everywhere)).toBe('1');

    first.close();
    pods.close();
    await eventually(async () => (await gauge(namespaced)) === '1' && (await gauge(everywhere)) === undefined);
    second.close();

    // as on a real API server, /metrics is a non-resource URL that needs its own grant
    expect((await get(cluster, '/metrics', { token: cluster.tokens.viewer })).status).toBe(403);
  });
});
