import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClusterApi, WriteOptions } from '../api/ClusterApi';
import { ApiError, badRequest, methodNotAllowed, notAcceptable } from '../api/errors';
import type { KubeObject, StoredObject, UserInfo } from '../api/types';
import type { SimulatedClock } from '../clock/SimulatedClock';
import type { ResourceRegistry } from '../resources/ResourceRegistry';
import { apiVersionOf, type ResourceDefinition } from '../resources/types';
import { queryBoolean, queryInteger, sendJson } from './http';
import type { RequestInfo } from './requestInfo';
import { patchOptions, readDeleteOptions, readObjectBody, readPatch, warningHeaders, writeOptionsOf } from './requestReading';
import { serveSpecialSubresource } from './specialSubresources';
import { acceptsJson, toTable, wantsTable, type IncludeObject } from './tableConversion';
import type { LogFollowers } from './LogFollowers';
import type { WatchStreams } from './WatchStreams';

/**
 * Answers resource requests (`/api/v1/...`, `/apis/<group>/<version>/...`) once the request is authenticated and
 * authorised: verbs, subresources (status, scale, pods/log, nodes/proxy), dry-run, Tables and watches.
 */

export interface PodLogRequest {
  container?: string;
  previous: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  timestamps: boolean;
  limitBytes?: number;
}

export interface ResourceHandlerDependencies {
  api: ClusterApi;
  registry: ResourceRegistry;
  clock: SimulatedClock;
  watches: WatchStreams;
  /** Text of a container's log, or throws an ApiError (400 when the container is not running, ...). */
  podLogs(pod: StoredObject, request: PodLogRequest): string;
  /** Open `kubectl logs -f` streams. */
  logFollowers: LogFollowers;
  /** The kubelet's endpoints behind `nodes/<name>/proxy/<path>`. */
  nodeProxy(node: StoredObject, path: string): { contentType: string; body: string } | undefined;
  /** A bearer token authenticating as the service account (TokenRequest). */
  issueServiceAccountToken(namespace: string, name: string): string;
}

export interface ResourceRequest {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  info: RequestInfo;
  user: UserInfo;
}

export class ResourceHandler {
  constructor(private readonly deps: ResourceHandlerDependencies) {}

  /** Whether a request carries `dryRun=All` (for the request log). */
  static isDryRun(query: URLSearchParams): boolean {
    return query.getAll('dryRun').includes('All');
  }

  async handle(context: ResourceRequest): Promise<void> {
    const { info, url, request, response } = context;
    const { registry } = this.deps;
    const definition = registry.find(info.group, info.version, info.resource);
    if (!definition) throw notFoundResource();
    if (!definition.namespaced && info.namespace && info.resource !== 'namespaces') throw notFoundResource();
    const namespace = definition.namespaced ? info.namespace : undefined;
    const query = url.searchParams;
    const dryRunValues = query.getAll('dryRun');
    if (dryRunValues.some(value => value !== 'All')) throw badRequest(`unsupported dry run value: ${dryRunValues.join(',')}`);
    const dryRun = dryRunValues.length > 0;
    const write = writeOptionsOf(query, dryRun, request.headers['user-agent']);
    const accept = request.headers.accept;
    if (!acceptsJson(accept) && !wantsTable(accept)) {
      throw notAcceptable('only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf');
    }
    const method = request.method ?? 'GET';
    const name = info.name;

    if (info.subresource) {
      await this.handleSubresource(context, definition, namespace, write);
      return;
    }
    const verb = info.verb;
    if (definition.verbs && !definition.verbs.includes(verb as never)) {
      throw methodNotAllowed(`the server does not allow this method on the requested resource`);
    }
    switch (verb) {
      case 'get':
        this.respondObject(context, definition, this.deps.api.get(definition, namespace, name!));
        return;
      case 'list':
        // `watch=yes`, `watch=` and the like stream too (authorised as list), as the API server decodes its options.
        if (queryBoolean(query, 'watch')) this.serveWatch(context, definition, namespace);
        else this.respondList(context, definition, namespace);
        return;
      case 'watch':
        this.serveWatch(context, definition, namespace);
        return;
      case 'create': {
        const body = await readObjectBody(request);
        if (definition.virtual?.create) {
          sendJson(response, 201, definition.virtual.create(body as KubeObject, context.user, namespace));
          return;
        }
        const created = this.deps.api.create(definition, namespace, body, write);
        sendJson(response, 201, created, warningHeaders(write));
        return;
      }
      case 'update': {
        const body = await readObjectBody(request);
        sendJson(response, 200, this.deps.api.update(definition, namespace, name!, body, write), warningHeaders(write));
        return;
      }
      case 'patch': {
        const { type, patch } = await readPatch(request);
        const creates = type === 'apply' && !this.deps.api.tryGet(definition, namespace, name!);
        const patched = this.deps.api.patch(definition, namespace, name!, type, patch, patchOptions(write, type, query));
        sendJson(response, creates ? 201 : 200, patched, warningHeaders(write));
        return;
      }
      case 'delete':
        await this.deleteOne(context, definition, namespace, dryRun);
        return;
      case 'deletecollection':
        await this.deleteMany(context, definition, namespace, dryRun);
        return;
      default:
        throw methodNotAllowed(`${method} is not supported on ${definition.resource}`);
    }
  }

