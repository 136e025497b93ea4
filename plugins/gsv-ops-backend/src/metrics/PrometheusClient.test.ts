import { setupServer } from 'msw/node';
import { http, HttpResponse, delay } from 'msw';
import { PrometheusClient } from './PrometheusClient';
import { AlertmanagerClient } from './AlertmanagerClient';

const server = setupServer();
const prometheus = 'http://prometheus.test:9090';
const alertmanager = 'http://alertmanager.test:9093';

describe('PrometheusClient', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  const client = new PrometheusClient({
    baseUrl: `${prometheus}/`,
    token: 's3cret',
    timeoutMs: 200,
  });

  it('posts the query as a form and parses string values', async () => {
    server.use(
      http.post(`${prometheus}/api/v1/query`, async ({ request }) => {
        expect(request.headers.get('authorization')).toBe('Bearer s3cret');
        const form = new URLSearchParams(await request.text());
        expect(form.get('query')).toBe('sum(up)');
        return HttpResponse.json({
          status: 'success',
          data: {
            resultType: 'vector',
            result: [
              { metric: { job: 'a' }, value: [1733306400.123, '0.412'] },
              { metric: {}, value: [1, 'NaN'] },
            ],
          },
        });
      }),
    );
    const samples = await client.query('sum(up)');
    expect(samples[0]).toEqual({ metric: { job: 'a' }, value: 0.412 });
    expect(samples[1].value).toBeNaN();
  });

  it('returns an empty list for an empty result, so no data stays no data', async () => {
    server.use(
      http.post(`${prometheus}/api/v1/query`, () =>
        HttpResponse.json({
          status: 'success',
          data: { resultType: 'vector', result: [] },
        }),
      ),
    );
    await expect(client.query('nope')).resolves.toEqual([]);
  });

  it('parses range queries', async () => {
    server.use(
      http.post(`${prometheus}/api/v1/query_range`, async ({ request }) => {
        const form = new URLSearchParams(await request.text());
        expect(form.get('step')).toBe('60');
        return HttpResponse.json({
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [
              {
                metric: {},
                values: [
                  [1, '1'],
                  [61, '+Inf'],
                ],
              },
            ],
          },
        });
      }),
    );
    await expect(
      client.queryRange('x', new Date(1000), new Date(61_000), 60),
    ).resolves.toEqual([
      {
        metric: {},
        values: [
          [1, 1],
          [61, Infinity],
        ],
      },
    ]);
  });

  it('turns the error envelope into an error with its type', async () => {
    server.use(
      http.post(`${prometheus}/api/v1/query`, () =>
        HttpResponse.json(
          {
            status: 'error',
            errorType: 'bad_data',
            error:
              'invalid parameter "query": 1:15: parse error: unexpected end of input',
          },
          { status: 400 },
        ),
      ),
    );
    await expect(client.query('sum(')).rejects.toMatchObject({
      name: 'PrometheusQueryError',
      errorType: 'bad_data',
      status: 400,
      message: expect.stringContaining('parse error'),
    });
  });

  it('gives up after its timeout', async () => {
    server.use(
      http.post(`${prometheus}/api/v1/query`, async () => {
        await delay(1000);
        return HttpResponse.json({
          status: 'success',
          data: { resultType: 'vector', result: [] },
        });
      }),
    );
    await expect(client.query('up')).rejects.toMatchObject({
      errorType: 'timeout',
    });
  });
});

describe('AlertmanagerClient', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('asks for active, unsilenced alerts filtered by label', async () => {
    server.use(
      http.get(`${alertmanager}/api/v2/alerts`, ({ request }) => {
        const params = new URL(request.url).searchParams;
        expect(params.getAll('filter')).toEqual([
          'service="agent-registry"',
          'namespace="cmp"',
        ]);
        expect(params.get('silenced')).toBe('false');
        return HttpResponse.json([
          {
            labels: { alertname: 'HighLatency', severity: 'warning' },
            annotations: { summary: 'P99 latency above 3s' },
            startsAt: '2026-11-25T09:40:00.000Z',
            endsAt: '2026-11-25T10:05:00.000Z',
            updatedAt: '2026-11-25T10:01:00.000Z',
            fingerprint: '3fff2c2d7595e046',
            receivers: [{ name: 'slack-warnings' }],
            status: { state: 'active', silencedBy: [], inhibitedBy: [] },
          },
        ]);
      }),
    );
    const client = new AlertmanagerClient({ baseUrl: alertmanager });
    const alerts = await client.activeAlerts({
      service: 'agent-registry',
      namespace: 'cmp',
    });
    expect(alerts.map(a => a.labels.alertname)).toEqual(['HighLatency']);
  });

  it('reports a removed v1 API or a failure with its status', async () => {
    server.use(
      http.get(
        `${alertmanager}/api/v2/alerts`,
        () => new HttpResponse('boom', { status: 500 }),
      ),
    );
    await expect(
      new AlertmanagerClient({ baseUrl: alertmanager }).activeAlerts({}),
    ).rejects.toMatchObject({
      name: 'AlertmanagerError',
      status: 500,
    });
  });
});
