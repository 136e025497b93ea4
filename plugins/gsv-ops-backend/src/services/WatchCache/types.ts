import type { KubeObject, KubernetesErrorReason, WatchEvent } from '../ClusterRegistry/types';
import type { WatchedKind } from './kinds';

/** The result of a full list: every object and the collection's resourceVersion (opaque). */
export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
}

/**
 * Where an informer lists and watches. The real one talks to a cluster; tests script fakes.
 * Errors are `KubernetesApiError`s: reason `NotFound` on list = the kind is not served (CRD missing);
 * reason `Gone` (410, on watch start or as an ERROR event) = the resourceVersion is too old.
 */
export interface ListWatchSource {
  list(options: { signal: AbortSignal }): Promise<ListResult>;
  /** Ends normally when the server closes the stream; throws on errors. */
  watch(options: { resourceVersion: string; signal: AbortSignal }): AsyncIterable<WatchEvent>;
}

/** What went wrong with a list or watch, kept until a list succeeds again. */
export interface InformerError {
  /** `OverCapacity`: the kind is no longer cached, to keep the cluster within its cap (see ClusterCache). */
  reason: KubernetesErrorReason | 'Unknown' | 'OverCapacity';
  message: string;
  /** Epoch ms of the first failure of the current streak. */
  since: number;
}

export interface InformerStatus {
  synced: boolean;
  /** The kind is not served by this cluster (optional CRD not installed). */
  absent: boolean;
  error?: InformerError;
  /** Epoch ms of the last successful list or watch event. */
  lastHeardAt?: number;
  resourceVersion?: string;
  /** Number of relists, watch restarts and errors so far (for tests and metrics). */
  counters: { lists: number; watches: number; relistsOnGone: number; errors: number };
}

/** A change delivered to informer listeners. Objects are frozen. */
export type InformerEvent =
  | { type: 'add'; object: KubeObject }
  | { type: 'update'; object: KubeObject; oldObject: KubeObject }
  | { type: 'delete'; object: KubeObject }
  /** Status changed: synced, error set or cleared, absent. */
  | { type: 'status' };

/** A change the watch cache announces, for long polls and view memoisation. */
export interface CacheChange {
  cluster: string;
  kind?: WatchedKind;
  /** Namespace of the changed object; `''` for cluster-scoped objects; absent for status changes. */
  namespace?: string;
}
