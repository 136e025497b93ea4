import { connect } from 'node:net';
import { useClusters } from '../__testUtils__/cluster';
import { call, get } from '../__testUtils__/http';

jest.setTimeout(20_000);

function refused(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', error => resolve((error as NodeJS.ErrnoException).code === 'ECONNREFUSED'));
  });
}

describe('fault injection', () => {
  const start = useClusters();

  it('adds latency to matching requests only', async () => {
    const cluster = await start({ seed: 'empty' });
    cluster.faults.latency({ ms: 1500, path: '/api/v1/namespaces/default/configmaps' });
    let began = Date.now();
    await get(cluster, '/api/v1/namespaces/default/configmaps');
    expect(Date.now() - began).toBeGreaterThanOrEqual(1490);
    began = Date.now();
    await get(cluster, '/api/v1/namespaces');
    expect(Date.now() - began).toBeLessThan(1000);
  });

  it('fails requests with a status code, at a rate, a number of times', async () => {
    const cluster = await start({ seed: 'empty' });
    const id = cluster.faults.error({ status: 503, verb: 'list', resource: 'pods', times: 2, message: 'etcd is sad' });
    const first = await get(cluster, '/api/v1/pods');
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ kind: 'Status', code: 503, reason: 'ServiceUnavailable', message: 'etcd is sad' });
    expect((await get(cluster, '/api/v1/pods')).status).toBe(503);
    expect((await get(cluster, '/api/v1/pods')).status).toBe(200);
    expect(cluster.faults.list().find(fault => fault.id === id)).toBeUndefined();
    cluster.faults.error({ status: 500, path: /\/configmaps/, rate: 0.5 });
    const statuses = await Promise.all(Array.from({ length: 40 }, () => get(cluster, '/api/v1/namespaces/default/configmaps').then(response => response.status)));
    const failures = statuses.filter(status => status === 500).length;
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(35);
  });

  it('throttles with 429 TooManyRequests and Retry-After', async () => {
    const cluster = await start({ seed: 'empty' });
    cluster.faults.throttle({ retryAfterSeconds: 7, user: 'system:serviceaccount:backstage:gsv-backstage' });
    const throttled = await get(cluster, '/api/v1/namespaces', { token: cluster.tokens.backend });
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('7');
    expect(throttled.body).toMatchObject({ reason: 'TooManyRequests', details: { retryAfterSeconds: 7 } });
    expect((await get(cluster, '/api/v1/namespaces')).status).toBe(200);
  });

  it('refuses connections while down and serves again when up', async () => {
    const cluster = await start({ seed: 'empty' });
    await cluster.faults.down();
    expect(await refused(cluster.port)).toBe(true);
    await cluster.faults.up();
    expect((await get(cluster, '/api/v1/namespaces')).status).toBe(200);
    await cluster.faults.down({ forMs: 200 });
    expect(await refused(cluster.port)).toBe(true);
    await new Promise(resolve => setTimeout(resolve, 400));
    expect((await get(cluster, '/version')).status).toBe(200);
  });

  it('is driven over HTTP with the admin token at /devcluster/faults', async () => {
    const cluster = await start();
    const forbidden = await call(cluster, 'POST', '/devcluster/faults', { token: cluster.tokens.backend, body: { type: 'latency', ms: 10 } });
    expect(forbidden.status).toBe(403);
    const created = await call(cluster, 'POST', '/devcluster/faults', { body: { type: 'error', status: 500, path: '/apis/apps' } });
    expect(created.status).toBe(201);
    expect((await get(cluster, '/apis/apps/v1/deployments')).status).toBe(500);
    const listed = await get(cluster, '/devcluster/faults');
    expect(listed.body.faults).toHaveLength(1);
    expect((await call(cluster, 'DELETE', `/devcluster/faults/${created.body.id}`)).status).toBe(200);
    expect((await get(cluster, '/apis/apps/v1/deployments')).status).toBe(200);
    expect((await call(cluster, 'POST', '/devcluster/faults', { body: { type: 'breakObjectStore', namespace: 'cmp', name: 'cmp-postgres-store' } })).status).toBe(200);
    expect(cluster.simulation.state.brokenObjectStores.has('cmp/cmp-postgres-store')).toBe(true);
    expect((await call(cluster, 'POST', '/devcluster/faults', { body: { type: 'crashLoop', namespace: 'cmp', deployment: 'agent-registry' } })).status).toBe(200);
    expect(cluster.simulation.state.crashLooping.has('cmp/agent-registry')).toBe(true);
    expect((await call(cluster, 'POST', '/devcluster/faults', { body: { type: 'down' } })).status).toBe(400);
    expect((await call(cluster, 'POST', '/devcluster/faults', { body: { type: 'nonsense' } })).status).toBe(400);
    const clock = await call(cluster, 'POST', '/devcluster/clock', { body: { advanceMs: 60_000 } });
    expect(clock.body.now).toBe('2026-11-25T10:01:00.000Z');
  });
});
