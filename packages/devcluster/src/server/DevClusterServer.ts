import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import { ApiError, forbidden, internalError, notAcceptable, unauthorized } from '../api/errors';
import type { UserInfo } from '../api/types';
import type { SimulatedClock } from '../clock/SimulatedClock';
import type { FaultInjector } from '../faults/FaultInjector';
import type { PermissionUsage } from '../rbac/PermissionUsage';
import { forbiddenMessage, type AuthorizationAttributes, type RbacAuthorizer } from '../rbac/RbacAuthorizer';
import { serviceAccountUser, type TokenAuthenticator } from '../rbac/TokenAuthenticator';
import type { ResourceRegistry } from '../resources/ResourceRegistry';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, SERVER_VERSION } from './discovery';
import { openApiGroupVersion, openApiRoot, openApiV2 } from './openapi';
import { acceptsJson } from './tableConversion';
import { healthReport, isHealthPath } from './healthChecks';
import { apiserverMetricsText, type LongRunningRequest } from './apiserverMetrics';
import { readBody, sendError, sendJson, sendText } from './http';
import { parseRequestInfo, type RequestInfo } from './requestInfo';
import { ResourceHandler } from './ResourceHandler';
import type { RequestLog } from './RequestLog';
import type { RouteRegistry } from './RouteRegistry';

/**
 * The HTTPS transport: TLS with the cluster's self-signed certificate, connection tracking (so faults can refuse
 * connections and `stop()` leaves no handle open), and the request pipeline:
 * registered routes → authentication (bearer token, impersonation) → injected faults → RBAC → discovery or the
 * resource handler → request log.
 */

export interface DevClusterServerDependencies {
  tls: { key: string; cert: string };
  registry: ResourceRegistry;
  clock: SimulatedClock;
  authenticator: TokenAuthenticator;
  authorizer: RbacAuthorizer;
  /** Records every request's authorisation (least-privilege evidence). */
  permissionUsage?: PermissionUsage;
  resources: ResourceHandler;
  routes: RouteRegistry;
  requestLog: RequestLog;
  faults: () => FaultInjector;
  /** The long-running requests open now, for `/metrics`. */
  longRunning?: () => LongRunningRequest[];
}

const ANONYMOUS = 'system:anonymous';

