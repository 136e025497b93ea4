import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { z } from 'zod';
import { DEFAULT_THRESHOLDS, OpsThresholds } from '../domain/thresholds';
import { readClusterSettings, warnAboutSettings, type ClusterConfig, type ClusterSettings } from './clusterSettings';
import { parseWith } from './parseWith';

/** Where a pod finds its service-account credentials (in-cluster). */
export const IN_CLUSTER_TOKEN_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/token';
export const IN_CLUSTER_CA_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt';

export type { ClusterConfig } from './clusterSettings';

export interface GsvOpsConfig {
  clusters: ClusterConfig[];
  thresholds: OpsThresholds;
  pvcUsage: { source: 'kubelet' | 'none'; intervalSeconds: number };
}

const positive = z.number().positive();
const percent = z.number().min(0).max(100);

const thresholdsSchema = z
  .object({
    certificates: z
      .object({
        warningDays: positive.optional(),
        criticalDays: z.number().min(0).optional(),
        renewalGraceMinutes: z.number().min(0).optional(),
      })
      .strict()
      .optional(),
    disk: z
      .object({
        healthyBelowPercent: percent.optional(),
        warningPercent: percent.optional(),
        criticalPercent: percent.optional(),
      })
      .strict()
      .optional(),
    backups: z
      .object({ graceMinutes: z.number().min(0).optional(), criticalMissedRuns: positive.optional() })
      .strict()
      .optional(),
    pods: z
      .object({
        pendingWarningMinutes: z.number().min(0).optional(),
        restartsWarning: z.number().int().min(1).optional(),
      })
      .strict()
      .optional(),
    events: z
      .object({ maxAgeMinutes: positive.optional(), limit: z.number().int().min(1).max(1000).optional() })
      .strict()
      .optional(),
    externalSecrets: z.object({ staleRefreshIntervals: positive.optional() }).strict().optional(),
  })
  .strict();

/**
 * Reads the GSV Ops configuration into typed objects, in one place. Throws with the config path on invalid values.
 * `env` is for tests (in-cluster detection).
 */
export function readGsvOpsConfig(
  config: Config,
  options?: { logger?: LoggerService; env?: NodeJS.ProcessEnv },
): GsvOpsConfig {
  const env = options?.env ?? process.env;
  const logger = options?.logger;
  const settings = config.getOptionalConfig('gsvOps.clusters');
  const clusters: ClusterConfig[] = [];
  const seen = new Set<string>();

  for (const method of config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? []) {
    const type = method.getString('type');
    if (type !== 'config') {
      logger?.info('GSV Ops ignores a cluster locator it does not support', { type });
      continue;
    }
    for (const c of method.getOptionalConfigArray('clusters') ?? []) {
      const name = c.getString('name');
      if (seen.has(name)) {
        throw new Error(`Duplicate cluster name '${name}' in kubernetes.clusterLocatorMethods`);
      }
      seen.add(name);
      const own = readClusterSettings(config, name);
      if (own.disabled) {
        logger?.info('GSV Ops leaves a disabled cluster out', { cluster: name });
        continue;
      }
      const authProvider = c.getOptionalString('authProvider') ?? 'serviceAccount';
      if (authProvider !== 'serviceAccount') {
        logger?.warn('GSV Ops only supports the serviceAccount auth provider; leaving the cluster out', {
          cluster: name,
          authProvider,
        });
        continue;
      }
      const url = c.getString('url');
      try {
        // eslint-disable-next-line no-new
        new URL(url);
      } catch {
        throw new Error(`Invalid url of cluster '${name}' in kubernetes.clusterLocatorMethods`);
      }
      const identity = gsvOpsIdentity(name, own, c, env, logger);
      const caData = c.getOptionalString('caData');
      let caFile = c.getOptionalString('caFile');
      if (identity.inCluster && !caData && !caFile) {
        caFile = IN_CLUSTER_CA_FILE;
      }
      clusters.push({
        name,
        title: c.getOptionalString('title'),
        environment: own.environment,
        namespaces: own.namespaces,
        requestTimeoutMs: own.requestTimeoutMs,
        probeIntervalMs: own.probeIntervalMs,
        maxCachedObjects: own.maxCachedObjects,
        connection: {
          url,
          token: identity.token,
          tokenFile: identity.tokenFile,
          caPem: caData ? Buffer.from(caData, 'base64').toString('utf8') : undefined,
          caFile,
          skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
        },
      });
    }
  }

  for (const name of settings?.keys() ?? []) {
    if (!seen.has(name)) {
      logger?.warn('gsvOps.clusters names a cluster that kubernetes.clusterLocatorMethods does not declare', {
        cluster: name,
      });
    }
  }

  const t = parseWith(thresholdsSchema, config.getOptional('gsvOps.thresholds') ?? {}, 'gsvOps.thresholds');
  const thresholds: OpsThresholds = {
    certificates: { ...DEFAULT_THRESHOLDS.certificates, ...t.certificates },
    disk: { ...DEFAULT_THRESHOLDS.disk, ...t.disk },
    backups: { ...DEFAULT_THRESHOLDS.backups, ...t.backups },
    pods: { ...DEFAULT_THRESHOLDS.pods, ...t.pods },
    events: { ...DEFAULT_THRESHOLDS.events, ...t.events },
    externalSecrets: { ...DEFAULT_THRESHOLDS.externalSecrets, ...t.externalSecrets },
  };
  if (thresholds.certificates.criticalDays > thresholds.certificates.warningDays) {
    throw new Error('gsvOps.thresholds.certificates.criticalDays must not exceed warningDays');
  }
  const { healthyBelowPercent, warningPercent, criticalPercent } = thresholds.disk;
  if (!(healthyBelowPercent <= warningPercent && warningPercent <= criticalPercent)) {
    throw new Error(
      'gsvOps.thresholds.disk must satisfy healthyBelowPercent <= warningPercent <= criticalPercent',
    );
  }

  const pvc = parseWith(
    z
      .object({
        source: z.enum(['kubelet', 'none']).optional(),
        intervalSeconds: z.number().min(10).max(3600).optional(),
      })
      .strict(),
    config.getOptional('gsvOps.pvcUsage') ?? {},
    'gsvOps.pvcUsage',
  );

  return {
    clusters,
    thresholds,
    pvcUsage: { source: pvc.source ?? 'kubelet', intervalSeconds: pvc.intervalSeconds ?? 60 },
  };
}

/**
 * GSV Ops' own identity on a `config`-located cluster when the official plugin is not there to authenticate:
 * `gsvOps.clusters.<name>.serviceAccountToken` (or `…TokenFile`), else the cluster's own service-account token (or,
 * in a pod, the mounted one).
 */
function gsvOpsIdentity(
  name: string,
  own: ClusterSettings,
  cluster: Config,
  env: NodeJS.ProcessEnv,
  logger?: LoggerService,
): { token?: string; tokenFile?: string; inCluster: boolean } {
  warnAboutSettings(name, own, logger);
  if (own.identity.token || own.identity.tokenFile) {
    return { token: own.identity.token, tokenFile: own.identity.tokenFile, inCluster: false };
  }
  const token = cluster.getOptionalString('serviceAccountToken');
  const inCluster = !token && Boolean(env.KUBERNETES_SERVICE_HOST);
  if (!token && !inCluster) {
    logger?.warn('Cluster has no serviceAccountToken and the backend does not run in a cluster; requests will be anonymous', {
      cluster: name,
    });
  }
  return { token, tokenFile: inCluster ? IN_CLUSTER_TOKEN_FILE : undefined, inCluster };
}
