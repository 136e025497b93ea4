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
      http.get(
        `${baseUrl}/entities/component/default/agent-registry/view`,
        ({ request }) => {
          expect(request.headers.get('authorization')).toBe('Bearer t0k');
          return HttpResponse.json({
            entityRef: 'component:default/agent-registry',
            etag: '"1"',
          });
        },
      ),
    );
    const view = await client.getEntityView(
      'component:default/agent-registry',
      { token: 't0k' },
    );
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
    await expect(
      client.getPlatformHealth({ ifNoneMatch: '"7"', waitSeconds: 20 }),
    ).resolves.toBeUndefined();
  });

  it('throws a ResponseError carrying the backend error', async () => {
    server.use(
      http.post(`${baseUrl}/operations`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ConflictError',
              message:
                'deployment cmp/agent-registry is locked by operation op-1',
            },
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

  it('keeps a live view with conditional long polls and reports changes only', async () => {
    const seen: string[] = [];
    let calls = 0;
    server.use(
      http.get(
        `${baseUrl}/entities/component/default/agent-registry/view`,
        ({ request }) => {
          calls += 1;
          const ifNoneMatch = request.headers.get('if-none-match');
          seen.push(
            `${ifNoneMatch}|${new URL(request.url).searchParams.get(
              'waitSeconds',
            )}`,
          );
          if (calls === 2) return new HttpResponse(null, { status: 304 });
          if (calls === 3)
            return HttpResponse.json({ etag: '"2"', level: 'critical' });
          return HttpResponse.json({ etag: '"1"', level: 'ok' });
        },
      ),
    );
    const controller = new AbortController();
    const views: string[] = [];
    await client.watchEntityView('component:default/agent-registry', {
      signal: controller.signal,
      onView: view => {
        views.push(view.etag);
        if (views.length === 2) controller.abort();
      },
    });
    expect(views).toEqual(['"1"', '"2"']);
    // the first read is plain; the next ones are long polls with the etag
    expect(seen).toEqual(['null|null', '"1"|25', '"1"|25']);
  });

  it('retries a live view after an error', async () => {
    jest.useFakeTimers();
    let calls = 0;
    server.use(
      http.get(`${baseUrl}/platform/health`, () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json(
              {
                error: { name: 'Error', message: 'boom' },
                response: { statusCode: 500 },
              },
              { status: 500 },
            )
          : HttpResponse.json({ etag: '"p"' });
      }),
    );
    const controller = new AbortController();
    const errors: unknown[] = [];
    const done = client.watchPlatformHealth({
      signal: controller.signal,
      onError: e => errors.push(e),
      onView: () => controller.abort(),
    });
    await jest.advanceTimersByTimeAsync(1000);
    await done;
    jest.useRealTimers();
    expect(errors).toHaveLength(1);
    expect(calls).toBe(2);
  });

  it('rejects an entity ref it cannot route', async () => {
    await expect(client.getEntityView('not a ref')).rejects.toThrow(
      /Invalid entity ref/,
    );
  });
});

