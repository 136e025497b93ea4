import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { GsvOpsClient } from './client';

const server = setupServer();
const baseUrl = 'http://backstage.test/api/gsv-ops';
const discoveryApi = { getBaseUrl: async () => baseUrl };

describe('GsvOpsClient', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  const client = new GsvOpsClient({ discoveryApi });

  it('reads the view of an entity, sending the token', async () => {
    server.use(
      http.get(`${baseUrl}/entities/component/default/agent-registry/view`, ({ request }) => {
        expect(request.headers.get('authorization')).toBe('Bearer t0k');
        return HttpResponse.json({ entityRef: 'component:default/agent-registry', etag: '"1"' });
      }),
    );
    const view = await client.getEntityView('component:default/agent-registry', { token: 't0k' });
    expect(view?.etag).toBe('"1"');
  });

  it('returns undefined on 304 and asks for a long poll only with an etag', async () => {
    server.use(
      http.get(`${baseUrl}/platform/health`, ({ request }) => {
        expect(request.headers.get('if-none-match')).toBe('"7"');
        expect(new URL(request.url).searchParams.get('waitSeconds')).toBe('20');
        return new HttpResponse(null, { status: 304 });
      }),
    );
    await expect(client.getPlatformHealth({ ifNoneMatch: '"7"', waitSeconds: 20 })).resolves.toBeUndefined();
  });

  it('throws a ResponseError carrying the backend error', async () => {
    server.use(
      http.post(`${baseUrl}/operations`, () =>
        HttpResponse.json(
          {
            error: { name: 'ConflictError', message: 'deployment cmp/agent-registry is locked by operation op-1' },
            request: { method: 'POST', url: '/operations' },
            response: { statusCode: 409 },
          },
          { status: 409 },
        ),
      ),
    );
    await expect(
      client.startOperation({
        runbook: 'deployment-restart',
        entityRef: 'component:default/agent-registry',
        cluster: 'dev',
        parameters: { namespace: 'cmp', name: 'agent-registry' },
        dryRun: false,
      }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 409,
      body: { error: { name: 'ConflictError' } },
    });
  });

  it('rejects an entity ref it cannot route', async () => {
    await expect(client.getEntityView('not a ref')).rejects.toThrow(/Invalid entity ref/);
  });
});
