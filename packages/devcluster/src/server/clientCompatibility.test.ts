import { useClusters } from '../__testUtils__/cluster';
import { call, get, watch } from '../__testUtils__/http';

describe('what other clients send, parsed as the API server parses it', () => {
  const start = useClusters();

  it('streams for every truthy watch value (the Python client sends watch=True) and lists for 0, false and no', async () => {
    const cluster = await start();
    for (const value of ['True', 'yes', '']) {
      const stream = await watch(cluster, `/api/v1/namespaces/cmp/configmaps?watch=${value}`);
      await stream.waitFor(event => event.type === 'ADDED');
      stream.close();
    }
    for (const value of ['0', 'false', 'No']) {
      const list = await get(cluster, `/api/v1/namespaces/cmp/configmaps?watch=${value}`);
      expect(list.body.kind).toBe('ConfigMapList');
    }
    const denied = await get(cluster, '/api/v1/namespaces/cmp/secrets?watch=True', { token: cluster.tokens.viewer });
    expect(denied.body.message).toContain('cannot watch resource "secrets"');
  });

  it('lists its health checks with ?verbose and answers single checks', async () => {
    const cluster = await start();
    const ready = await get(cluster, '/readyz?verbose');
    expect(ready.text.split('\n')).toEqual(expect.arrayContaining(['[+]ping ok', '[+]etcd ok', '[+]informer-sync ok', 'readyz check passed']));
    expect((await get(cluster, '/livez?verbose&exclude=etcd')).text).toContain('[+]etcd excluded: ok');
    expect((await get(cluster, '/livez')).text).toBe('ok');
    expect((await get(cluster, '/readyz/ping')).text).toBe('ok');
    expect((await get(cluster, '/readyz/nothing')).status).toBe(404);
  });

  it('says that exec, attach and port-forward are not supported, and what to do instead', async () => {
    const cluster = await start();
    const pod = cluster.store.list('pods', { namespace: 'cmp', labelSelector: 'app=agent-registry' })[0].metadata.name;
    for (const subresource of ['exec?command=ls', 'attach', 'portforward']) {
      const answer = await call(cluster, 'POST', `/api/v1/namespaces/cmp/pods/${pod}/${subresource}`);
      expect(answer.status).toBe(400);
      expect(answer.body.message).toContain('not supported by the embedded GSV cluster');
      expect(answer.body.message).toContain('kubectl create job');
    }
  });
});
