import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { ClusterApi, DeleteOptions, PropagationPolicy, WriteOptions } from '../api/ClusterApi';
import { FIELD_VALIDATION_VALUES, type FieldValidation } from '../api/schemaEnforcement';
import { ApiError, badRequest, methodNotAllowed, notAcceptable, unsupportedMediaType } from '../api/errors';
import { PATCH_CONTENT_TYPES, type KubeObject, type PatchType, type StoredObject, type UserInfo } from '../api/types';
import type { SimulatedClock } from '../clock/SimulatedClock';
import { parsePatchBody } from '../patch/applyPatch';
import type { ResourceRegistry } from '../resources/ResourceRegistry';
import { apiVersionOf, type ResourceDefinition } from '../resources/types';
import { parseJson, queryBoolean, queryInteger, readBody, readRawBody, sendJson, sendText } from './http';
import { decodeKubernetesProtobuf } from '../protobuf/decodeKubernetesProtobuf';
import type { RequestInfo } from './requestInfo';
import { answerTokenRequest } from './tokenRequests';
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
      case 'delete': {
        const options = await readDeleteOptions(request, query, dryRun);
        const result = this.deps.api.delete(definition, namespace, name!, options);
        const stillThere = this.deps.api.tryGet(definition, namespace, name!);
        if (stillThere || definition.resource === 'pods' || dryRun) {
          sendJson(response, 200, stillThere && !dryRun ? stillThere : result);
        } else {
          sendJson(response, 200, {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Success',
            details: { name, group: definition.group || undefined, kind: definition.resource, uid: result.metadata.uid },
          });
        }
        return;
      }
      case 'deletecollection': {
        const options = await readDeleteOptions(request, query, dryRun);
        const deleted = this.deps.api.deleteCollection(
          definition,
          { namespace, labelSelector: query.get('labelSelector') ?? undefined, fieldSelector: query.get('fieldSelector') ?? undefined },
          options,
        );
        sendJson(response, 200, listBody(definition, deleted, String(this.deps.api.store.resourceVersion)));
        return;
      }
      default:
        throw methodNotAllowed(`${method} is not supported on ${definition.resource}`);
    }
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
      case 'log': {
        if (definition.group !== '' || definition.resource !== 'pods' || verb !== 'get') throw notFoundResource();
        const pod = api.get(definition, namespace, name);
        const query = url.searchParams;
        const logRequest: PodLogRequest = {
          container: query.get('container') ?? undefined,
          previous: queryBoolean(query, 'previous'),
          tailLines: queryInteger(query, 'tailLines'),
          sinceSeconds: queryInteger(query, 'sinceSeconds'),
          sinceTime: query.get('sinceTime') ?? undefined,
          timestamps: queryBoolean(query, 'timestamps'),
          limitBytes: queryInteger(query, 'limitBytes'),
        };
        const text = this.deps.podLogs(pod, logRequest);
        if (!queryBoolean(query, 'follow') || logRequest.previous) {
          sendText(response, 200, text, 'text/plain');
          return;
        }
        this.deps.logFollowers.follow(
          response,
          text,
          since => {
            const current = api.tryGet(definition, namespace, name);
            if (!current || current.metadata.uid !== pod.metadata.uid) return undefined;
            try {
              return this.deps.podLogs(current, { ...logRequest, tailLines: undefined, sinceSeconds: undefined, limitBytes: undefined, sinceTime: new Date(since).toISOString() });
            } catch {
              return '';
            }
          },
          () => this.deps.clock.now(),
        );
        return;
      }
      case 'proxy': {
        if (definition.group !== '' || definition.resource !== 'nodes' || verb !== 'get') throw notFoundResource();
        const node = api.get(definition, undefined, name);
        const answer = this.deps.nodeProxy(node, info.subpath ?? '');
        if (!answer) throw new ApiError({ code: 404, reason: 'NotFound', message: `the kubelet of node "${name}" does not serve /${info.subpath ?? ''}` });
        sendText(response, 200, answer.body, answer.contentType);
        return;
      }
      case 'token': {
        if (definition.group !== '' || definition.resource !== 'serviceaccounts' || verb !== 'create') throw notFoundResource();
        const serviceAccount = api.get(definition, namespace, name);
        const body = (await readObjectBody(request)) as KubeObject;
        const issue = () => (write.dryRun ? '' : this.deps.issueServiceAccountToken(namespace!, name));
        sendJson(response, 201, answerTokenRequest(body, serviceAccount, issue, this.deps.clock.now()));
        return;
      }
      case 'exec':
      case 'attach':
      case 'portforward':
        if (definition.group !== '' || definition.resource !== 'pods') throw notFoundResource();
        throw noContainerRuntime(info.subresource);
      default:
        throw notFoundResource();
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

