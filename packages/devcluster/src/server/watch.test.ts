import { useClusters } from '../__testUtils__/cluster';
import { call, get, watch } from '../__testUtils__/http';

jest.setTimeout(20_000);

const configMap = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data: { v: '1' } });

describe('watch protocol', () => {
  const start = useClusters();

  it('streams ADDED/MODIFIED/DELETED as JSON lines from a list resourceVersion', async () => {
    const cluster = await start({ seed: 'empty' });
    await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps', { body: configMap('before') });
    const list = await get(cluster, '/api/v1/namespaces/default/configmaps');
    const stream = await watch(cluster, `/api/v1/namespaces/default/configmaps?resourceVersion=${list.body.metadata.resourceVersion}`);
    expect(stream.status).toBe(200);
    await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps', { body: configMap('live') });
    await call(cluster, 'PATCH', '/api/v1/namespaces/default/configmaps/live', { contentType: 'application/merge-patch+json', body: { data: { v: '2' } } });
    await call(cluster, 'DELETE', '/api/v1/namespaces/default/configmaps/live');
    await stream.waitFor(event => event.type === 'DELETED');
    expect(stream.events.map(event => `${event.type} ${event.object.metadata.name}`)).toEqual(['ADDED live', 'MODIFIED live', 'DELETED live']);
    const versions = stream.events.map(event => Number(event.object.metadata.resourceVersion));
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    stream.close();
  });

  it('replays missed events when resuming from an older resourceVersion, and starts with ADDED for everything from 0', async () => {
    const cluster = await start({ seed: 'empty' });
    const first = (await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps', { body: configMap('r1') })).body;
    await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps', { body: configMap('r2') });
    const resumed = await watch(cluster, `/api/v1/namespaces/default/configmaps?resourceVersion=${first.metadata.resourceVersion}`);
    await resumed.waitFor(event => event.object.metadata.name === 'r2');
    expect(resumed.events.map(event => event.object.metadata.name)).toEqual(['r2']);
    resumed.close();
    const fromZero = await watch(cluster, '/api/v1/namespaces/default/configmaps?resourceVersion=0');
    await fromZero.waitFor((_event, all) => all.length >= 3);
    expect(fromZero.events.every(event => event.type === 'ADDED')).toBe(true);
    expect(fromZero.events.map(event => event.object.metadata.name).sort()).toEqual(['kube-root-ca.crt', 'r1', 'r2']);
    fromZero.close();
  });

  it('translates selector transitions into ADDED and DELETED', async () => {
    const cluster = await start({ seed: 'empty' });
    const stream = await watch(cluster, `/api/v1/namespaces/default/configmaps?labelSelector=team%3Dcmp&resourceVersion=${cluster.store.resourceVersion}`);
    await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps', { body: configMap('moving') });
    await call(cluster, 'PATCH', '/api/v1/namespaces/default/configmaps/moving', { contentType: 'application/merge-patch+json', body: { metadata: { labels: { team: 'cmp' } } } });
    await call(cluster, 'PATCH', '/api/v1/namespaces/default/configmaps/moving', { contentType: 'application/merge-patch+json', body: { metadata: { labels: { team: 'sso' } } } });
    await stream.waitFor(event => event.type === 'DELETED');
    expect(stream.events.map(event => event.type)).toEqual(['ADDED', 'DELETED']);
    stream.close();
  });

  it('watches a single object by name', async () => {
    const cluster = await start({ seed: 'empty' });
    await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps', { body: configMap('solo') });
    await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps', { body: configMap('other') });
    const stream = await watch(cluster, '/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%3Dsolo');
    await stream.waitFor(event => event.object.metadata.name === 'solo');
    await call(cluster, 'PATCH', '/api/v1/namespaces/default/configmaps/other', { contentType: 'application/merge-patch+json', body: { data: { v: '3' } } });
    await call(cluster, 'PATCH', '/api/v1/namespaces/default/configmaps/solo', { contentType: 'application/merge-patch+json', body: { data: { v: '3' } } });
    await stream.waitFor(event => event.type === 'MODIFIED');
    expect(stream.events.every(event => event.object.metadata.name === 'solo')).toBe(true);
    stream.close();
  });

  it('sends BOOKMARK events when allowed, and the initial-events-end bookmark with sendInitialEvents', async () => {
    const cluster = await start({ seed: 'empty', watch: { bookmarkIntervalMs: 100 } });
    const stream = await watch(cluster, `/api/v1/namespaces/default/configmaps?allowWatchBookmarks=true&resourceVersion=${cluster.store.resourceVersion}`);
    const bookmark = await stream.waitFor(event => event.type === 'BOOKMARK', 3000);
    expect(bookmark.object.kind).toBe('ConfigMap');
    expect(Number(bookmark.object.metadata.resourceVersion)).toBeGreaterThan(0);
    stream.close();
    const initial = await watch(cluster, '/api/v1/namespaces/default/configmaps?allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&resourceVersion=');
    const end = await initial.waitFor(event => event.type === 'BOOKMARK');
    expect(end.object.metadata.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
    expect(initial.events[0]).toMatchObject({ type: 'ADDED' });
    initial.close();
  });

  it('ends the stream after timeoutSeconds', async () => {
    const cluster = await start({ seed: 'empty' });
    const stream = await watch(cluster, `/api/v1/namespaces/default/configmaps?timeoutSeconds=1&resourceVersion=${cluster.store.resourceVersion}`);
    const started = Date.now();
    expect(await stream.closed).toBe('ended');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('answers 410 Expired (as an ERROR event) for resourceVersions older than the retained history', async () => {
    const cluster = await start({ seed: 'empty', watch: { historySize: 3 } });
    const old = cluster.store.resourceVersion;
    for (let index = 0; index < 5; index++) await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps', { body: configMap(`h${index}`) });
    const stream = await watch(cluster, `/api/v1/namespaces/default/configmaps?resourceVersion=${old}`);
    expect(stream.status).toBe(200);
    await stream.closed;
    expect(stream.events).toHaveLength(1);
    expect(stream.events[0].type).toBe('ERROR');
    expect(stream.events[0].object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
    expect(stream.events[0].object.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });

  it('expires open watches and compacts history when forced', async () => {
    const cluster = await start({ seed: 'empty' });
    const rv = cluster.store.resourceVersion;
    const stream = await watch(cluster, `/api/v1/namespaces/default/configmaps?resourceVersion=${rv}`);
    await call(cluster, 'POST', '/api/v1/namespaces/default/configmaps', { body: configMap('after') });
    await stream.waitFor(event => event.type === 'ADDED');
    expect(cluster.faults.forceExpired({ resource: 'configmaps' })).toBe(1);
    await stream.closed;
    expect(stream.events[stream.events.length - 1].object.code).toBe(410);
    const again = await watch(cluster, `/api/v1/namespaces/default/configmaps?resourceVersion=${rv}`);
    await again.closed;
    expect(again.events[0].object.reason).toBe('Expired');
  });

  it('drops watch connections on request', async () => {
    const cluster = await start({ seed: 'empty' });
    const stream = await watch(cluster, `/api/v1/pods?resourceVersion=${cluster.store.resourceVersion}`);
    expect(cluster.faults.dropWatches({ resource: 'pods' })).toBe(1);
    expect(await stream.closed).toBe('dropped');
  });

  it('streams server-side Table rows when kubectl asks for them', async () => {
    const cluster = await start();
    const table = await get(cluster, '/api/v1/namespaces/cmp/pods?watch=true&timeoutSeconds=1', {
      accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
    });
    const lines = table.text.trim().split('\n').map(line => JSON.parse(line));
    expect(lines[0].object.kind).toBe('Table');
    expect(lines[0].object.columnDefinitions.map((column: { name: string }) => column.name).slice(0, 5)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    expect(lines[1].object.columnDefinitions).toBeUndefined();
    expect(lines[1].object.rows).toHaveLength(1);
  });
});