describe('GsvOpsClient metrics', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('reads the metrics of an entity in one cluster', async () => {
    server.use(
      http.get(
        `${baseUrl}/entities/component/default/agent-registry/metrics`,
        ({ request }) => {
          expect(new URL(request.url).searchParams.get('cluster')).toBe(
            'gsv-prod',
          );
          return HttpResponse.json({
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-prod',
            metrics: [],
          });
        },
      ),
    );
    const client = new GsvOpsClient({ discoveryApi });
    await expect(
      client.getEntityMetrics('component:default/agent-registry', {
        cluster: 'gsv-prod',
      }),
    ).resolves.toMatchObject({ cluster: 'gsv-prod' });
  });

  it('reads right-sizing of an entity in a cluster, and of the platform', async () => {
    server.use(
      http.get(
        `${baseUrl}/entities/component/default/agent-registry/right-sizing`,
        ({ request }) =>
          HttpResponse.json({
            cluster: new URL(request.url).searchParams.get('cluster'),
          }),
      ),
      http.get(`${baseUrl}/platform/right-sizing`, () =>
        HttpResponse.json({ services: [] }),
      ),
    );
    const client = new GsvOpsClient({ discoveryApi });
    await expect(
      client.getEntityRightSizing('component:default/agent-registry', {
        cluster: 'gsv-dev',
      }),
    ).resolves.toMatchObject({ cluster: 'gsv-dev' });
    await expect(client.getPlatformRightSizing()).resolves.toEqual({
      services: [],
    });
  });

  it('reads the alerting view of an entity and of the platform', async () => {
    server.use(
      http.get(
        `${baseUrl}/entities/component/default/agent-registry/alerting`,
        ({ request }) =>
          HttpResponse.json({
            cluster: new URL(request.url).searchParams.get('cluster'),
            rules: [],
          }),
      ),
      http.get(`${baseUrl}/platform/alerting`, () =>
        HttpResponse.json({ rules: [{ name: 'KeycloakDown' }], errors: [] }),
      ),
    );
    const client = new GsvOpsClient({ discoveryApi });
    await expect(
      client.getEntityAlerting('component:default/agent-registry', {
        cluster: 'gsv-prod',
      }),
    ).resolves.toMatchObject({ cluster: 'gsv-prod' });
    await expect(client.getPlatformAlerting()).resolves.toMatchObject({
      rules: [{ name: 'KeycloakDown' }],
    });
  });
});

describe('GsvOpsClient incidents', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  const client = new GsvOpsClient({ discoveryApi });

  it('declares, lists, notes and resolves incidents on their routes', async () => {
    const seen: string[] = [];
    const answer = async ({ request }: { request: Request }) => {
      const body = request.method === 'GET' ? '' : await request.text();
      seen.push(
        `${request.method} ${new URL(request.url).pathname}${
          new URL(request.url).search
        } ${body}`.trim(),
      );
      return HttpResponse.json({ id: 'GSV-INC-0000ABCD', items: [] });
    };
    server.use(
      http.post(`${baseUrl}/incidents`, answer),
      http.get(`${baseUrl}/incidents`, answer),
      http.patch(`${baseUrl}/incidents/:id`, answer),
      http.post(`${baseUrl}/incidents/:id/notes`, answer),
      http.post(`${baseUrl}/incidents/:id/resolve`, answer),
    );
    await client.declareIncident({
      entityRef: 'component:default/agent-registry',
      severity: 'P2',
      summary: 'Down',
    });
    await client.listIncidents({
      entityRef: 'component:default/agent-registry',
      status: 'open',
    });
    await client.updateIncident('GSV-INC-0000ABCD', { severity: 'P1' });
    await client.addIncidentNote('GSV-INC-0000ABCD', 'Rolled back');
    await client.resolveIncident('GSV-INC-0000ABCD');
    expect(seen).toEqual([
      'POST /api/gsv-ops/incidents {"entityRef":"component:default/agent-registry","severity":"P2","summary":"Down"}',
      'GET /api/gsv-ops/incidents?entityRef=component%3Adefault%2Fagent-registry&status=open',
      'PATCH /api/gsv-ops/incidents/GSV-INC-0000ABCD {"severity":"P1"}',
      'POST /api/gsv-ops/incidents/GSV-INC-0000ABCD/notes {"text":"Rolled back"}',
      'POST /api/gsv-ops/incidents/GSV-INC-0000ABCD/resolve',
    ]);
  });

  it('reads the post-incident record as text', async () => {
    server.use(
      http.get(
        `${baseUrl}/incidents/GSV-INC-0000ABCD/record.md`,
        () =>
          new HttpResponse('# Post-incident record', {
            headers: { 'Content-Type': 'text/markdown' },
          }),
      ),
    );
    await expect(client.getIncidentRecord('GSV-INC-0000ABCD')).resolves.toBe(
      '# Post-incident record',
    );
  });
});
