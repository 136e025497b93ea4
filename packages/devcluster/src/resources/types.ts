import type { FieldCause } from '../api/errors';
import type { KubeObject, RequestVerb } from '../api/types';

/** A column of the server-side `Table` rendering (what `kubectl get` prints). */
export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: 'name' | '';
  description?: string;
  /** 0 = always shown; 1 = only with `-o wide`; CRDs use larger numbers for the same meaning. */
  priority?: number;
  /** For custom resources: the JSONPath of the CRD's printer column the cell is computed from. */
  jsonPath?: string;
  cell(object: KubeObject, now: number): string | number | boolean | null;
}

/** Context handed to defaulting and validation. */
export interface StrategyContext {
  now: number;
  /** Allocates cluster-wide values such as Service cluster IPs. */
  allocateClusterIp(): string;
}

/** How the `/scale` subresource maps to the object. */
export interface ScaleDefinition {
  specReplicas(object: KubeObject): number;
  setSpecReplicas(object: KubeObject, replicas: number): void;
  statusReplicas(object: KubeObject): number;
  selector(object: KubeObject): string;
}

/**
 * A served resource: what discovery advertises, how objects are defaulted and validated, and how `kubectl get`
 * prints them. One definition per (group, version, plural).
 */
export interface ResourceDefinition {
  group: string;
  version: string;
  /** The plural, lower-case resource name used in URLs (`deployments`). */
  resource: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs?: RequestVerb[];
  /** Served from a CustomResourceDefinition: strategic merge patch is refused, as for real CRDs. */
  custom?: boolean;
  hasStatus?: boolean;
  scale?: ScaleDefinition;
  /** Further subresources advertised in discovery (e.g. `log`, `proxy`), with their kind and verbs. */
  extraSubresources?: Array<{ name: string; kind: string; verbs: RequestVerb[]; group?: string; version?: string }>;
  columns?: TableColumn[];
  /** Field selector fields beyond metadata.name / metadata.namespace. */
  fieldSelectors?: Record<string, (object: KubeObject) => string | undefined>;
  /** Fills in defaults on create and update, as the API server's defaulting does. */
  defaults?(object: KubeObject, context: StrategyContext): void;
  /** Returns the field errors of an object (create and update). */
  validate?(object: KubeObject, old: KubeObject | undefined): FieldCause[];
  /**
   * Objects of this resource are not stored but computed (metrics) or only created and answered (access
   * reviews). The API layer calls these instead of the store.
   */
  virtual?: VirtualResource;
  /** Another resource holds the objects (events.k8s.io/v1 events are core/v1 events). */
  alias?: AliasResource;
}

export interface VirtualResource {
  list?(namespace: string | undefined): KubeObject[];
  /** The listed objects never change (CRDs): a watch sends them once and then nothing. */
  unchanging?: boolean;
  create?(object: KubeObject, requester: import('../api/types').UserInfo, namespace: string | undefined): KubeObject;
}

export interface AliasResource {
  /** The key (see {@link resourceKey}) of the stored resource. */
  storedAs: string;
  toStored(object: KubeObject): KubeObject;
  fromStored(object: KubeObject): KubeObject;
  /** Maps a field selector field of this view to the stored object's field. */
  fieldSelectorMap?: Record<string, string>;
}

export const ALL_VERBS: RequestVerb[] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

export const READ_ONLY_VERBS: RequestVerb[] = ['get', 'list'];

/** `apps/deployments`, `/pods`: the key under which a resource's objects are stored. */
export function resourceKey(definition: { group: string; resource: string }): string {
  return `${definition.group}/${definition.resource}`;
}

export function apiVersionOf(definition: { group: string; version: string }): string {
  return definition.group ? `${definition.group}/${definition.version}` : definition.version;
}
