import type { Config } from '@backstage/config';
import type { MetricId, MetricThresholds } from '@gsv/plugin-gsv-ops-common';
import { z } from 'zod';
import { AlertmanagerClient } from './AlertmanagerClient';
import type { ClusterMonitoring } from './MetricsService';
import { PrometheusClient } from './PrometheusClient';
import {
  DEFAULT_TRIGGERS,
  type DecisionMatrixTriggers,
} from './recommendations';

export interface MetricsConfig {
  clusters: Map<string, ClusterMonitoring>;
  cacheTtlMs: number;
  thresholds: Partial<Record<MetricId, Partial<MetricThresholds>>>;
  triggers: DecisionMatrixTriggers;
}

const METRIC_IDS = [
  'p99Latency',
  'errorRate',
  'dbConnections',
  'memory',
  'cpu',
  'disk',
  'queueDepth',
] as const;

export const thresholdOverridesSchema = z
  .object(
    Object.fromEntries(
      METRIC_IDS.map(id => [
        id,
        z
          .object({
            healthy: z.number().nonnegative().optional(),
            warning: z.number().nonnegative().optional(),
            critical: z.number().nonnegative().optional(),
          })
          .strict()
          .optional(),
      ]),
    ) as Record<
      MetricId,
      z.ZodOptional<
        z.ZodObject<Record<keyof MetricThresholds, z.ZodOptional<z.ZodNumber>>>
      >
    >,
  )
  .strict();

const endpointSchema = z
  .object({
    // Optional so that `baseUrl: ${PROMETHEUS_URL}` with the variable unset means "no Prometheus", not an error.
    baseUrl: z
      .union([z.literal('').transform(() => undefined), z.string().url()])
      .optional(),
    token: z.string().min(1).optional(),
    /** Prometheus' address for browsers, when `baseUrl` is an in-cluster one (links to rules). */
    publicUrl: z.string().url().optional(),
    timeoutSeconds: z.number().positive().max(120).optional(),
    serviceLabel: z
      .string()
      .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/)
      .optional(),
  })
  .strict();

const triggersSchema = z
  .object({
    p99LatencySeconds: z.number().positive().optional(),
    memoryRatio: z.number().positive().optional(),
    cpuThrottlingRatio: z.number().positive().optional(),
    queueDepth: z.number().positive().optional(),
    dbConnectionsRatio: z.number().positive().optional(),
  })
  .strict();

/** Reads `gsvOps.clusters.<name>.prometheus|alertmanager` and `gsvOps.metrics` into typed settings. */
export function readMetricsConfig(config: Config): MetricsConfig {
  const clusters = new Map<string, ClusterMonitoring>();
  const clustersConfig = config.getOptionalConfig('gsvOps.clusters');
  for (const name of clustersConfig?.keys() ?? []) {
    const cluster = clustersConfig!.getConfig(name);
    const path = `gsvOps.clusters.${name}`;
    const prometheusValue = cluster.getOptional('prometheus');
    const alertmanagerValue = cluster.getOptional('alertmanager');
    if (prometheusValue === undefined && alertmanagerValue === undefined)
      continue;
    const prometheus =
      prometheusValue === undefined
        ? undefined
        : parse(endpointSchema, prometheusValue, `${path}.prometheus`);
    const alertmanager =
      alertmanagerValue === undefined
        ? undefined
        : parse(endpointSchema, alertmanagerValue, `${path}.alertmanager`);
    clusters.set(name, {
      prometheus: !prometheus?.baseUrl
        ? undefined
        : new PrometheusClient({
            baseUrl: prometheus.baseUrl,
            token: prometheus.token,
            timeoutMs: (prometheus.timeoutSeconds ?? 5) * 1000,
          }),
      alertmanager: !alertmanager?.baseUrl
        ? undefined
        : new AlertmanagerClient({
            baseUrl: alertmanager.baseUrl,
            token: alertmanager.token,
            timeoutMs: (alertmanager.timeoutSeconds ?? 5) * 1000,
          }),
      serviceLabel: alertmanager?.serviceLabel ?? 'service',
      prometheusPublicUrl: prometheus?.publicUrl ?? prometheus?.baseUrl,
    });
  }
  const metrics = config.getOptionalConfig('gsvOps.metrics');
  return {
    clusters,
    cacheTtlMs: (metrics?.getOptionalNumber('cacheSeconds') ?? 15) * 1000,
    thresholds: parse(
      thresholdOverridesSchema,
      metrics?.getOptional('thresholds') ?? {},
      'gsvOps.metrics.thresholds',
    ),
    triggers: {
      ...DEFAULT_TRIGGERS,
      ...parse(
        triggersSchema,
        metrics?.getOptional('recommendations') ?? {},
        'gsvOps.metrics.recommendations',
      ),
    },
  };
}

function parse<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(
      `Invalid config at ${path}${
        issue.path.length ? `.${issue.path.join('.')}` : ''
      }: ${issue.message}`,
    );
  }
  return result.data;
}
