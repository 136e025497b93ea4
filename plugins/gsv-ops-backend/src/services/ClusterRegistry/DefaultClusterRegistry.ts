import { readFileSync } from 'node:fs';
import { NotFoundError } from '@backstage/errors';
import type { ClusterConfig } from '../../config/clusterSettings';
import { HttpKubernetesClient } from './HttpKubernetesClient';
import type { ClusterRegistry, GsvOpsCluster } from './types';

/**
 * The clusters GSV Ops reaches, each with one keep-alive HTTP client that the watch cache reads through and the
 * operations engine writes through. The set can change while the backend runs (a cluster supplier that reads the
 * catalog finds new clusters): {@link DefaultClusterRegistry.update} says what was added and removed.
 */
export class DefaultClusterRegistry implements ClusterRegistry {
  private readonly clusters = new Map<string, GsvOpsCluster>();
  /** What each cluster was built from, to tell a changed cluster from an unchanged one. */
  private readonly fingerprints = new Map<string, string>();
  private readonly clients = new Map<string, HttpKubernetesClient>();

  private constructor(clusters: GsvOpsCluster[] = []) {
    for (const c of clusters) {
      if (this.clusters.has(c.name)) throw new Error(`Duplicate cluster name '${c.name}'`);
      this.clusters.set(c.name, c);
    }
  }

  static fromConfig(configs: ClusterConfig[]): DefaultClusterRegistry {
    const registry = new DefaultClusterRegistry();
    registry.update(configs);
    return registry;
  }

  /** A registry over clusters built elsewhere (the extension point, tests). */
  static fromClusters(clusters: GsvOpsCluster[]): DefaultClusterRegistry {
    return new DefaultClusterRegistry(clusters);
  }

  /**
   * Makes the registry hold exactly these clusters. A cluster whose connection or settings changed is replaced (it
   * is in both lists of the answer); the clients of removed and replaced clusters are closed.
   */
  update(configs: ClusterConfig[]): { added: GsvOpsCluster[]; removed: GsvOpsCluster[] } {
    const added: GsvOpsCluster[] = [];
    const removed: GsvOpsCluster[] = [];
    const wanted = new Map(configs.map(c => [c.name, c]));
    for (const [name, cluster] of this.clusters) {
      const next = wanted.get(name);
      if (next && fingerprintOf(next) === this.fingerprints.get(name)) continue;
      removed.push(cluster);
      this.forget(name);
    }
    for (const config of configs) {
      if (this.clusters.has(config.name)) continue;
      const cluster = this.build(config);
      this.clusters.set(config.name, cluster);
      this.fingerprints.set(config.name, fingerprintOf(config));
      added.push(cluster);
    }
    return { added, removed };
  }

  private build(config: ClusterConfig): GsvOpsCluster {
    const { caFile, ...connection } = config.connection;
    let caPem = connection.caPem;
    if (!caPem && caFile) {
      try {
        caPem = readFileSync(caFile, 'utf8');
      } catch (e) {
        throw new Error(`Cannot read caFile of cluster '${config.name}': ${(e as Error).message}`);
      }
    }
    const client = new HttpKubernetesClient({
      cluster: config.name,
      connection: { ...connection, caPem },
      requestTimeoutMs: config.requestTimeoutMs,
    });
    this.clients.set(config.name, client);
    return {
      name: config.name,
      title: config.title,
      environment: config.environment,
      namespaces: config.namespaces,
      requestTimeoutMs: config.requestTimeoutMs,
      probeIntervalMs: config.probeIntervalMs,
      maxCachedObjects: config.maxCachedObjects,
      client,
    };
  }

  private forget(name: string) {
    this.clients.get(name)?.destroy();
    this.clients.delete(name);
    this.clusters.delete(name);
    this.fingerprints.delete(name);
  }

  listClusters(): GsvOpsCluster[] {
    return [...this.clusters.values()];
  }

  getCluster(name: string): GsvOpsCluster {
    const cluster = this.clusters.get(name);
    if (!cluster) {
      throw new NotFoundError(`No cluster named '${name}'`);
    }
    return cluster;
  }

  /** Closes the clients' keep-alive sockets. */
  close() {
    for (const client of this.clients.values()) client.destroy();
  }
}

/** The parts of a cluster's config that need a new client when they change (functions compare by identity). */
function fingerprintOf(config: ClusterConfig): string {
  const { bearerToken, ...connection } = config.connection;
  return JSON.stringify({ ...config, connection, bearerToken: bearerToken ? 'provider' : undefined });
}
