import type { Environment } from '@gsv/plugin-gsv-ops-common';

/** Any Kubernetes object, as the API server returns it. Fields we read are typed where we read them. @public */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: KubeObjectMeta;
  spec?: any;
  status?: any;
  [key: string]: unknown;
}

/** @public */
export interface KubeObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
    controller?: boolean;
  }>;
  managedFields?: unknown;
  [key: string]: unknown;
}

/**
 * One line of a watch stream.
 *
 * @public
 */
export type WatchEvent =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: KubeObject }
  | { type: 'ERROR'; object: KubeStatus };

/**
 * The `Status` object the API server answers errors with.
 *
 * @public
 */
export interface KubeStatus {
  kind?: 'Status';
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
}

/**
 * A request to a cluster's API server. `path` starts with `/`, e.g. `/api/v1/pods`.
 *
 * @public
 */
export interface KubernetesRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Defaults to `application/json`; use `application/merge-patch+json` etc. for PATCH. */
  contentType?: string;
  signal?: AbortSignal;
  /** Overrides the cluster's request timeout (whole request, headers and body). */
  timeoutMs?: number;
}

/**
 * A watch request: the stream is idle-timed-out rather than deadline-timed-out.
 *
 * @public
 */
export interface KubernetesWatchRequest {
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
  /** No byte for this long ends the stream normally (as a server-side timeout would); the caller watches again. */
  idleTimeoutMs?: number;
}

/**
 * The small interface through which GSV Ops talks to a cluster. The watch cache reads through it; the operations
 * engine can write through it. It never throws raw transport errors: everything is a {@link KubernetesApiError}.
 *
 * @public
 */
export interface KubernetesClient {
  requestJson<T = unknown>(request: KubernetesRequest): Promise<T>;
  /** Starts a watch; the iterable ends when the server closes the stream, and throws on errors. */
  watch(request: KubernetesWatchRequest): AsyncIterable<WatchEvent>;
  /**
   * The lines of a plain-text answer as they arrive (pod logs, also followed); ends when the server closes the
   * stream. Optional: without it GSV Ops shows no logs for the cluster.
   */
  streamLines?(request: KubernetesWatchRequest): AsyncIterable<string>;
}

/**
 * Why a cluster request failed, in words the views show.
 *
 * @public
 */
export type KubernetesErrorReason =
  | 'Unreachable'
  | 'Timeout'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'Gone'
  | 'Conflict'
  | 'Invalid'
  | 'TooManyRequests'
  | 'ServerError'
  | 'BadResponse';

/**
 * An error from a cluster. Deliberately has no `statusCode`/`status` property, so Backstage's error middleware
 * never mistakes a cluster's 401 for the caller's (it answers 500 unless a handler translates it).
 *
 * @public
 */
export class KubernetesApiError extends Error {
  readonly name = 'KubernetesApiError';
  readonly cluster: string;
  readonly reason: KubernetesErrorReason;
  /** The HTTP status the API server answered, if it answered. */
  readonly upstreamStatus?: number;
  /** Seconds the server asked us to wait (429/503 `Retry-After`). */
  readonly retryAfterSeconds?: number;

  constructor(options: {
    cluster: string;
    reason: KubernetesErrorReason;
    message: string;
    upstreamStatus?: number;
    retryAfterSeconds?: number;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.cluster = options.cluster;
    this.reason = options.reason;
    this.upstreamStatus = options.upstreamStatus;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  static reasonForStatus(status: number): KubernetesErrorReason {
    if (status === 401) return 'Unauthorized';
    if (status === 403) return 'Forbidden';
    if (status === 404) return 'NotFound';
    if (status === 409) return 'Conflict';
    if (status === 410) return 'Gone';
    if (status === 422 || status === 400) return 'Invalid';
    if (status === 429) return 'TooManyRequests';
    if (status === 504) return 'Timeout';
    return 'ServerError';
  }
}

/**
 * Whether an error is a {@link KubernetesApiError} (also across module copies).
 *
 * @public
 */
export function isKubernetesApiError(error: unknown): error is KubernetesApiError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'KubernetesApiError' &&
    typeof (error as { reason?: unknown }).reason === 'string'
  );
}

/**
 * A cluster GSV Ops watches, as the registry hands it out.
 *
 * @public
 */
export interface GsvOpsCluster {
  name: string;
  title?: string;
  environment: Environment;
  /** Namespaces to watch; empty = all namespaces. */
  namespaces: string[];
  /** Timeout of one list/get request (a watch is idle-timed-out instead). */
  requestTimeoutMs: number;
  /** Seconds between liveness probes while healthy, in ms (default: the watch cache's). */
  probeIntervalMs?: number;
  /**
   * The most objects the watch cache keeps of this cluster; beyond it the largest kind is no longer cached and the
   * views say so (default: the watch cache's).
   */
  maxCachedObjects?: number;
  client: KubernetesClient;
}

/**
 * Reads the clusters; the default reads config, the extension point can replace it.
 *
 * @public
 */
export interface ClusterRegistry {
  listClusters(): GsvOpsCluster[];
  /** Throws NotFoundError for an unknown cluster. */
  getCluster(name: string): GsvOpsCluster;
}
