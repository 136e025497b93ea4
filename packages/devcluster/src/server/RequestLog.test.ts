import { useClusters } from '../__testUtils__/cluster';
import { call, get, watch } from '../__testUtils__/http';

jest.setTimeout(20_000);

describe('request log', () => {
  const start = useClusters();

  it('records verb, resource, group, namespace, name, subresource, user, dry-run, status and watch per request', async () => {
    const cluster = await start();
    cluster.requestLog.clear();
    await get(cluster, '/apis/apps/v1/namespaces/cmp/deployments/agent-registry', { token: cluster.tokens.backend });
    await call(cluster, 'PATCH', '/apis/apps/v1/namespaces/cmp/deployments/agent-registry/scale?dryRun=All', {
      token: cluster.tokens.backend,
      contentType: 'application/merge-patch+json',
      body: { spec: { replicas: 4 } },
    });
    await get(cluster, '/api/v1/namespaces/cmp/secrets', { token: cluster.tokens.backend });
    const stream = await watch(cluster, '/api/v1/namespaces/cmp/pods?resourceVersion=0', { token: cluster.tokens.backend });
    await stream.waitFor(() => true);
    const entries = cluster.requestLog.entries();
    expect(entries.map(entry => [entry.verb, entry.resource, entry.subresource, entry.status, entry.dryRun, entry.watch])).toEqual([
      ['get', 'deployments', undefined, 200, false, false],
      ['patch', 'deployments', 'scale', 200, true, false],
      ['list', 'secrets', undefined, 403, false, false],
      ['watch', 'pods', undefined, 200, false, true],
    ]);
    expect(entries[0]).toMatchObject({ group: 'apps', namespace: 'cmp', name: 'agent-registry', user: 'system:serviceaccount:backstage:gsv-backstage', method: 'GET' });
    expect(entries[0].clusterTime).toBe('2026-11-25T10:00:00.000Z');
    expect(cluster.requestLog.count({ user: 'system:serviceaccount:backstage:gsv-backstage' })).toBe(4);
    expect(cluster.requestLog.count(entry => entry.status >= 400)).toBe(1);
    expect(cluster.requestLog.writes()).toEqual([]);
    const stats = cluster.requestLog.stats();
    expect(stats).toMatchObject({ total: 4, dryRun: 1, writes: 0, byVerb: { get: 1, patch: 1, list: 1, watch: 1 }, byResource: { 'deployments.apps': 2, secrets: 1, pods: 1 } });
    stream.close();
    cluster.requestLog.clear();
    expect(cluster.requestLog.count()).toBe(0);
  });

  it('keeps programmatic store access out of the log', async () => {
    const cluster = await start({ seed: 'empty' });
    cluster.requestLog.clear();
    cluster.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'quiet', namespace: 'default' } });
    cluster.store.list('pods');
    expect(cluster.requestLog.count()).toBe(0);
  });
});
