import {
  GsvOpsCluster,
  isKubernetesApiError,
  KubeObject,
  KubernetesApiError,
} from '../../services/ClusterRegistry/types';
import type { Change, KubeReader } from '../runbooks/types';
import { collectionPathOf, describeObject, objectPathOf, ResourceType } from './resources';

/** A cluster request failed; the message says what we tried, on which object, and what to do. */
export class ClusterRequestError extends Error {
  readonly name = 'ClusterRequestError';
  constructor(message: string, readonly reason: string, readonly upstreamStatus?: number, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const CONTENT_TYPES: Record<Change['verb'], string> = {
  create: 'application/json',
  update: 'application/json',
  patch: 'application/merge-patch+json',
  delete: 'application/json',
};

/** client-go's retry.DefaultRetry: 5 steps, 10 ms apart, 10% jitter. */
const CONFLICT_RETRY = { steps: 5, delayMs: 10, jitter: 0.1 };

/**
 * Reads and writes of the engine through the read path's cluster client (same connection, same service account).
 * Errors are turned into sentences about the object, never passed on raw (a cluster's 401 is not the caller's).
 */
export class ClusterAccess implements KubeReader {
  private readonly servedVersions = new Map<string, Promise<string[] | undefined>>();

  constructor(private readonly cluster: GsvOpsCluster, private readonly signal?: AbortSignal) {}

  async served(type: ResourceType): Promise<ResourceType> {
    if (!type.fallbackVersions?.length || !type.group) return type;
    let versions = this.servedVersions.get(type.group);
    if (!versions) {
      versions = this.cluster.client
        .requestJson<{ versions?: Array<{ version?: string }> }>({ path: `/apis/${type.group}`, signal: this.signal })
        .then(group => group?.versions?.map(v => v.version ?? '').filter(Boolean))
        .catch(() => undefined);
      this.servedVersions.set(type.group, versions);
    }
    const known = await versions;
    if (!known || known.length === 0 || known.includes(type.version)) return type;
    const fallback = type.fallbackVersions.find(v => known.includes(v));
    return fallback ? { ...type, version: fallback } : type;
  }

  async get(type: ResourceType, namespace: string, name: string, subresource?: string): Promise<KubeObject> {
    try {
      return await this.cluster.client.requestJson<KubeObject>({
        path: objectPathOf(type, namespace, name, subresource),
        signal: this.signal,
      });
    } catch (e) {
      throw this.translate(e, 'read', type, namespace, name);
    }
  }

  async tryGet(type: ResourceType, namespace: string, name: string): Promise<KubeObject | undefined> {
    try {
      return await this.cluster.client.requestJson<KubeObject>({ path: objectPathOf(type, namespace, name), signal: this.signal });
    } catch (e) {
      if (isKubernetesApiError(e) && e.reason === 'NotFound') return undefined;
      throw this.translate(e, 'read', type, namespace, name);
    }
  }

  async list(
    type: ResourceType,
    namespace: string,
    selectors?: { labelSelector?: string; fieldSelector?: string },
  ): Promise<KubeObject[]> {
    try {
      const list = await this.cluster.client.requestJson<{ items?: KubeObject[] }>({
        path: collectionPathOf(type, namespace),
        query: { labelSelector: selectors?.labelSelector || undefined, fieldSelector: selectors?.fieldSelector || undefined },
        signal: this.signal,
      });
      return list.items ?? [];
    } catch (e) {
      if (isKubernetesApiError(e) && e.reason === 'NotFound') return [];
      throw this.translate(e, 'list', type, namespace, '');
    }
  }

  /**
   * Sends one change (`dryRun=All` when asked). With `rebuild`, a 409 Conflict reads the object again and retries
   * (optimistic locking). Returns the object the server answered with, undefined when rebuild dropped the change.
   */
  async send(change: Change, dryRun: boolean): Promise<KubeObject | undefined> {
    let body = change.body;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.cluster.client.requestJson<KubeObject>({
          method: methodOf(change.verb),
          path:
            change.verb === 'create'
              ? collectionPathOf(change.type, change.namespace)
              : objectPathOf(change.type, change.namespace, change.name, change.subresource),
          query: dryRun ? { dryRun: 'All' } : undefined,
          body,
          contentType: change.contentType ?? CONTENT_TYPES[change.verb],
          signal: this.signal,
        });
      } catch (e) {
        if (isKubernetesApiError(e) && e.reason === 'Conflict' && change.rebuild && attempt < CONFLICT_RETRY.steps) {
          await delay(CONFLICT_RETRY.delayMs * (1 + Math.random() * CONFLICT_RETRY.jitter));
          const fresh = await this.get(change.type, change.namespace, change.name);
          body = change.rebuild(fresh);
          if (body === undefined) return undefined;
          continue;
        }
        throw this.translate(e, change.verb, change.type, change.namespace, change.name, change.subresource);
      }
    }
  }

  translate(
    error: unknown,
    verb: string,
    type: ResourceType,
    namespace: string,
    name: string,
    subresource?: string,
  ): Error {
    if (!isKubernetesApiError(error)) return error as Error;
    const e = error as KubernetesApiError;
    const what = name
      ? `${describeObject(type, namespace, name)}${subresource ? ` (${subresource})` : ''}`
      : `${type.plural} in namespace ${namespace}`;
    const cluster = this.cluster.name;
    const upstream = e.message.replace(/^Cluster \S+ answered \d+: /, '');
    let message: string;
    switch (e.reason) {
      case 'NotFound':
        message = `${capitalize(what)} does not exist in cluster ${cluster}`;
        break;
      case 'Forbidden':
        message = `The GSV Ops service account may not ${verb} ${what} in cluster ${cluster} (${upstream}); grant it in deploy/base/rbac.yaml`;
        break;
      case 'Unauthorized':
        message = `Cluster ${cluster} rejected the GSV Ops service-account token; check kubernetes.clusterLocatorMethods`;
        break;
      case 'Conflict':
        message = `Cluster ${cluster} refused to ${verb} ${what}: ${upstream}`;
        break;
      case 'Invalid':
        message = `Cluster ${cluster} rejected the ${verb} of ${what} as invalid: ${upstream}`;
        break;
      case 'Unreachable':
      case 'Timeout':
        message = `${e.message} while trying to ${verb} ${what}`;
        break;
      default:
        message = `Cluster ${cluster} failed to ${verb} ${what}: ${upstream}`;
    }
    return new ClusterRequestError(message, e.reason, e.upstreamStatus, { cause: error });
  }
}

function methodOf(verb: Change['verb']): 'POST' | 'PATCH' | 'PUT' | 'DELETE' {
  switch (verb) {
    case 'create':
      return 'POST';
    case 'patch':
      return 'PATCH';
    case 'update':
      return 'PUT';
    default:
      return 'DELETE';
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function delay(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
