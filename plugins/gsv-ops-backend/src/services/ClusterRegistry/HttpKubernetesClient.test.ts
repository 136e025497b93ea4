import { setupServer } from 'msw/node';
import { http, HttpResponse, delay } from 'msw';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { HttpKubernetesClient } from './HttpKubernetesClient';
import { isKubernetesApiError, KubernetesApiError, WatchEvent } from './types';

const base = 'https://kube.test:6443';

describe('HttpKubernetesClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new HttpKubernetesClient({
    cluster: 'gsv-dev',
    connection: { url: base, token: 'sa-token' },
    requestTimeoutMs: 500,
  });
  afterAll(() => client.destroy());

  it('sends the bearer token and query, and parses JSON', async () => {
    server.use(
      http.get(`${base}/api/v1/pods`, ({ request }) => {
        expect(request.headers.get('authorization')).toBe('Bearer sa-token');
        const url = new URL(request.url);
        expect(url.searchParams.get('limit')).toBe('500');
        expect(url.searchParams.has('continue')).toBe(false);
        return HttpResponse.json({ kind: 'PodList', metadata: { resourceVersion: '42' }, items: [] });
      }),
    );
    await expect(
      client.requestJson({ path: '/api/v1/pods', query: { limit: 500, continue: undefined } }),
    ).resolves.toEqual({ kind: 'PodList', metadata: { resourceVersion: '42' }, items: [] });
  });

  it('turns a cluster 401 into a KubernetesApiError without an HTTP status Backstage would forward', async () => {
    server.use(
      http.get(`${base}/api/v1/nodes`, () =>
        HttpResponse.json({ kind: 'Status', status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }, { status: 401 }),
      ),
    );
    const error: any = await client.requestJson({ path: '/api/v1/nodes' }).catch(e => e);
    expect(isKubernetesApiError(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'Unauthorized', upstreamStatus: 401, cluster: 'gsv-dev' });
    expect(error.message).toBe('Cluster gsv-dev answered 401: Unauthorized');
    expect(error.statusCode).toBeUndefined();
    expect(error.status).toBeUndefined();
  });

  it('reads Retry-After of a 429', async () => {
    server.use(
      http.get(`${base}/api/v1/events`, () =>
        HttpResponse.json({ kind: 'Status', message: 'Too many requests' }, { status: 429, headers: { 'Retry-After': '3' } }),
      ),
    );
    await expect(client.requestJson({ path: '/api/v1/events' })).rejects.toMatchObject({
      reason: 'TooManyRequests',
      retryAfterSeconds: 3,
    });
  });

  it('times out a request that does not answer in time', async () => {
    server.use(
      http.get(`${base}/version`, async () => {
        await delay(2000);
        return HttpResponse.json({});
      }),
    );
    await expect(client.requestJson({ path: '/version' })).rejects.toMatchObject({
      name: 'KubernetesApiError',
      reason: 'Timeout',
      message: 'Cluster gsv-dev did not answer /version within 0.5 s',
    });
  });

  it('reports an unreachable cluster', async () => {
    const down = new HttpKubernetesClient({
      cluster: 'down',
      connection: { url: 'http://127.0.0.1:1' },
      requestTimeoutMs: 1000,
    });
    server.use(http.get('http://127.0.0.1:1/*', () => HttpResponse.error()));
    await expect(down.requestJson({ path: '/version' })).rejects.toMatchObject({ reason: 'Unreachable' });
    down.destroy();
  });

  it('streams watch events split across chunks, with bookmarks and the watch query', async () => {
    const lines = [
      { type: 'ADDED', object: { metadata: { name: 'a', resourceVersion: '1' } } },
      { type: 'BOOKMARK', object: { metadata: { resourceVersion: '2' } } },
      { type: 'DELETED', object: { metadata: { name: 'a', resourceVersion: '3' } } },
    ]
      .map(l => JSON.stringify(l))
      .join('\n');
    server.use(
      http.get(`${base}/api/v1/pods`, ({ request }) => {
        const url = new URL(request.url);
        expect(url.searchParams.get('watch')).toBe('true');
        expect(url.searchParams.get('allowWatchBookmarks')).toBe('true');
        expect(url.searchParams.get('resourceVersion')).toBe('abc');
        const encoder = new TextEncoder();
        const stream = new ReadableStream({
          start(controller) {
            // cut in the middle of a line
            controller.enqueue(encoder.encode(lines.slice(0, 30)));
            controller.enqueue(encoder.encode(`${lines.slice(30)}\n`));
            controller.close();
          },
        });
        return new HttpResponse(stream, { headers: { 'Content-Type': 'application/json' } });
      }),
    );
    const events: WatchEvent[] = [];
    for await (const event of client.watch({
      path: '/api/v1/pods',
      query: { resourceVersion: 'abc', allowWatchBookmarks: true },
    })) {
      events.push(event);
    }
    expect(events.map(e => e.type)).toEqual(['ADDED', 'BOOKMARK', 'DELETED']);
  });

  it('throws Gone when the watch is answered 410', async () => {
    server.use(
      http.get(`${base}/apis/apps/v1/deployments`, () =>
        HttpResponse.json({ kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' }, { status: 410 }),
      ),
    );
    const iterate = async () => {
      for await (const _ of client.watch({ path: '/apis/apps/v1/deployments', query: { resourceVersion: '1' } })) {
        // nothing
      }
    };
    await expect(iterate()).rejects.toEqual(expect.any(KubernetesApiError));
    await expect(iterate()).rejects.toMatchObject({ reason: 'Gone', upstreamStatus: 410 });
  });

  it('ends a watch quietly when the caller aborts', async () => {
    server.use(
      http.get(`${base}/api/v1/namespaces/cmp/pods`, () => {
        const stream = new ReadableStream({
          start(controller) {
            controller.enqueue(
              new TextEncoder().encode(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'x' } } })}\n`),
            );
          },
        });
        return new HttpResponse(stream);
      }),
    );
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const event of client.watch({ path: '/api/v1/namespaces/cmp/pods', signal: controller.signal, idleTimeoutMs: 10_000 })) {
      seen.push(event.type === 'ERROR' ? 'error' : event.object.metadata.name);
      controller.abort();
    }
    expect(seen).toEqual(['x']);
  });
});
