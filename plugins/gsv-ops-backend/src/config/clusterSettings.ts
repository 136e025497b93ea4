import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { z } from 'zod';
import type { ClusterConnection } from '../services/ClusterRegistry/types';
import { parseWith } from './parseWith';

/** One cluster as GSV Ops reaches it: where the official plugin's locators say, with `gsvOps.clusters.<name>` on top. */
export interface ClusterConfig {
  name: string;
  title?: string;
  environment: 'dev' | 'qa' | 'prod';
  namespaces: string[];
  requestTimeoutMs: number;
  probeIntervalMs: number;
  /** The watch cache's cap for this cluster (default {@link DEFAULT_MAX_CACHED_OBJECTS}). */
  maxCachedObjects?: number;
  /** The connection, except the CA file which is read when the client is built. */
  connection: ClusterConnection & { caFile?: string };
  /** Changes when the identity GSV Ops uses changes (a digest of the auth metadata, never the secrets). */
  identity?: string;
}

/** GSV Ops' own settings of one cluster (`gsvOps.clusters.<name>`). */
export interface ClusterSettings {
  environment: 'dev' | 'qa' | 'prod';
  namespaces: string[];
  requestTimeoutMs: number;
  probeIntervalMs: number;
  /** The most objects the watch cache keeps of the cluster (its memory cap). */
  maxCachedObjects: number;
  disabled: boolean;
  /** GSV Ops' own identity, instead of the official plugin's: a token, a token file, or auth metadata to merge. */
  identity: { token?: string; tokenFile?: string; authMetadata?: Record<string, string> };
  /** Whether the environment was left to its default (prod). */
  environmentDefaulted: boolean;
}

/**
 * The watch cache's cap per cluster: at the measured 6–7 KB of backend memory per cached object (README, "Fleet"),
 * about 1.3 GB.
 */
export const DEFAULT_MAX_CACHED_OBJECTS = 200_000;

const clusterSettingsSchema = z
  .object({
    environment: z.enum(['dev', 'qa', 'prod']).optional(),
    namespaces: z.array(z.string().min(1)).optional(),
    requestTimeoutSeconds: z.number().positive().max(600).optional(),
    probeIntervalSeconds: z.number().min(1).max(3600).optional(),
    maxCachedObjects: z.number().int().min(1000).optional(),
    disabled: z.boolean().optional(),
    serviceAccountToken: z.string().min(1).optional(),
    serviceAccountTokenFile: z.string().min(1).optional(),
    authMetadata: z.record(z.string()).optional(),
    // Read and validated by the metrics side (src/metrics/readMetricsConfig.ts).
    prometheus: z.unknown().optional(),
    alertmanager: z.unknown().optional(),
  })
  .strict();

/** Reads `gsvOps.clusters.<name>` (absent: the defaults, environment prod); throws with the config path. */
export function readClusterSettings(config: Config, name: string): ClusterSettings {
  const path = `gsvOps.clusters.${name}`;
  const own = parseWith(clusterSettingsSchema, config.getOptionalConfig('gsvOps.clusters')?.getOptional(name) ?? {}, path);
  const given = [own.serviceAccountToken && 'serviceAccountToken', own.serviceAccountTokenFile && 'serviceAccountTokenFile', own.authMetadata && 'authMetadata'].filter(Boolean);
  if (given.length > 1) throw new Error(`Invalid configuration at ${path}: give one of ${given.join(', ')}, not several`);
  return {
    environment: own.environment ?? 'prod',
    environmentDefaulted: !own.environment,
    namespaces: own.namespaces ?? [],
    requestTimeoutMs: (own.requestTimeoutSeconds ?? 10) * 1000,
    probeIntervalMs: (own.probeIntervalSeconds ?? 30) * 1000,
    maxCachedObjects: own.maxCachedObjects ?? DEFAULT_MAX_CACHED_OBJECTS,
    disabled: own.disabled ?? false,
    identity: { token: own.serviceAccountToken, tokenFile: own.serviceAccountTokenFile, authMetadata: own.authMetadata },
  };
}

/** Says once per cluster what a reader of the logs needs to know about its settings. */
export function warnAboutSettings(name: string, settings: ClusterSettings, logger?: LoggerService) {
  if (settings.environmentDefaulted) {
    logger?.warn('Cluster has no gsvOps.clusters.<name>.environment; treating it as prod', { cluster: name });
  }
  const { token, tokenFile, authMetadata } = settings.identity;
  if (!token && !tokenFile && !authMetadata) {
    logger?.warn(
      'GSV Ops shares its Kubernetes identity with the official Kubernetes plugin, whose proxy forwards any request with it; give GSV Ops its own with gsvOps.clusters.<name>.serviceAccountToken (or authMetadata) and the official plugin a read-only one',
      { cluster: name },
    );
  }
}
