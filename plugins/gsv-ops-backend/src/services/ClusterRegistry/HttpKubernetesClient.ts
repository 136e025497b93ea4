import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { readFile } from 'node:fs/promises';
import {
  ClusterConnection,
  KubernetesApiError,
  KubernetesClient,
  KubernetesErrorReason,
  KubernetesRequest,
  KubernetesWatchRequest,
  KubeStatus,
  WatchEvent,
} from './types';

/** Abort reasons that tell our own timeouts from the caller's cancellation. */
class TimeoutSignal extends Error {
  constructor() {
    super('timeout');
  }
}

class StreamClosed extends Error {
  constructor() {
    super('stream closed');
  }
}

const TOKEN_FILE_REREAD_MS = 60_000;
/** Shows up in the API server's audit log, so operators can tell our requests from others. */
const USER_AGENT = 'gsv-ops-backend (Backstage)';
const MAX_ERROR_BODY = 64 * 1024;

/**
 * A Kubernetes API client on Node's own http/https (keep-alive, one agent per cluster). We do not use
 * `@kubernetes/client-node` here: it is ESM-only, and all we need is authenticated JSON requests and line-delimited
 * watch streams with our own timeouts and error translation.
 */
export class HttpKubernetesClient implements KubernetesClient {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;
  private cachedFileToken?: { token: string; readAt: number };

  constructor(
    private readonly options: {
      cluster: string;
      connection: ClusterConnection;
      requestTimeoutMs: number;
      now?: () => number;
    },
  ) {
    const { connection } = options;
    this.base = new URL(connection.url.endsWith('/') ? connection.url : `${connection.url}/`);
    if (this.base.protocol === 'https:') {
      this.transport = https;
      this.agent = new https.Agent({
        keepAlive: true,
        // One TLS context for every connection to the cluster: without it each new connection (every watch of every
        // kind, each reconnect) parses the CA and the client certificate again, on the event loop.
        secureContext: tls.createSecureContext({ ca: connection.caPem, ...(connection.clientCertificate ?? {}) }),
        rejectUnauthorized: !connection.skipTLSVerify,
      });
    } else if (this.base.protocol === 'http:') {
      this.transport = http;
      this.agent = new http.Agent({ keepAlive: true });
    } else {
      throw new TypeError(`Cluster ${options.cluster}: unsupported URL scheme ${this.base.protocol}`);
    }
  }

  /** Closes idle keep-alive sockets (on shutdown). */
  destroy() {
    this.agent.destroy();
  }

