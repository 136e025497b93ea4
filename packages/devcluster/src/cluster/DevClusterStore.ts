import type { ClusterApi, DeleteOptions, PropagationPolicy } from '../api/ClusterApi';
import type { KubeObject, PatchType, StoredObject, WatchEventType } from '../api/types';
import { clone } from '../patch/mergePatch';
import type { ResourceDefinition } from '../resources/types';

/**
 * Programmatic access to the cluster's objects for tests: the same semantics as the HTTP API (defaulting,
 * validation, optimistic concurrency, dry-run, cascading deletion, selectors) but without authentication and
 * without entries in the request log. Resources are named as kubectl names them: `pods`, `deployments.apps`,
 * `deploy`, `certificates.cert-manager.io`, `events.events.k8s.io`. Returned objects are copies.
 *
 * @public
 */
export class DevClusterStore {
  constructor(private readonly api: ClusterApi) {}

  /** The cluster's current resourceVersion. */
  get resourceVersion(): string {
    return String(this.api.store.resourceVersion);
  }

  get<T extends KubeObject = StoredObject>(resource: string, namespace: string | undefined, name: string): T | undefined {
    const object = this.api.tryGet(this.definition(resource), namespace, name);
    return object ? (clone(object) as unknown as T) : undefined;
  }

  list<T extends KubeObject = StoredObject>(
    resource: string,
    options: { namespace?: string; labelSelector?: string; fieldSelector?: string } = {},
  ): T[] {
    return clone(this.api.list(this.definition(resource), options).items) as unknown as T[];
  }

  /** Creates an object (resource from its apiVersion/kind). `keepStatus` stores the given status as is. */
  create<T extends KubeObject = StoredObject>(object: KubeObject, options: { dryRun?: boolean; keepStatus?: boolean } = {}): T {
    const definition = this.definitionOf(object);
    return clone(this.api.create(definition, object.metadata?.namespace, object, options)) as unknown as T;
  }

  /** Replaces an object (PUT), or its status with `subresource: 'status'`. */
  update<T extends KubeObject = StoredObject>(object: KubeObject, options: { dryRun?: boolean; subresource?: 'status' } = {}): T {
    const definition = this.definitionOf(object);
    return clone(this.api.update(definition, object.metadata?.namespace, object.metadata.name ?? '', object, options)) as unknown as T;
  }

  patch<T extends KubeObject = StoredObject>(
    resource: string,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    options: { type?: PatchType; subresource?: 'status'; dryRun?: boolean } = {},
  ): T {
    return clone(
      this.api.patch(this.definition(resource), namespace, name, options.type ?? 'merge', patch, { subresource: options.subresource, dryRun: options.dryRun }),
    ) as unknown as T;
  }

  /** Sets `/scale` replicas (deployments, replicasets, statefulsets, CNPG clusters). */
  scale(resource: string, namespace: string, name: string, replicas: number): void {
    this.api.updateScale(this.definition(resource), namespace, name, { patch: { spec: { replicas } }, patchType: 'merge' });
  }

  delete(
    resource: string,
    namespace: string | undefined,
    name: string,
    options: { propagationPolicy?: PropagationPolicy; gracePeriodSeconds?: number; dryRun?: boolean } = {},
  ): void {
    this.api.delete(this.definition(resource), namespace, name, options as DeleteOptions);
  }

  /** Streams changes (as the HTTP watch does). Returns a function that stops the watch. */
  watch(
    resource: string,
    options: { namespace?: string; labelSelector?: string; fieldSelector?: string; resourceVersion?: string },
    listener: (type: WatchEventType, object: StoredObject) => void,
  ): () => void {
    const handle = this.api.watch(this.definition(resource), options, (type, object) => listener(type, clone(object)));
    return () => handle.stop();
  }

  private definition(resource: string): ResourceDefinition {
    return this.api.registry.resolve(resource);
  }

  private definitionOf(object: KubeObject): ResourceDefinition {
    const definition = this.api.registry.forKind(object.apiVersion, object.kind);
    if (!definition) throw new Error(`Unknown kind ${object.apiVersion}/${object.kind}`);
    return definition;
  }
}
