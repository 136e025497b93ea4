import { createHash } from 'node:crypto';
import type { BackstageCredentials, LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { ClusterDetails, KubernetesCredential } from '@backstage/plugin-kubernetes-node';
import { readClusterSettings, warnAboutSettings, type ClusterConfig, type ClusterSettings } from '../config/clusterSettings';
import type { ClusterConnection } from '../services/ClusterRegistry/types';
import type { OfficialKubernetesAccess } from './kubernetesAccess';

/** How long a bearer token from a strategy is reused (an EKS token is valid 15 minutes). */
const TOKEN_REUSE_MS = 60_000;

/**
 * The clusters of the official Kubernetes plugin, as GSV Ops reaches them: every cluster its supplier lists (any
 * locator), authenticated by its strategies (any server-side `authProvider`, and strategies modules added), with
 * `gsvOps.clusters.<name>` on top — environment, namespaces, timeouts, and GSV Ops' own identity when given (a token,
 * or auth metadata merged over the cluster's, e.g. another role to assume).
 */
export class OfficialClusterSource {
  private readonly warned = new Set<string>();

  constructor(
    private readonly options: {
      access: OfficialKubernetesAccess;
      config: Config;
      credentials: () => Promise<BackstageCredentials>;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  async clusters(): Promise<ClusterConfig[]> {
    const { access, config, logger } = this.options;
    const details = await access.clusterSupplier.getClusters({ credentials: await this.options.credentials() });
    const clusters: ClusterConfig[] = [];
    for (const cluster of details) {
      const settings = readClusterSettings(config, cluster.name);
      if (settings.disabled) continue;
      if (!this.warned.has(cluster.name)) {
        this.warned.add(cluster.name);
        warnAboutSettings(cluster.name, settings, logger);
      }
      const identity = await this.identityOf(cluster, settings);
      clusters.push({
        name: cluster.name,
        title: cluster.title,
        environment: settings.environment,
        namespaces: settings.namespaces,
        requestTimeoutMs: settings.requestTimeoutMs,
        probeIntervalMs: settings.probeIntervalMs,
        maxCachedObjects: settings.maxCachedObjects,
        connection: {
          url: cluster.url,
          caPem: cluster.caData ? Buffer.from(cluster.caData, 'base64').toString('utf8') : undefined,
          caFile: cluster.caFile,
          skipTLSVerify: cluster.skipTLSVerify ?? false,
          ...identity.connection,
        },
        identity: identity.fingerprint,
      });
    }
    return clusters;
  }

  /** GSV Ops' credentials for one cluster: its own token, or what the official plugin's strategy gives. */
  private async identityOf(
    cluster: ClusterDetails,
    settings: ClusterSettings,
  ): Promise<{ connection: Partial<ClusterConnection>; fingerprint: string }> {
    const { token, tokenFile, authMetadata } = settings.identity;
    if (token || tokenFile) return { connection: { token, tokenFile }, fingerprint: digest({ token, tokenFile }) };
    const details: ClusterDetails = authMetadata ? { ...cluster, authMetadata: { ...cluster.authMetadata, ...authMetadata } } : cluster;
    const fingerprint = digest(details.authMetadata);
    const credential = () => this.options.access.authStrategy.getCredential(details, {});
    let first: KubernetesCredential;
    try {
      first = await credential();
    } catch (e) {
      const reason = `${(e as Error)?.message ?? e} (GSV Ops watches with a server-side identity: an authProvider that needs the viewer's token cannot serve it; give GSV Ops its own with gsvOps.clusters.${cluster.name}.serviceAccountToken or authMetadata)`;
      this.options.logger.warn(`GSV Ops cannot authenticate to cluster ${cluster.name}: ${reason}`);
      return { connection: { bearerToken: () => Promise.reject(new Error(reason)) }, fingerprint };
    }
    if (first.type === 'x509 client certificate') {
      return { connection: { clientCertificate: { cert: first.cert, key: first.key } }, fingerprint };
    }
    if (first.type === 'anonymous') return { connection: {}, fingerprint };
    return { connection: { bearerToken: this.reusedToken(first.token, credential) }, fingerprint };
  }

  /** A token provider that asks the strategy again once a token is a minute old. */
  private reusedToken(token: string, credential: () => Promise<KubernetesCredential>): () => Promise<string | undefined> {
    const now = this.options.now ?? Date.now;
    let current = { token, at: now() };
    return async () => {
      if (now() - current.at < TOKEN_REUSE_MS) return current.token;
      const fresh = await credential();
      current = { token: fresh.type === 'bearer token' ? fresh.token : '', at: now() };
      return current.token || undefined;
    };
  }
}

/** A digest that changes with the identity, without keeping its secrets. */
function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value ?? null)).digest('hex').slice(0, 16);
}