  async requestJson<T = unknown>(request: KubernetesRequest): Promise<T> {
    const timeoutMs = request.timeoutMs ?? this.options.requestTimeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new TimeoutSignal()), timeoutMs);
    const onAbort = () => controller.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (request.signal?.aborted) throw request.signal.reason ?? new Error('aborted');
      const body =
        request.body === undefined
          ? undefined
          : Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body));
      const res = await this.send({
        method: request.method ?? 'GET',
        path: request.path,
        query: request.query,
        body,
        contentType: request.contentType ?? 'application/json',
        signal: controller.signal,
      });
      const text = await readBody(res, controller.signal);
      if ((res.statusCode ?? 0) >= 400) {
        throw this.statusError(res, text);
      }
      if (!text) return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch (e) {
        throw new KubernetesApiError({
          cluster: this.options.cluster,
          reason: 'BadResponse',
          message: `Cluster ${this.options.cluster} answered ${request.path} with invalid JSON`,
          cause: e,
        });
      }
    } catch (e) {
      throw this.translate(e, controller.signal, request.path, timeoutMs);
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    }
  }

  async *watch(request: KubernetesWatchRequest): AsyncIterable<WatchEvent> {
    for await (const line of this.streamLines({ ...request, query: { ...request.query, watch: 'true' } })) {
      if (line.trim()) yield this.parseWatchLine(line.trim(), request.path);
    }
  }

  /**
   * The lines of a streamed answer (watch events, pod logs) as they arrive. Until the headers arrive the request
   * timeout applies; after that, the idle timeout: a quiet stream that hits it ends like a server-side timeout.
   */
  async *streamLines(request: KubernetesWatchRequest): AsyncIterable<string> {
    const controller = new AbortController();
    const onAbort = () => controller.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const idleTimeoutMs = request.idleTimeoutMs ?? this.options.requestTimeoutMs;
    let timer = setTimeout(() => controller.abort(new TimeoutSignal()), this.options.requestTimeoutMs);
    const resetIdle = () => {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(new TimeoutSignal()), idleTimeoutMs);
    };
    try {
      if (request.signal?.aborted) return;
      let res: http.IncomingMessage;
      try {
        res = await this.send({ method: 'GET', path: request.path, query: request.query, signal: controller.signal });
      } catch (e) {
        throw this.translate(e, controller.signal, request.path, this.options.requestTimeoutMs);
      }
      if ((res.statusCode ?? 0) >= 400) {
        let text = '';
        try {
          text = await readBody(res, controller.signal);
        } catch {
          // the status line is enough
        }
        throw this.statusError(res, text);
      }
      resetIdle();
      let buffer = '';
      res.setEncoding('utf8');
      try {
        for await (const chunk of res as AsyncIterable<string>) {
          resetIdle();
          buffer += chunk;
          let newline = buffer.indexOf('\n');
          while (newline >= 0) {
            const line = buffer.slice(0, newline);
            buffer = buffer.slice(newline + 1);
            newline = buffer.indexOf('\n');
            yield line;
          }
        }
        if (buffer) yield buffer;
      } catch (e) {
        if (request.signal?.aborted) return;
        if (controller.signal.reason instanceof TimeoutSignal) return;
        throw this.translate(e, controller.signal, request.path, idleTimeoutMs);
      }
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      controller.abort(new StreamClosed());
    }
  }

  private parseWatchLine(line: string, path: string): WatchEvent {
    try {
      const event = JSON.parse(line) as WatchEvent;
      if (!event || typeof event.type !== 'string' || typeof event.object !== 'object') {
        throw new Error('not a watch event');
      }
      return event;
    } catch (e) {
      throw new KubernetesApiError({
        cluster: this.options.cluster,
        reason: 'BadResponse',
        message: `Cluster ${this.options.cluster} sent an invalid watch event on ${path}`,
        cause: e,
      });
    }
  }

  private async send(options: {
    method: string;
    path: string;
    query?: KubernetesRequest['query'];
    body?: Buffer;
    contentType?: string;
    signal: AbortSignal;
  }): Promise<http.IncomingMessage> {
    const url = new URL(options.path.replace(/^\//, ''), this.base);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': USER_AGENT };
    const token = await this.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (options.body) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = String(options.body.length);
    }
    return new Promise((resolve, reject) => {
      const req = this.transport.request(url, {
        method: options.method,
        headers,
        agent: this.agent,
        signal: options.signal,
      });
      req.once('response', resolve);
      req.once('error', reject);
      req.end(options.body);
    });
  }

  private async token(): Promise<string | undefined> {
    const { token, tokenFile, bearerToken } = this.options.connection;
    if (token) return token;
    if (bearerToken) {
      try {
        return await bearerToken();
      } catch (e) {
        throw new KubernetesApiError({
          cluster: this.options.cluster,
          reason: 'Unauthorized',
          message: `Cannot get credentials for cluster ${this.options.cluster}: ${(e as Error)?.message ?? e}`,
          cause: e,
        });
      }
    }
    if (!tokenFile) return undefined;
    const now = (this.options.now ?? Date.now)();
    if (this.cachedFileToken && now - this.cachedFileToken.readAt < TOKEN_FILE_REREAD_MS) {
      return this.cachedFileToken.token;
    }
    try {
      const fresh = (await readFile(tokenFile, 'utf8')).trim();
      this.cachedFileToken = { token: fresh, readAt: now };
      return fresh;
    } catch (e) {
      if (this.cachedFileToken) return this.cachedFileToken.token;
      throw new KubernetesApiError({
        cluster: this.options.cluster,
        reason: 'Unauthorized',
        message: `Cannot read the service-account token of cluster ${this.options.cluster}`,
        cause: e,
      });
    }
  }

  private statusError(res: http.IncomingMessage, text: string): KubernetesApiError {
    const status = res.statusCode ?? 0;
    let kubeStatus: KubeStatus | undefined;
    try {
      kubeStatus = text ? (JSON.parse(text) as KubeStatus) : undefined;
    } catch {
      kubeStatus = undefined;
    }
    const retryAfter = Number(res.headers['retry-after']);
    const detail = kubeStatus?.message ?? (res.statusMessage || `HTTP ${status}`);
    return new KubernetesApiError({
      cluster: this.options.cluster,
      reason: KubernetesApiError.reasonForStatus(status),
      upstreamStatus: status,
      message: `Cluster ${this.options.cluster} answered ${status}: ${detail}`,
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    });
  }

  private translate(error: unknown, signal: AbortSignal, path: string, timeoutMs: number): unknown {
    if (error instanceof KubernetesApiError) return error;
    if (signal.aborted && signal.reason instanceof TimeoutSignal) {
      return new KubernetesApiError({
        cluster: this.options.cluster,
        reason: 'Timeout',
        message: `Cluster ${this.options.cluster} did not answer ${path} within ${Math.round(timeoutMs / 100) / 10} s`,
        cause: error,
      });
    }
    if (signal.aborted) {
      // Cancelled by the caller: pass the caller's reason on untouched.
      return signal.reason ?? error;
    }
    const code = (error as { code?: string })?.code;
    const reason: KubernetesErrorReason = 'Unreachable';
    const what = code ? `${code}` : (error as Error)?.message ?? String(error);
    return new KubernetesApiError({
      cluster: this.options.cluster,
      reason,
      message: `Cluster ${this.options.cluster} is unreachable (${what})`,
      cause: error,
    });
  }
}

async function readBody(res: http.IncomingMessage, signal: AbortSignal): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  const isError = (res.statusCode ?? 0) >= 400;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    if (signal.aborted) break;
    if (isError && size > MAX_ERROR_BODY) continue;
    chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}