  private async deleteOne(context: ResourceRequest, definition: ResourceDefinition, namespace: string | undefined, dryRun: boolean): Promise<void> {
    const name = context.info.name!;
    const options = await readDeleteOptions(context.request, context.url.searchParams, dryRun);
    const result = this.deps.api.delete(definition, namespace, name, options);
    const stillThere = this.deps.api.tryGet(definition, namespace, name);
    if (stillThere || definition.resource === 'pods' || dryRun) {
      sendJson(context.response, 200, stillThere && !dryRun ? stillThere : result);
      return;
    }
    sendJson(context.response, 200, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name, group: definition.group || undefined, kind: definition.resource, uid: result.metadata.uid },
    });
  }

  private async deleteMany(context: ResourceRequest, definition: ResourceDefinition, namespace: string | undefined, dryRun: boolean): Promise<void> {
    const query = context.url.searchParams;
    const options = await readDeleteOptions(context.request, query, dryRun);
    const deleted = this.deps.api.deleteCollection(
      definition,
      { namespace, labelSelector: query.get('labelSelector') ?? undefined, fieldSelector: query.get('fieldSelector') ?? undefined },
      options,
    );
    sendJson(context.response, 200, listBody(definition, deleted, String(this.deps.api.store.resourceVersion)));
  }

  private async handleSubresource(
    context: ResourceRequest,
    definition: ResourceDefinition,
    namespace: string | undefined,
    write: WriteOptions,
  ): Promise<void> {
    const dryRun = Boolean(write.dryRun);
    const { info, request, response, url } = context;
    const name = info.name!;
    const api = this.deps.api;
    const verb = info.verb;
    switch (info.subresource) {
      case 'status': {
        if (!definition.hasStatus) throw notFoundResource();
        if (verb === 'get') {
          this.respondObject(context, definition, api.get(definition, namespace, name));
        } else if (verb === 'update') {
          sendJson(response, 200, api.update(definition, namespace, name, await readObjectBody(request), { ...write, subresource: 'status' }), warningHeaders(write));
        } else if (verb === 'patch') {
          const { type, patch } = await readPatch(request);
          sendJson(response, 200, api.patch(definition, namespace, name, type, patch, { ...patchOptions(write, type, url.searchParams), subresource: 'status' }), warningHeaders(write));
        } else {
          throw methodNotAllowed('the server does not allow this method on the requested resource');
        }
        return;
      }
      case 'scale': {
        if (!definition.scale) throw notFoundResource();
        if (verb === 'get') {
          sendJson(response, 200, api.getScale(definition, namespace, name));
        } else if (verb === 'update') {
          sendJson(response, 200, api.updateScale(definition, namespace, name, { body: await readObjectBody(request) }, { dryRun }));
        } else if (verb === 'patch') {
          const { type, patch } = await readPatch(request);
          sendJson(response, 200, api.updateScale(definition, namespace, name, { patch, patchType: type }, { dryRun }));
        } else {
          throw methodNotAllowed('the server does not allow this method on the requested resource');
        }
        return;
      }
      default:
        await serveSpecialSubresource({ ...this.deps, notFound: notFoundResource }, context, definition, namespace, write);
    }
  }

  private serveWatch(context: ResourceRequest, definition: ResourceDefinition, namespace: string | undefined): void {
    const query = context.url.searchParams;
    this.deps.watches.serve({
      request: context.request,
      response: context.response,
      definition,
      namespace,
      query: context.info.name ? withNameSelector(query, context.info.name) : query,
      asTable: wantsTable(context.request.headers.accept),
      includeObject: includeObjectOf(query),
      now: () => this.deps.clock.now(),
    });
  }

  private respondObject(context: ResourceRequest, definition: ResourceDefinition, object: StoredObject): void {
    if (wantsTable(context.request.headers.accept)) {
      sendJson(
        context.response,
        200,
        toTable(definition, [this.tableRow(definition, object)], {
          now: this.deps.clock.now(),
          includeObject: includeObjectOf(context.url.searchParams),
          resourceVersion: object.metadata.resourceVersion,
        }),
      );
      return;
    }
    sendJson(context.response, 200, object);
  }

  private respondList(context: ResourceRequest, definition: ResourceDefinition, namespace: string | undefined): void {
    const query = context.url.searchParams;
    const result = this.deps.api.list(definition, {
      namespace,
      labelSelector: query.get('labelSelector') ?? undefined,
      fieldSelector: query.get('fieldSelector') ?? undefined,
      limit: queryInteger(query, 'limit'),
      continue: query.get('continue') ?? undefined,
    });
    if (wantsTable(context.request.headers.accept)) {
      sendJson(
        context.response,
        200,
        toTable(definition, result.items.map(item => this.tableRow(definition, item)), {
          now: this.deps.clock.now(),
          includeObject: includeObjectOf(query),
          resourceVersion: result.resourceVersion,
          continueToken: result.continue,
          remainingItemCount: result.remainingItemCount,
        }),
      );
      return;
    }
    const body = listBody(definition, result.items, result.resourceVersion);
    if (result.continue) {
      (body.metadata as Record<string, unknown>).continue = result.continue;
      (body.metadata as Record<string, unknown>).remainingItemCount = result.remainingItemCount;
    }
    sendJson(context.response, 200, body);
  }

  private tableRow(definition: ResourceDefinition, object: StoredObject) {
    if (!definition.alias) return { object };
    return {
      object,
      cellSource: definition.alias.toStored(object),
      cellDefinition: this.deps.registry.get(definition.alias.storedAs),
    };
  }
}

function listBody(definition: ResourceDefinition, items: KubeObject[], resourceVersion: string): Record<string, unknown> {
  return {
    kind: `${definition.kind}List`,
    apiVersion: apiVersionOf(definition),
    metadata: { resourceVersion },
    items,
  };
}

function notFoundResource(): ApiError {
  return new ApiError({ code: 404, reason: 'NotFound', message: 'the server could not find the requested resource', details: {} });
}

function includeObjectOf(query: URLSearchParams): IncludeObject {
  const value = query.get('includeObject');
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}

function withNameSelector(query: URLSearchParams, name: string): URLSearchParams {
  const copy = new URLSearchParams(query);
  const existing = copy.get('fieldSelector');
  copy.set('fieldSelector', existing ? `${existing},metadata.name=${name}` : `metadata.name=${name}`);
  return copy;
}

