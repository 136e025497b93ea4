import type { SimulatedClock } from '../clock/SimulatedClock';
import type { FaultInjector, RequestMatcher } from '../faults/FaultInjector';
import type { RequestLog } from './RequestLog';
import type { RouteContext, RouteRegistry } from './RouteRegistry';

/**
 * The admin HTTP endpoints (admin token only), for driving a running emulator from outside (the CLI, shell
 * scripts, another process's tests):
 *
 * - `GET /devcluster/faults` — active request faults; `DELETE /devcluster/faults[/<id>]` — remove all / one.
 * - `POST /devcluster/faults` with `{"type": ...}`: `latency` {ms, jitterMs}, `error` {status, rate, times,
 *   message, retryAfterSeconds}, `throttle` {retryAfterSeconds, rate, times} (all three take `path` prefix,
 *   `pathRegex`, `verb`, `resource`, `namespace`, `user`); `dropWatches` / `expire` {resource}; `down` {forMs};
 *   `breakIssuer` / `fixIssuer` {name, namespace?}; `breakObjectStore` / `fixObjectStore` {namespace, name};
 *   `breakSecretStore` / `fixSecretStore` {name, namespace?}; `crashLoop` {namespace, deployment, enabled};
 *   `failMigration` {namespace, service, message?, enabled};
 *   `drift` {application, namespace?, image?, revision?, message?}.
 * - `GET /devcluster/clock` — {now, speed, manual}; `POST /devcluster/clock` {advanceMs?, speed?, manual?}.
 * - `GET /devcluster/requests` — counters; `DELETE /devcluster/requests` — clear the log.
 */
export function registerAdminRoutes(routes: RouteRegistry, deps: { faults: FaultInjector; clock: SimulatedClock; requestLog: RequestLog }): void {
  const { faults, clock, requestLog } = deps;

  routes.add({
    method: 'GET',
    path: '/devcluster/faults',
    auth: 'admin',
    logAs: 'devcluster',
    handle: context => context.sendJson(200, { faults: faults.list().map(serializeFault) }),
  });
  routes.add({
    method: 'DELETE',
    path: '/devcluster/faults',
    auth: 'admin',
    logAs: 'devcluster',
    handle: async context => {
      context.sendJson(200, { cleared: true });
      await faults.clear();
    },
  });
  routes.add({
    method: 'DELETE',
    path: /^\/devcluster\/faults\/([^/]+)$/,
    auth: 'admin',
    logAs: 'devcluster',
    handle: context => context.sendJson(faults.remove(context.params[0]) ? 200 : 404, { id: context.params[0] }),
  });
  routes.add({
    method: 'POST',
    path: '/devcluster/faults',
    auth: 'admin',
    logAs: 'devcluster',
    handle: async context => applyFault(context, faults),
  });
  routes.add({
    method: 'GET',
    path: '/devcluster/clock',
    auth: 'admin',
    logAs: 'devcluster',
    handle: context => context.sendJson(200, { now: new Date(clock.now()).toISOString(), speed: clock.speed, manual: clock.manual }),
  });
  routes.add({
    method: 'POST',
    path: '/devcluster/clock',
    auth: 'admin',
    logAs: 'devcluster',
    handle: async context => {
      const body = parseBody(await context.readBody());
      if (typeof body.speed === 'number') clock.setSpeed(body.speed);
      if (typeof body.manual === 'boolean') clock.setManual(body.manual);
      if (typeof body.advanceMs === 'number') await clock.advance(body.advanceMs);
      context.sendJson(200, { now: new Date(clock.now()).toISOString(), speed: clock.speed, manual: clock.manual });
    },
  });
  routes.add({
    method: 'GET',
    path: '/devcluster/requests',
    auth: 'admin',
    logAs: 'devcluster',
    handle: context => context.sendJson(200, requestLog.stats()),
  });
  routes.add({
    method: 'DELETE',
    path: '/devcluster/requests',
    auth: 'admin',
    logAs: 'devcluster',
    handle: context => {
      requestLog.clear();
      context.sendJson(200, { cleared: true });
    },
  });
}

