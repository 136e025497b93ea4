import { readFileSync } from 'node:fs';
import { NotFoundError } from '@backstage/errors';
import type { ClusterConfig } from '../../config/readGsvOpsConfig';
import { HttpKubernetesClient } from './HttpKubernetesClient';
import type { ClusterRegistry, GsvOpsCluster } from './types';

/**
 * The clusters of `kubernetes.clusterLocatorMethods` (type `config`) with their `gsvOps.clusters` settings, each
 * with one keep-alive HTTP client. Other parts of the plugin (the operations engine) reuse these clients for writes.
 */
export class DefaultClusterRegistry implements ClusterRegistry {
  private readonly clusters: Map<string, GsvOpsCluster>;
  private readonly clients: HttpKubernetesClient[] = [];

  private constructor(clusters: GsvOpsCluster[]) {
    this.clusters = new Map(clusters.map(c => [c.name, c]));
  }

  static fromConfig(configs: ClusterConfig[]): DefaultClusterRegistry {
    const clients: HttpKubernetesClient[] = [];
    const clusters = configs.map(config => {
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
      clients.push(client);
      return {
        name: config.name,
        title: config.title,
        environment: config.environment,
        namespaces: config.namespaces,
        requestTimeoutMs: config.requestTimeoutMs,
        client,
      };
    });
    const registry = new DefaultClusterRegistry(clusters);
    registry.clients.push(...clients);
    return registry;
  }

  /** A registry over clusters built elsewhere (the extension point, tests). */
  static fromClusters(clusters: GsvOpsCluster[]): DefaultClusterRegistry {
    const names = new Set<string>();
    for (const c of clusters) {
      if (names.has(c.name)) throw new Error(`Duplicate cluster name '${c.name}'`);
      names.add(c.name);
    }
    return new DefaultClusterRegistry(clusters);
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
    for (const client of this.clients) client.destroy();
  }
}
