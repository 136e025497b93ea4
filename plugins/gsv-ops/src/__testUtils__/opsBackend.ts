import { http, HttpResponse } from 'msw';
import { MockFetchApi, mockApis } from '@backstage/test-utils';
import { seededAlertingView } from '../__fixtures__/alerting';
import { emptyLogs, openCalendar } from '../__fixtures__/maintenance';
import {
  agentRegistrySecurityCluster,
  entitySecurity,
} from '../__fixtures__/security';
import {
  GsvOpsClient,
  type EntityMetricsView,
} from '@gsv/plugin-gsv-ops-common';

export const BASE_URL = 'http://localhost:7007/api/gsv-ops';

type Answer<T> = T | { status: number; body: Record<string, unknown> };

/**
 * A fake gsv-ops backend for msw, speaking the real HTTP contract: `If-None-Match` → 304, and with `waitSeconds` a
 * long poll that holds the request until `publish()` changes the document (or the wait runs out). Requests are
 * recorded so tests can check what the client sent.
 */
export function fakeOpsBackend<T extends { etag: string }>(
  path: string,
  initial: Answer<T>,
) {
  let current: Answer<T> = initial;
  let waiters: Array<() => void> = [];
  const requests: Array<{
    ifNoneMatch: string | null;
    waitSeconds: string | null;
    cluster: string | null;
  }> = [];

  const isDocument = (answer: Answer<T>): answer is T =>
    (answer as T).etag !== undefined;

  const handler = http.get(`${BASE_URL}${path}`, async ({ request }) => {
    const url = new URL(request.url);
    const ifNoneMatch = request.headers.get('if-none-match');
    const waitSeconds = url.searchParams.get('waitSeconds');
    requests.push({
      ifNoneMatch,
      waitSeconds,
      cluster: url.searchParams.get('cluster'),
    });
    if (isDocument(current) && ifNoneMatch === current.etag && waitSeconds) {
      await new Promise<void>(resolve => {
        const timer = setTimeout(
          resolve,
          Math.min(Number(waitSeconds) * 1000, 2000),
        );
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
        request.signal.addEventListener('abort', () => resolve());
      });
    }
    const answer = current;
    if (!isDocument(answer)) {
      return HttpResponse.json(answer.body, { status: answer.status });
    }
    if (ifNoneMatch === answer.etag) {
      return new HttpResponse(null, { status: 304 });
    }
    return HttpResponse.json(answer, { headers: { ETag: answer.etag } });
  });

  return {
    handler,
    requests,
    /** Replace the document (or the error answer) and wake the held long polls. */
    publish(next: Answer<T>) {
      current = next;
      const wake = waiters;
      waiters = [];
      wake.forEach(w => w());
    },
  };
}

/**
 * `GET /entities/:kind/:namespace/:name/metrics?cluster=`: the metrics view per cluster (a function of the cluster,
 * or one answer for all), or an error answer. Requests are recorded with their cluster.
 */
export function metricsHandler(
  answer:
    | EntityMetricsView
    | { status: number; body: Record<string, unknown> }
    | ((
        cluster: string | null,
      ) =>
        | EntityMetricsView
        | { status: number; body: Record<string, unknown> }),
  path = '/entities/component/default/agent-registry/metrics',
) {
  const requests: Array<{ cluster: string | null; at: number }> = [];
  const handler = http.get(`${BASE_URL}${path}`, ({ request }) => {
    const cluster = new URL(request.url).searchParams.get('cluster');
    requests.push({ cluster, at: Date.now() });
    const current = typeof answer === 'function' ? answer(cluster) : answer;
    if ('status' in current && 'body' in current) {
      return HttpResponse.json(current.body, { status: current.status });
    }
    return HttpResponse.json(current, {
      headers: { 'Cache-Control': 'private, max-age=10' },
    });
  });
  return { handler, requests };
}

/** `GET /operations`: the given operations (none by default). */
export const operationsHandler = (items: unknown[] = []) =>
  http.get(`${BASE_URL}/operations`, () => HttpResponse.json({ items }));

/** `GET /maintenance`: an environment without windows or freezes. */
export const maintenanceHandler = () =>
  http.get(`${BASE_URL}/maintenance`, ({ request }) =>
    HttpResponse.json(
      openCalendar(new URL(request.url).searchParams.get('environment') ?? ''),
    ),
  );

/** `GET …/logs`: no lines. */
export const logsHandler = () =>
  http.get(`${BASE_URL}/entities/:kind/:namespace/:name/logs`, ({ request }) =>
    HttpResponse.json(
      emptyLogs(new URL(request.url).searchParams.get('cluster') ?? ''),
    ),
  );

/** `GET …/alerting`: agent-registry's seeded dashboards and rules, for the cluster asked. */
export const alertingHandler = () =>
  http.get(
    `${BASE_URL}/entities/:kind/:namespace/:name/alerting`,
    ({ request }) =>
      HttpResponse.json(
        seededAlertingView({
          cluster: new URL(request.url).searchParams.get('cluster') ?? '',
        }),
      ),
  );

/** `GET …/security`: the agent registry's security in the asked cluster. */
export const securityHandler = () =>
  http.get(
    `${BASE_URL}/entities/:kind/:namespace/:name/security`,
    ({ request }) =>
      HttpResponse.json(
        entitySecurity([
          {
            ...agentRegistrySecurityCluster(),
            cluster:
              new URL(request.url).searchParams.get('cluster') ?? 'gsv-dev',
          },
        ]),
      ),
  );

/** `GET /approvals` with these pending approvals (none by default). */
export const approvalsHandler = (items: unknown[] = []) =>
  http.get(`${BASE_URL}/approvals`, () => HttpResponse.json({ items }));

/** The real client, on the test app's fetch, pointed at the fake backend. */
export function realClient() {
  return new GsvOpsClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: new MockFetchApi(),
  });
}

/** The body Backstage's error middleware sends for a NotAllowedError. */
export const notAllowedBody = {
  error: {
    name: 'NotAllowedError',
    message: 'You are not allowed to read the operations of this entity',
  },
  request: {
    method: 'GET',
    url: '/entities/component/default/agent-registry/view',
  },
  response: { statusCode: 403 },
};