function serializeFault(fault: ReturnType<FaultInjector['list']>[number]) {
  const spec = { ...fault.spec } as Record<string, unknown>;
  if (spec.path instanceof RegExp) spec.path = spec.path.source;
  return { ...fault, spec };
}

function parseBody(text: string): Record<string, unknown> {
  if (!text.trim()) return {};
  try {
    const parsed = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}

function matcherOf(body: Record<string, unknown>): RequestMatcher {
  const matcher: RequestMatcher = {};
  if (typeof body.pathRegex === 'string') matcher.path = new RegExp(body.pathRegex);
  else if (typeof body.path === 'string') matcher.path = body.path;
  for (const field of ['verb', 'resource', 'namespace', 'user'] as const) {
    if (typeof body[field] === 'string') matcher[field] = body[field] as string;
  }
  return matcher;
}

async function applyFault(context: RouteContext, faults: FaultInjector): Promise<void> {
  const body = parseBody(await context.readBody());
  const text = (field: string) => (typeof body[field] === 'string' ? (body[field] as string) : undefined);
  const number = (field: string) => (typeof body[field] === 'number' ? (body[field] as number) : undefined);
  const fail = (message: string) => context.sendJson(400, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'BadRequest', code: 400, message });
  try {
    switch (body.type) {
      case 'latency':
        context.sendJson(201, { id: faults.latency({ ...matcherOf(body), ms: number('ms') ?? 0, jitterMs: number('jitterMs') }) });
        return;
      case 'error':
        context.sendJson(201, {
          id: faults.error({ ...matcherOf(body), status: number('status') ?? 500, rate: number('rate'), times: number('times'), message: text('message'), retryAfterSeconds: number('retryAfterSeconds') }),
        });
        return;
      case 'throttle':
        context.sendJson(201, { id: faults.throttle({ ...matcherOf(body), retryAfterSeconds: number('retryAfterSeconds'), rate: number('rate'), times: number('times') }) });
        return;
      case 'dropWatches':
        context.sendJson(200, { dropped: faults.dropWatches({ resource: text('resource') }) });
        return;
      case 'expire':
        context.sendJson(200, { expired: faults.forceExpired({ resource: text('resource') }) });
        return;
      case 'down': {
        const forMs = number('forMs');
        if (forMs === undefined) {
          fail('"down" over HTTP needs "forMs" (nothing could bring the server back up otherwise)');
          return;
        }
        context.sendJson(200, { down: true, forMs });
        context.response.on('finish', () => {
          faults.down({ forMs }).catch(() => undefined);
        });
        return;
      }
      case 'breakIssuer':
        faults.breakIssuer(text('name') ?? '', { namespace: text('namespace'), message: text('message') });
        break;
      case 'fixIssuer':
        faults.fixIssuer(text('name') ?? '', { namespace: text('namespace') });
        break;
      case 'breakObjectStore':
        faults.breakObjectStore(text('namespace') ?? '', text('name') ?? '', text('message'));
        break;
      case 'fixObjectStore':
        faults.fixObjectStore(text('namespace') ?? '', text('name') ?? '');
        break;
      case 'breakSecretStore':
        faults.breakSecretStore(text('name') ?? '', { namespace: text('namespace'), message: text('message') });
        break;
      case 'fixSecretStore':
        faults.fixSecretStore(text('name') ?? '', { namespace: text('namespace') });
        break;
      case 'crashLoop':
        faults.crashLoop(text('namespace') ?? '', text('deployment') ?? '', body.enabled !== false);
        break;
      case 'failMigration':
        faults.failMigration(text('namespace') ?? '', text('service') ?? '', { message: text('message'), enabled: body.enabled !== false });
        break;
      case 'drift':
        faults.driftApplication(text('application') ?? '', { namespace: text('namespace'), image: text('image'), revision: text('revision'), message: text('message') });
        break;
      default:
        fail(`unknown fault type ${JSON.stringify(body.type)}`);
        return;
    }
    context.sendJson(200, { applied: body.type });
  } catch (error) {
    fail((error as Error).message);
  }
}