export class DevClusterServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private port = 0;
  private listening = false;

  constructor(private readonly deps: DevClusterServerDependencies) {
    this.server = createServer({ key: deps.tls.key, cert: deps.tls.cert, keepAlive: true }, (request, response) => {
      this.handle(request, response).catch(error => {
        if (!response.headersSent) sendError(response, internalError(String(error)));
        else response.destroy();
      });
    });
    this.server.on('connection', socket => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('tlsClientError', () => {
      // Clients that reject our certificate (no CA configured) just disconnect; nothing to do.
    });
  }

  async listen(port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.server.once('error', onError);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : port;
    this.listening = true;
    return this.port;
  }

  get boundPort(): number {
    return this.port;
  }

  /** Refuses connections (down) or accepts them again on the same port (up). */
  async setDown(down: boolean): Promise<void> {
    if (down && this.listening) {
      this.listening = false;
      const closed = new Promise<void>(resolve => this.server.close(() => resolve()));
      for (const socket of this.sockets) socket.destroy();
      await closed;
    } else if (!down && !this.listening) {
      await this.listen(this.port);
    }
  }

  async close(): Promise<void> {
    const wasListening = this.listening;
    this.listening = false;
    for (const socket of this.sockets) socket.destroy();
    if (wasListening) await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'https://127.0.0.1');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const info = parseRequestInfo(method, path, url.searchParams);
    const logEntry = {
      method,
      path,
      verb: info.isResourceRequest ? info.verb : method.toLowerCase(),
      resource: info.isResourceRequest ? info.resource : undefined,
      group: info.isResourceRequest ? info.group : undefined,
      namespace: info.namespace,
      name: info.authorizationName,
      subresource: info.subresource,
      user: ANONYMOUS,
      dryRun: ResourceHandler.isDryRun(url.searchParams),
      watch: info.verb === 'watch',
    };
    let logged = false;
    const log = () => {
      if (logged) return;
      logged = true;
      this.deps.requestLog.record({
        ...logEntry,
        time: new Date().toISOString(),
        clusterTime: new Date(this.deps.clock.now()).toISOString(),
        status: response.statusCode,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
      });
    };
    response.on('finish', log);
    response.on('close', log);

    try {
      const authorization = request.headers.authorization;
      const authenticated = await this.deps.authenticator.authenticate(authorization);
      const routeMatch = this.deps.routes.match(method, path);
      if (routeMatch && routeMatch.route.auth === 'none') {
        if (routeMatch.route.logAs) logEntry.resource = routeMatch.route.logAs;
        if (authenticated) logEntry.user = authenticated.username;
        await this.runRoute(routeMatch.route, routeMatch.params, request, response, url, authenticated);
        return;
      }
      if (!authenticated) throw unauthorized();
      const user = this.impersonate(authenticated, request);
      logEntry.user = user.username;

      const fault = this.deps.faults().evaluate({
        path,
        verb: logEntry.verb,
        resource: logEntry.resource,
        namespace: info.namespace,
        user: user.username,
      });
      if (fault.delayMs > 0) await new Promise(resolve => setTimeout(resolve, fault.delayMs));
      if (fault.error) throw fault.error;

      if (routeMatch) {
        if (routeMatch.route.logAs) logEntry.resource = routeMatch.route.logAs;
        if (routeMatch.route.auth === 'admin' && !user.groups.includes('system:masters')) {
          throw forbidden(`forbidden: User "${user.username}" cannot ${method.toLowerCase()} path "${path}"`);
        }
        await this.runRoute(routeMatch.route, routeMatch.params, request, response, url, user);
        return;
      }

      this.authorize(user, info);
      if (info.isResourceRequest) {
        await this.deps.resources.handle({ request, response, url, info, user });
        if (logEntry.watch) log();
        return;
      }
      this.serveNonResource(path, url, request, response);
    } catch (error) {
      if (error instanceof ApiError) {
        sendError(response, error);
      } else {
        sendError(response, internalError((error as Error).message ?? String(error)));
      }
    }
  }

  private async runRoute(
    route: { handle: (context: import('./RouteRegistry').RouteContext) => void | Promise<void> },
    params: string[],
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    user: UserInfo | undefined,
  ): Promise<void> {
    await route.handle({
      request,
      response,
      url,
      user,
      params,
      readBody: () => readBody(request),
      sendJson: (status, body, headers) => sendJson(response, status, body, headers),
      sendText: (status, text, contentType = 'text/plain') => sendText(response, status, text, contentType),
    });
  }

  private authorize(user: UserInfo, info: RequestInfo): void {
    const attributes: AuthorizationAttributes = info.isResourceRequest
      ? {
          verb: info.verb,
          group: info.group,
          resource: info.resource,
          subresource: info.subresource,
          namespace: info.namespace,
          name: info.authorizationName,
        }
      : { verb: info.verb, path: info.path };
    const decision = this.deps.authorizer.authorize(user, attributes);
    this.deps.permissionUsage?.record(user, attributes, decision.allowed);
    if (!decision.allowed) {
      throw forbidden(forbiddenMessage(user, attributes), {
        name: info.authorizationName,
        group: info.isResourceRequest ? info.group : undefined,
        kind: info.isResourceRequest ? info.resource : undefined,
      });
    }
  }

  /** `Impersonate-User` / `Impersonate-Group` headers (`kubectl --as`), allowed by the `impersonate` verb. */
  private impersonate(user: UserInfo, request: IncomingMessage): UserInfo {
    const target = request.headers['impersonate-user'];
    if (typeof target !== 'string' || !target) return user;
    const serviceAccount = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(target);
    const check = (attributes: AuthorizationAttributes) => {
      if (!this.deps.authorizer.authorize(user, attributes).allowed) throw forbidden(forbiddenMessage(user, attributes));
    };
    if (serviceAccount) {
      check({ verb: 'impersonate', group: '', resource: 'serviceaccounts', namespace: serviceAccount[1], name: serviceAccount[2] });
    } else {
      check({ verb: 'impersonate', group: '', resource: 'users', name: target });
    }
    const rawGroups = request.headers['impersonate-group'];
    const groups = ([] as string[])
      .concat(rawGroups ?? [])
      .flatMap(value => value.split(','))
      .map(group => group.trim())
      .filter(Boolean);
    for (const group of groups) check({ verb: 'impersonate', group: '', resource: 'groups', name: group });
    const base = serviceAccount ? serviceAccountUser(serviceAccount[1], serviceAccount[2]) : { username: target, groups: [] as string[] };
    return { username: base.username, groups: [...new Set([...base.groups, ...groups, 'system:authenticated'])] };
  }

  private serveNonResource(path: string, url: URL, request: IncomingMessage, response: ServerResponse): void {
    const { registry } = this.deps;
    const segments = path.split('/').filter(Boolean);
    if (path === '/version') {
      sendJson(response, 200, SERVER_VERSION);
    } else if (path === '/metrics' && this.deps.longRunning) {
      sendText(response, 200, apiserverMetricsText(this.deps.longRunning()), 'text/plain; version=0.0.4; charset=utf-8');
    } else if (isHealthPath(path)) {
      sendText(response, 200, healthReport(path, url.searchParams), 'text/plain; charset=utf-8');
    } else if (path === '/openapi/v2') {
      // Served as JSON only: a client that accepts nothing but the protobuf form is told so, and client-go then
      // goes without (as with an API server that has no OpenAPI v2).
      if (!acceptsJson(request.headers.accept)) throw notAcceptable('only the following media types are accepted: application/json');
      sendJson(response, 200, openApiV2(registry));
    } else if (path === '/openapi/v3') {
      sendJson(response, 200, openApiRoot(registry));
    } else if (path.startsWith('/openapi/v3/')) {
      const rest = path.slice('/openapi/v3/'.length).split('/');
      const document = rest[0] === 'api' ? openApiGroupVersion(registry, '', rest[1]) : openApiGroupVersion(registry, rest[1] ?? '', rest[2] ?? '');
      if (!document) throw notFoundPath();
      sendJson(response, 200, document);
    } else if (path === '/api') {
      sendJson(response, 200, apiVersions(`127.0.0.1:${this.port}`));
    } else if (path === '/api/v1') {
      sendJson(response, 200, apiResourceList(registry, '', 'v1'));
    } else if (path === '/apis') {
      sendJson(response, 200, apiGroupList(registry));
    } else if (segments[0] === 'apis' && segments.length === 2) {
      const group = registry.groups().find(candidate => candidate.name === segments[1]);
      if (!group) throw notFoundPath();
      sendJson(response, 200, apiGroup(group.name, group.versions, group.preferredVersion));
    } else if (segments[0] === 'apis' && segments.length === 3 && registry.hasGroupVersion(segments[1], segments[2])) {
      sendJson(response, 200, apiResourceList(registry, segments[1], segments[2]));
    } else {
      throw notFoundPath();
    }
  }
}

function notFoundPath(): ApiError {
  return new ApiError({ code: 404, reason: 'NotFound', message: 'the server could not find the requested resource', details: {} });
}