/**
 * dryRun, `fieldValidation` as the API server reads it (default Warn; an unknown directive is refused), and the
 * field manager: `fieldManager`, or else the product of the User-Agent (`kubectl/v1.32.4 (linux/amd64) …` →
 * `kubectl`), with `force` for applies.
 */
function writeOptionsOf(query: URLSearchParams, dryRun: boolean, userAgent: string | undefined): WriteOptions {
  const requested = query.get('fieldValidation');
  if (requested && !FIELD_VALIDATION_VALUES.includes(requested as FieldValidation)) {
    throw badRequest(`fieldValidation invalid directive: ${requested}`);
  }
  const fieldManager = query.get('fieldManager') || userAgent?.split('/')[0].slice(0, 128) || 'unknown';
  return { dryRun, fieldValidation: (requested as FieldValidation | null) || 'Warn', warnings: [], fieldManager, force: queryBoolean(query, 'force') };
}

/** An apply names its field manager itself (the API server does not derive one from the User-Agent for it). */
function patchOptions(write: WriteOptions, type: PatchType, query: URLSearchParams): WriteOptions {
  return type === 'apply' ? { ...write, fieldManager: query.get('fieldManager') || undefined } : write;
}

function warningHeaders(write: WriteOptions): Record<string, string> {
  if (!write.warnings?.length) return {};
  return { Warning: write.warnings.map(warning => `299 - ${JSON.stringify(warning)}`).join(', ') };
}

/** exec, attach and port-forward (and so `kubectl cp`) need containers; the emulator only simulates them. */
function noContainerRuntime(subresource: string): ApiError {
  return new ApiError({
    code: 400,
    reason: 'BadRequest',
    message: `pods/${subresource} is not supported by the embedded GSV cluster: it simulates containers and runs no processes, so exec, attach, port-forward and cp cannot work; to run a command, create a Job (kubectl create job <name> --image=<image> -- <command>) and read its logs`,
  });
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

async function readObjectBody(request: IncomingMessage): Promise<unknown> {
  const type = (request.headers['content-type'] ?? 'application/json').split(';')[0].trim();
  if (type === 'application/vnd.kubernetes.protobuf') return decodeKubernetesProtobuf(await readRawBody(request));
  const text = await readBody(request);
  if (type === 'application/yaml') {
    try {
      return parseYaml(text);
    } catch (error) {
      throw badRequest(`error decoding YAML: ${(error as Error).message}`);
    }
  }
  return parseJson(text);
}

async function readPatch(request: IncomingMessage) {
  const contentType = (request.headers['content-type'] ?? '').split(';')[0].trim();
  const type = PATCH_CONTENT_TYPES[contentType];
  if (!type) {
    throw unsupportedMediaType(
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`,
    );
  }
  return { type, patch: parsePatchBody(await readBody(request), type) };
}

async function readDeleteOptions(request: IncomingMessage, query: URLSearchParams, dryRun: boolean): Promise<DeleteOptions> {
  const text = await readBody(request);
  const body = (text.trim() ? parseJson(text) : {}) as {
    propagationPolicy?: string;
    orphanDependents?: boolean;
    gracePeriodSeconds?: number;
    preconditions?: { uid?: string; resourceVersion?: string };
    dryRun?: string[];
  };
  const policy = (query.get('propagationPolicy') ?? body.propagationPolicy ?? (body.orphanDependents ? 'Orphan' : undefined)) as
    | PropagationPolicy
    | undefined;
  if (policy && !['Foreground', 'Background', 'Orphan'].includes(policy)) {
    throw badRequest(`DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  return {
    propagationPolicy: policy,
    gracePeriodSeconds: queryInteger(query, 'gracePeriodSeconds') ?? body.gracePeriodSeconds,
    preconditions: body.preconditions,
    dryRun: dryRun || (body.dryRun ?? []).includes('All'),
  };
}

