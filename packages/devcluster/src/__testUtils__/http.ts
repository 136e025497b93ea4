import { request as httpsRequest, Agent } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { DevCluster } from '../cluster/startDevCluster';

/** A tiny HTTPS client for tests, trusting the cluster's CA like a kubeconfig does. */

export interface TestResponse<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  status: number;
  headers: IncomingHttpHeaders;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  contentType?: string;
  accept?: string;
  headers?: Record<string, string>;
}

const agents = new WeakMap<DevCluster, Agent>();

function agentFor(cluster: DevCluster): Agent {
  let agent = agents.get(cluster);
  if (!agent) {
    agent = new Agent({ ca: cluster.caPem, keepAlive: false });
    agents.set(cluster, agent);
  }
  return agent;
}

export function call<T = any>(cluster: DevCluster, method: string, path: string, options: RequestOptions = {}): Promise<TestResponse<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const token = options.token === undefined ? cluster.tokens.admin : options.token;
  const payload = serializeBody(options.body);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `${cluster.url}${path}`,
      {
        method,
        agent: agentFor(cluster),
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(payload !== undefined ? { 'Content-Type': options.contentType ?? 'application/json', 'Content-Length': String(Buffer.byteLength(payload)) } : {}),
          Accept: options.accept ?? 'application/json',
          ...options.headers,
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          if ((res.headers['content-type'] ?? '').includes('json') && text) {
            try {
              body = JSON.parse(text);
            } catch {
              body = text;
            }
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: body as T, text });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

function serializeBody(body: unknown): string | Buffer | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string' || Buffer.isBuffer(body)) return body;
  return JSON.stringify(body);
}

export const get = <T = any>(cluster: DevCluster, path: string, options?: RequestOptions) => call<T>(cluster, 'GET', path, options); // eslint-disable-line @typescript-eslint/no-explicit-any

export interface WatchEvent {
  type: string;
  object: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface OpenWatch {
  status: number;
  events: WatchEvent[];
  /** Resolves when the server ends or drops the stream. */
  closed: Promise<'ended' | 'dropped'>;
  waitFor(predicate: (event: WatchEvent, all: WatchEvent[]) => boolean, timeoutMs?: number): Promise<WatchEvent>;
  close(): void;
}

/** Opens a watch (`?watch=true` added) and collects its events. */
export function watch(cluster: DevCluster, path: string, options: { token?: string } = {}): Promise<OpenWatch> {
  const separator = path.includes('?') ? '&' : '?';
  return new Promise((resolve, reject) => {
    const events: WatchEvent[] = [];
    const waiters: Array<() => void> = [];
    let buffer = '';
    let resolveClosed: (how: 'ended' | 'dropped') => void = () => undefined;
    const closed = new Promise<'ended' | 'dropped'>(done => {
      resolveClosed = done;
    });
    const req = httpsRequest(
      `${cluster.url}${path}${separator}watch=true`,
      { method: 'GET', agent: new Agent({ ca: cluster.caPem }), headers: { Authorization: `Bearer ${options.token ?? cluster.tokens.admin}`, Accept: 'application/json' } },
      res => {
        let ended = false;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let newline = buffer.indexOf('\n');
          while (newline >= 0) {
            const line = buffer.slice(0, newline).trim();
            buffer = buffer.slice(newline + 1);
            if (line) {
              events.push(JSON.parse(line));
              for (const wake of waiters.splice(0)) wake();
            }
            newline = buffer.indexOf('\n');
          }
        });
        res.on('end', () => {
          ended = true;
          resolveClosed('ended');
          for (const wake of waiters.splice(0)) wake();
        });
        res.on('close', () => {
          if (!ended) resolveClosed('dropped');
          for (const wake of waiters.splice(0)) wake();
        });
        res.on('error', () => resolveClosed('dropped'));
        resolve({
          status: res.statusCode ?? 0,
          events,
          closed,
          close: () => req.destroy(),
          waitFor: (predicate, timeoutMs = 5000) =>
            new Promise((found, fail) => {
              const deadline = setTimeout(() => fail(new Error(`watch event not seen within ${timeoutMs} ms; got ${JSON.stringify(events.map(e => `${e.type} ${e.object?.metadata?.name ?? ''}`))}`)), timeoutMs);
              const check = () => {
                const match = events.find(event => predicate(event, events));
                if (match) {
                  clearTimeout(deadline);
                  found(match);
                } else {
                  waiters.push(check);
                }
              };
              check();
            }),
        });
      },
    );
    req.on('error', error => {
      resolveClosed('dropped');
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
    });
    req.end();
  });
}

/** Polls until `check` returns a truthy value (real time). */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}
