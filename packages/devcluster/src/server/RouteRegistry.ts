import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UserInfo } from '../api/types';

/**
 * Routes served next to the Kubernetes API on the same HTTPS port: the admin endpoints (`/devcluster/...`) and
 * whatever later issues add (a Prometheus query API under `/prometheus/api/v1/...`, Alertmanager under
 * `/alertmanager/api/v2/...`). Registered routes are matched before the Kubernetes API.
 */

/** @public */
export interface RouteContext {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  /** The authenticated user (undefined for `auth: 'none'` routes called without a token). */
  user: UserInfo | undefined;
  /** Capture groups of a RegExp path. */
  params: string[];
  readBody(): Promise<string>;
  sendJson(status: number, body: unknown, headers?: Record<string, string>): void;
  sendText(status: number, text: string, contentType?: string): void;
}

/** @public */
export interface DevClusterRoute {
  /** HTTP method, or '*' for any. */
  method: string;
  /** An exact path, or a RegExp tested against the path. */
  path: string | RegExp;
  /** `none`: no token needed; `authenticated`: any valid token; `admin`: a `system:masters` token. Default `authenticated`. */
  auth?: 'none' | 'authenticated' | 'admin';
  /** Name shown in the request log's `resource` field (e.g. `prometheus`). */
  logAs?: string;
  handle(context: RouteContext): void | Promise<void>;
}

/** @public */
export class RouteRegistry {
  private readonly routes: DevClusterRoute[] = [];

  /** Adds a route; returns a function that removes it. */
  add(route: DevClusterRoute): () => void {
    this.routes.push(route);
    return () => {
      const index = this.routes.indexOf(route);
      if (index >= 0) this.routes.splice(index, 1);
    };
  }

  match(method: string, path: string): { route: DevClusterRoute; params: string[] } | undefined {
    for (const route of this.routes) {
      if (route.method !== '*' && route.method !== method) continue;
      if (typeof route.path === 'string') {
        if (route.path === path) return { route, params: [] };
      } else {
        const match = route.path.exec(path);
        if (match) return { route, params: match.slice(1) };
      }
    }
    return undefined;
  }

  list(): DevClusterRoute[] {
    return [...this.routes];
  }
}
