import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClusterApi, WatchHandle } from '../api/ClusterApi';
import { ApiError, expired } from '../api/errors';
import type { KubeObject, StoredObject, WatchEventType } from '../api/types';
import type { ResourceRegistry } from '../resources/ResourceRegistry';
import { apiVersionOf, type ResourceDefinition } from '../resources/types';
import type { StoreEvent } from '../store/ObjectStore';
import { queryBoolean, sendError } from './http';
import { toTable, type IncludeObject } from './tableConversion';

/**
 * Watch streams: newline-delimited JSON events (`{"type":"ADDED","object":{...}}`) over a chunked 200 response,
 * with periodic BOOKMARKs when asked, `timeoutSeconds`, `sendInitialEvents`, and 410 Expired delivered as an ERROR
 * event, as the API server does. Every open stream is tracked so faults can drop or expire them and `stop()`
 * can close them.
 */

export interface WatchRequest {
  request: IncomingMessage;
  response: ServerResponse;
  definition: ResourceDefinition;
  namespace?: string;
  query: URLSearchParams;
  asTable: boolean;
  includeObject: IncludeObject;
  now: () => number;
}

interface OpenWatch {
  definition: ResourceDefinition;
  /** The namespace the watch is scoped to (undefined: across namespaces or cluster-scoped). */
  namespace?: string;
  close(mode: 'drop' | 'expire' | 'end'): void;
}

export interface WatchStreamOptions {
  /** Interval between BOOKMARK events for watches that allow them (real ms, default 60 s like the API server). */
  bookmarkIntervalMs?: number;
}

export class WatchStreams {
  private readonly open = new Set<OpenWatch>();
  private readonly bookmarkIntervalMs: number;

  constructor(
    private readonly api: ClusterApi,
    private readonly registry: ResourceRegistry,
    options: WatchStreamOptions = {},
  ) {
    this.bookmarkIntervalMs = options.bookmarkIntervalMs ?? 60_000;
  }

  get size(): number {
    return this.open.size;
  }

  /** What each open stream watches, for the API server's `apiserver_longrunning_requests` gauge. */
  active(): Array<{ definition: ResourceDefinition; namespace?: string }> {
    return [...this.open].map(({ definition, namespace }) => ({ definition, namespace }));
  }

  serve(watch: WatchRequest): void {
    const { response, definition, query } = watch;
    const timeoutSeconds = query.get('timeoutSeconds');
    const timeoutMs =
      timeoutSeconds !== null && Number(timeoutSeconds) > 0
        ? Number(timeoutSeconds) * 1000
        : (1800 + Math.floor(Math.random() * 1800)) * 1000;
    const allowBookmarks = queryBoolean(query, 'allowWatchBookmarks');
    const sendInitialEvents = queryBoolean(query, 'sendInitialEvents');
    const apiVersion = apiVersionOf(definition);
    let sentColumns = false;
    let buffered: string[] | undefined = [];
    let closed = false;

    const write = (line: string) => {
      if (closed) return;
      if (buffered) buffered.push(line);
      else response.write(line);
    };
    const serialize = (type: WatchEventType, object: StoredObject, source?: StoreEvent): string => {
      if (watch.asTable) {
        const cellSource = definition.alias && source ? source.object : undefined;
        const table = toTable(definition, [{ object, cellSource, cellDefinition: cellSource ? this.registry.get(definition.alias!.storedAs) : undefined }], {
          now: watch.now(),
          includeObject: watch.includeObject,
          resourceVersion: object.metadata.resourceVersion,
          omitColumnDefinitions: sentColumns,
        });
        sentColumns = true;
        return `${JSON.stringify({ type, object: table })}\n`;
      }
      if (source && !definition.alias && source.type === type) {
        source.serialized ??= `${JSON.stringify({ type, object: source.object })}\n`;
        return source.serialized;
      }
      return `${JSON.stringify({ type, object })}\n`;
    };
    const bookmark = (annotations?: Record<string, string>) => {
      const object: KubeObject = {
        kind: definition.kind,
        apiVersion,
        metadata: { resourceVersion: String(this.api.store.resourceVersion), ...(annotations ? { annotations } : {}) },
      };
      write(`${JSON.stringify({ type: 'BOOKMARK', object })}\n`);
    };

    let handle: WatchHandle | undefined;
    try {
      handle = this.api.watch(
        definition,
        {
          namespace: watch.namespace,
          labelSelector: query.get('labelSelector') ?? undefined,
          fieldSelector: query.get('fieldSelector') ?? undefined,
          resourceVersion: query.get('resourceVersion') ?? undefined,
          sendInitialEvents,
        },
        (type, object, source) => write(serialize(type, object, source)),
      );
    } catch (error) {
      if (error instanceof ApiError && error.code === 410) {
        response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
        response.end(`${JSON.stringify({ type: 'ERROR', object: error.status })}\n`);
        return;
      }
      if (error instanceof ApiError) {
        sendError(response, error);
        return;
      }
      throw error;
    }

    response.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    response.flushHeaders();
    const pending = buffered;
    buffered = undefined;
    if (pending.length) response.write(pending.join(''));
    if (sendInitialEvents && allowBookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });

    const entry: OpenWatch = { definition, namespace: watch.namespace, close: () => undefined };
    const bookmarkTimer = allowBookmarks ? setInterval(() => bookmark(), this.bookmarkIntervalMs) : undefined;
    const timeoutTimer = setTimeout(() => entry.close('end'), timeoutMs);
    const close = (mode: 'drop' | 'expire' | 'end') => {
      if (closed) return;
      if (mode === 'expire') {
        response.write(`${JSON.stringify({ type: 'ERROR', object: expired(`too old resource version: the watch was reset`).status })}\n`);
      }
      if (mode === 'end' && allowBookmarks) bookmark();
      closed = true;
      handle?.stop();
      if (bookmarkTimer) clearInterval(bookmarkTimer);
      clearTimeout(timeoutTimer);
      this.open.delete(entry);
      if (mode === 'drop') response.destroy();
      else response.end();
    };
    entry.close = close;
    this.open.add(entry);
    response.on('close', () => close('drop'));
  }

  /** Cuts matching connections abruptly. */
  drop(filter: { resource?: string } = {}): number {
    return this.closeMatching(filter, 'drop');
  }

  /** Sends ERROR 410 to matching watches and ends them. */
  expire(filter: { resource?: string } = {}): number {
    return this.closeMatching(filter, 'expire');
  }

  closeAll(): void {
    this.closeMatching({}, 'drop');
  }

  private closeMatching(filter: { resource?: string }, mode: 'drop' | 'expire'): number {
    let count = 0;
    for (const entry of [...this.open]) {
      if (filter.resource && entry.definition.resource !== filter.resource) continue;
      entry.close(mode);
      count++;
    }
    return count;
  }
}
