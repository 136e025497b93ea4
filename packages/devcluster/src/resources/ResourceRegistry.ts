import { appsResources } from './apps';
import { autoscalingNetworkingResources } from './autoscalingNetworking';
import { batchResources } from './batch';
import { coreResources } from './core';
import { customResourceDefinitions } from './customResourceDefinitions';
import { customResources } from './customResources';
import { monitoringResources } from './monitoringResources';
import { rbacResources } from './rbac';
import { apiVersionOf, resourceKey, type ResourceDefinition, type VirtualResource } from './types';
import { virtualResources } from './virtualResources';

export interface ApiGroupInfo {
  name: string;
  versions: string[];
  preferredVersion: string;
}

/** Every resource the emulator serves, with look-ups by URL segments, kind and kubectl-style names. */
export class ResourceRegistry {
  private readonly definitions: ResourceDefinition[];
  private readonly byPath = new Map<string, ResourceDefinition>();
  private readonly byKind = new Map<string, ResourceDefinition>();
  private readonly byKey = new Map<string, ResourceDefinition>();

  constructor(definitions: ResourceDefinition[] = defaultDefinitions()) {
    this.definitions = definitions;
    for (const definition of definitions) {
      this.byPath.set(`${definition.group}/${definition.version}/${definition.resource}`, definition);
      if (!this.byKey.has(resourceKey(definition))) this.byKey.set(resourceKey(definition), definition);
      const kindKey = `${apiVersionOf(definition)}/${definition.kind}`;
      if (!this.byKind.has(kindKey) && !definition.virtual) this.byKind.set(kindKey, definition);
    }
  }

  all(): ResourceDefinition[] {
    return this.definitions;
  }

  /** The resource served at `/apis/<group>/<version>/<resource>` (group '' for `/api/v1`). */
  find(group: string, version: string, resource: string): ResourceDefinition | undefined {
    return this.byPath.get(`${group}/${version}/${resource}`);
  }

  /** By storage key (`apps/deployments`). */
  get(key: string): ResourceDefinition {
    const definition = this.byKey.get(key);
    if (!definition) throw new Error(`Unknown resource ${key}`);
    return definition;
  }

  /** The resource of an object, from its apiVersion and kind. */
  forKind(apiVersion: string, kind: string): ResourceDefinition | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  /**
   * Resolves what people type: `pods`, `pod`, `po`, `deployments.apps`, `deploy`, `certificates.cert-manager.io`,
   * `events.events.k8s.io`. Unqualified names prefer the core group, then the first registered.
   */
  resolve(name: string): ResourceDefinition {
    const lower = name.toLowerCase();
    const matches = this.definitions.filter(definition => {
      const names = [definition.resource, definition.singular, definition.kind.toLowerCase(), ...(definition.shortNames ?? [])];
      if (names.includes(lower)) return true;
      return names.some(candidate => candidate && `${candidate}.${definition.group}` === lower);
    });
    const qualified = matches.find(definition => definition.group && lower.endsWith(`.${definition.group}`));
    const chosen = qualified ?? matches.find(definition => definition.group === '') ?? matches.find(d => !d.virtual || d.alias) ?? matches[0];
    if (!chosen) throw new Error(`Unknown resource "${name}"`);
    return chosen;
  }

  /** API groups for discovery (core group excluded), in registration order. */
  groups(): ApiGroupInfo[] {
    const groups = new Map<string, string[]>();
    for (const definition of this.definitions) {
      if (!definition.group) continue;
      const versions = groups.get(definition.group) ?? [];
      if (!versions.includes(definition.version)) versions.push(definition.version);
      groups.set(definition.group, versions);
    }
    return [...groups.entries()].map(([name, versions]) => ({ name, versions, preferredVersion: versions[0] }));
  }

  /** Resources of one group version, for `/apis/<group>/<version>`. */
  resourcesOf(group: string, version: string): ResourceDefinition[] {
    return this.definitions.filter(definition => definition.group === group && definition.version === version);
  }

  hasGroupVersion(group: string, version: string): boolean {
    return this.definitions.some(definition => definition.group === group && definition.version === version);
  }

  /** Gives a virtual resource its behaviour (see virtualResources.ts). */
  attachVirtual(group: string, version: string, resource: string, implementation: VirtualResource): void {
    const definition = this.find(group, version, resource);
    if (!definition) throw new Error(`Unknown resource ${group}/${version}/${resource}`);
    definition.virtual = implementation;
  }
}

/** Fresh copies of the built-in definitions, so each cluster can attach its own virtual behaviour. */
export function defaultDefinitions(): ResourceDefinition[] {
  return [
    ...coreResources,
    ...appsResources,
    ...autoscalingNetworkingResources,
    ...batchResources,
    ...rbacResources,
    ...virtualResources,
    ...customResources,
    ...monitoringResources,
    customResourceDefinitions,
  ].map(definition => ({ ...definition }));
}
