import { z } from 'zod';
import type { RunbookId } from './runbooks';

/**
 * The parameters of each runbook: one schema, used by the operations engine to validate a request before anything
 * reaches a cluster, by the scaffolder actions for their input, and by the templates' forms.
 * Limits that depend on the platform (replica caps, deletion caps) are checked again by the engine's policy.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A Kubernetes resource quantity as `kubectl` accepts it, e.g. `500m`, `2`, `1Gi`, `512Mi`. */
const QUANTITY =
  /^([+]?[0-9.]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/** @public */
export const kubernetesNamespaceSchema = z
  .string()
  .max(63, 'A namespace has at most 63 characters')
  .regex(
    DNS1123_LABEL,
    'A namespace is lower-case letters, digits and "-", starting and ending with a letter or digit',
  )
  .describe('Kubernetes namespace');

/** @public */
export const kubernetesNameSchema = z
  .string()
  .max(253, 'A name has at most 253 characters')
  .regex(
    DNS1123_SUBDOMAIN,
    'A Kubernetes name is lower-case letters, digits, "-" and ".", starting and ending with a letter or digit',
  );

/** A DNS-1123 label, for objects whose name becomes a host or a label value (CNPG clusters, instances). */
const kubernetesLabelNameSchema = z
  .string()
  .max(
    50,
    'At most 50 characters (CloudNativePG derives service and pod names from it)',
  )
  .regex(
    DNS1123_LABEL,
    'Lower-case letters, digits and "-", starting and ending with a letter or digit',
  );

const quantitySchema = z
  .string()
  .regex(QUANTITY, 'A Kubernetes quantity, e.g. 500m, 2, 512Mi or 4Gi');

const timeoutSeconds = (defaultSeconds: number) =>
  z
    .number()
    .int()
    .min(30, 'Wait at least 30 seconds')
    .max(3600, 'Wait at most one hour')
    .default(defaultSeconds)
    .describe(
      `How long to wait for the result before giving up, in seconds (default ${defaultSeconds})`,
    );

const resourceListSchema = z
  .object({
    cpu: quantitySchema.optional().describe('CPU, e.g. 500m or 2'),
    memory: quantitySchema.optional().describe('Memory, e.g. 512Mi or 4Gi'),
  })
  .strict();

const replicaBound = (what: string) =>
  z
    .number()
    .int()
    .min(1, 'An autoscaler keeps at least 1 replica')
    .max(1000)
    .describe(what);

const autoscalerScaleSchema = z
  .object({
    namespace: kubernetesNamespaceSchema,
    autoscaler: kubernetesNameSchema.describe(
      'The HorizontalPodAutoscaler to change',
    ),
    minReplicas: replicaBound(
      'The new minimum number of replicas (omitted: unchanged)',
    ).optional(),
    maxReplicas: replicaBound(
      'The new maximum number of replicas (omitted: unchanged)',
    ).optional(),
    pauseAt: replicaBound(
      'Pause the autoscaler at this count (min = max = this); undo it later by setting the bounds again',
    ).optional(),
    timeoutSeconds: timeoutSeconds(300),
  })
  .strict()
  .refine(
    p =>
      p.pauseAt === undefined
        ? p.minReplicas !== undefined || p.maxReplicas !== undefined
        : p.minReplicas === undefined && p.maxReplicas === undefined,
    { message: 'Give minReplicas and/or maxReplicas, or pauseAt alone' },
  )
  .refine(
    p =>
      p.minReplicas === undefined ||
      p.maxReplicas === undefined ||
      p.minReplicas <= p.maxReplicas,
    {
      message: 'minReplicas must not exceed maxReplicas',
      path: ['minReplicas'],
    },
  );

const environmentNameSchema = z
  .string()
  .regex(DNS1123_LABEL, 'An environment name, e.g. dev, qa or prod')
  .max(63);

const imagePromoteSchema = z
  .object({
    namespace: kubernetesNamespaceSchema
      .default('argocd')
      .describe("Namespace of the target environment's Argo CD Application"),
    application: kubernetesNameSchema.describe(
      "The target environment's Argo CD Application (its source is the environment's overlay)",
    ),
    fromEnvironment: environmentNameSchema.describe(
      'The environment whose image is promoted',
    ),
    toEnvironment: environmentNameSchema.describe(
      'The next environment (gsvOps.promotion.environments), whose overlay changes',
    ),
    tag: z
      .string()
      .regex(
        /^[\w][\w.-]{0,127}$/,
        'An image tag: letters, digits, "_", "." and "-", at most 128',
      )
      .optional()
      .describe(
        'The tag to promote (omitted: the tag running in the source environment)',
      ),
    timeoutSeconds: timeoutSeconds(600),
  })
  .strict()
  .refine(p => p.fromEnvironment !== p.toEnvironment, {
    message: 'Promote from one environment to another',
    path: ['toEnvironment'],
  });

const positiveCount = (what: string, description: string) =>
  z
    .number()
    .int()
    .min(1, `${what} is a positive whole number`)
    .optional()
    .describe(description);

const poolerConfigureSchema = z
  .object({
    namespace: kubernetesNamespaceSchema,
    pooler: kubernetesLabelNameSchema.describe(
      'The CloudNativePG Pooler to change',
    ),
    instances: positiveCount(
      'instances',
      'PgBouncer pods (omitted: unchanged)',
    ),
    poolMode: z
      .enum(['session', 'transaction'], {
        errorMap: () => ({
          message:
            'pool_mode must be session or transaction: CloudNativePG does not offer statement mode (it forbids multi-statement transactions, which the applications use)',
        }),
      })
      .optional()
      .describe('PgBouncer pool_mode (omitted: unchanged)'),
    defaultPoolSize: positiveCount(
      'default_pool_size',
      'default_pool_size: server connections per user/database pair, per PgBouncer instance (omitted: unchanged)',
    ),
    maxClientConn: positiveCount(
      'max_client_conn',
      'max_client_conn: client connections each PgBouncer instance accepts (omitted: unchanged)',
    ),
    timeoutSeconds: timeoutSeconds(300),
  })
  .strict()
  .refine(
    p =>
      p.instances !== undefined ||
      p.poolMode !== undefined ||
      p.defaultPoolSize !== undefined ||
      p.maxClientConn !== undefined,
    {
      message:
        'Give at least one of instances, poolMode, defaultPoolSize, maxClientConn',
    },
  );

/** maxSurge / maxUnavailable as the Deployment API takes them: a count or a percentage of the replicas. */
const intOrPercentSchema = z
  .preprocess(
    v => (typeof v === 'number' ? String(v) : v),
    z
      .string()
      .regex(
        /^(\d{1,4}|\d{1,3}%)$/,
        'A count such as 1, or a percentage such as 25%',
      ),
  )
  .transform(v => (/^\d+$/.test(v) ? Number(v) : v));

const isZero = (v: number | string | undefined) => v === 0 || v === '0%';

const rolloutStrategySchema = z
  .object({
    namespace: kubernetesNamespaceSchema,
    deployment: kubernetesNameSchema.describe('The deployment to change'),
    preset: z
      .enum(['zero-downtime'])
      .optional()
      .describe(
        'zero-downtime: maxSurge 1, maxUnavailable 0 (ops guide 7.3); leave maxSurge and maxUnavailable empty with it',
      ),
    maxSurge: intOrPercentSchema
      .optional()
      .describe(
        'Pods above the desired count during a rollout (omitted: unchanged)',
      ),
    maxUnavailable: intOrPercentSchema
      .optional()
      .describe(
        'Pods below the desired count during a rollout (omitted: unchanged)',
      ),
    switchFromRecreate: z
      .boolean()
      .default(false)
      .describe(
        'Switch a Recreate deployment to RollingUpdate (otherwise such a deployment is refused)',
      ),
    timeoutSeconds: timeoutSeconds(120),
  })
  .strict()
  .refine(
    p =>
      p.preset === undefined
        ? p.maxSurge !== undefined || p.maxUnavailable !== undefined
        : p.maxSurge === undefined && p.maxUnavailable === undefined,
    { message: 'Give maxSurge and/or maxUnavailable, or the preset alone' },
  )
  .refine(p => !(isZero(p.maxSurge) && isZero(p.maxUnavailable)), {
    message:
      'maxSurge and maxUnavailable cannot both be 0: the rollout could neither add a new pod nor remove an old one',
    path: ['maxUnavailable'],
  });

/** @public */
export const runbookParameterSchemas = {
  'deployment-restart': z
    .object({
      namespace: kubernetesNamespaceSchema,
      deployment: kubernetesNameSchema.describe('The deployment to restart'),
      timeoutSeconds: timeoutSeconds(300),
    })
    .strict(),
  'deployment-scale': z
    .object({
      namespace: kubernetesNamespaceSchema,
      deployment: kubernetesNameSchema.describe('The deployment to scale'),
      replicas: z
        .number()
        .int()
        .min(0)
        .max(100)
        .describe('The new number of replicas'),
      timeoutSeconds: timeoutSeconds(300),
    })
    .strict(),
  'deployment-rollback': z
    .object({
      namespace: kubernetesNamespaceSchema,
      deployment: kubernetesNameSchema.describe('The deployment to roll back'),
      toRevision: z
        .number()
        .int()
        .min(1)
        .optional()
        .describe(
          'The revision to roll back to (default: the previous one, as `kubectl rollout undo`)',
        ),
      timeoutSeconds: timeoutSeconds(300),
    })
    .strict(),
  'deployment-set-resources': z
    .object({
      namespace: kubernetesNamespaceSchema,
      deployment: kubernetesNameSchema.describe('The deployment to change'),
      container: kubernetesLabelNameSchema.describe(
        'The container whose resources change',
      ),
      requests: resourceListSchema
        .optional()
        .describe('New requests; omitted values stay as they are'),
      limits: resourceListSchema
        .optional()
        .describe('New limits; omitted values stay as they are'),
      timeoutSeconds: timeoutSeconds(300),
    })
    .strict()
    .refine(
      p =>
        p.requests?.cpu ||
        p.requests?.memory ||
        p.limits?.cpu ||
        p.limits?.memory,
      {
        message: 'Give at least one request or limit to change',
      },
    ),
  'database-backup': z
    .object({
      namespace: kubernetesNamespaceSchema,
      cluster: kubernetesLabelNameSchema.describe(
        'The CloudNativePG cluster to back up',
      ),
      method: z
        .enum(['plugin', 'barmanObjectStore', 'volumeSnapshot'])
        .optional()
        .describe(
          'Backup method (default: the method of the cluster’s scheduled backup, else plugin)',
        ),
      target: z
        .enum(['primary', 'prefer-standby'])
        .optional()
        .describe(
          'Which instance takes the backup (default: the cluster’s setting)',
        ),
      timeoutSeconds: timeoutSeconds(1800),
    })
    .strict(),
  'database-switchover': z
    .object({
      namespace: kubernetesNamespaceSchema,
      cluster: kubernetesLabelNameSchema.describe('The CloudNativePG cluster'),
      targetInstance: kubernetesLabelNameSchema
        .optional()
        .describe('The replica to promote (default: a healthy, ready replica)'),
      timeoutSeconds: timeoutSeconds(600),
    })
    .strict(),
  'certificate-renew': z
    .object({
      namespace: kubernetesNamespaceSchema,
      certificate: kubernetesNameSchema.describe(
        'The cert-manager Certificate to renew',
      ),
      timeoutSeconds: timeoutSeconds(600),
    })
    .strict(),
  'secret-rotate': z
    .object({
      namespace: kubernetesNamespaceSchema,
      externalSecret: kubernetesNameSchema.describe(
        'The ExternalSecret to refresh',
      ),
      restartConsumers: z
        .boolean()
        .default(false)
        .describe(
          'Restart the deployments that use the secret once it has synced',
        ),
      timeoutSeconds: timeoutSeconds(600),
    })
    .strict(),
  'application-sync': z
    .object({
      namespace: kubernetesNamespaceSchema
        .default('argocd')
        .describe('Namespace of the Argo CD Application'),
      application: kubernetesNameSchema.describe(
        'The Argo CD Application to sync',
      ),
      prune: z
        .boolean()
        .default(false)
        .describe('Delete resources that are no longer in Git'),
      revision: z
        .string()
        .max(255)
        .regex(/^[\w./-]+$/, 'A branch, tag or commit')
        .optional()
        .describe(
          'The revision to sync to (default: the application’s target revision)',
        ),
      timeoutSeconds: timeoutSeconds(600),
    })
    .strict(),
  'database-restore': z
    .object({
      namespace: kubernetesNamespaceSchema,
      sourceCluster: kubernetesLabelNameSchema.describe(
        'The CloudNativePG cluster whose backups to restore',
      ),
      newClusterName: kubernetesLabelNameSchema.describe(
        'The name of the NEW cluster to create (never overwritten)',
      ),
      targetTime: z
        .string()
        .datetime({
          offset: true,
          message: 'An ISO 8601 time with a zone, e.g. 2026-11-24T10:00:00Z',
        })
        .describe(
          'Recover to this point in time; it must lie inside the recoverability window',
        ),
      instances: z
        .number()
        .int()
        .min(1)
        .max(9)
        .default(1)
        .describe('Instances of the new cluster'),
      timeoutSeconds: timeoutSeconds(1800),
    })
    .strict(),
  'database-scale': z
    .object({
      namespace: kubernetesNamespaceSchema,
      cluster: kubernetesLabelNameSchema.describe('The CloudNativePG cluster'),
      instances: z
        .number()
        .int()
        .min(1)
        .max(9)
        .describe('The new number of PostgreSQL instances'),
      timeoutSeconds: timeoutSeconds(1200),
    })
    .strict(),
  'workload-cleanup': z
    .object({
      namespace: kubernetesNamespaceSchema,
      completedJobsOlderThanHours: z
        .number()
        .int()
        .min(1)
        .max(24 * 90)
        .default(24)
        .describe('Delete Jobs that completed more than this many hours ago'),
      keepReplicaSets: z
        .number()
        .int()
        .min(1)
        .max(50)
        .default(3)
        .describe(
          'Keep this many of the newest zero-replica ReplicaSets per deployment (for rollbacks)',
        ),
      maxDeletions: z
        .number()
        .int()
        .min(1)
        .max(200)
        .default(50)
        .describe('Delete at most this many objects'),
      timeoutSeconds: timeoutSeconds(300),
    })
    .strict(),
  'autoscaler-scale': autoscalerScaleSchema,
  'database-migrate': z
    .object({
      namespace: kubernetesNamespaceSchema,
      deployment: kubernetesNameSchema.describe(
        'The deployment whose image and configuration run the migrations',
      ),
      mode: z
        .enum(['plan', 'apply'])
        .default('plan')
        .describe(
          'plan lists the migrations not applied yet; apply applies them',
        ),
      container: kubernetesNameSchema
        .optional()
        .describe(
          "The deployment's container to take the image from (default: the first)",
        ),
      timeoutSeconds: timeoutSeconds(600),
    })
    .strict(),
  'image-promote': imagePromoteSchema,
  'database-maintenance': z
    .object({
      namespace: kubernetesNamespaceSchema,
      cluster: kubernetesLabelNameSchema.describe('The CloudNativePG cluster'),
      operation: z
        .enum(['bloat-report', 'vacuum-analyze'])
        .default('bloat-report')
        .describe(
          'bloat-report reads dead tuples per table (changes nothing); vacuum-analyze runs VACUUM (ANALYZE)',
        ),
      table: z
        .string()
        .max(127)
        .regex(
          /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/,
          'A table name, optionally with its schema (public.agents_agent): lower-case letters, digits and _',
        )
        .optional()
        .describe(
          'vacuum-analyze: only this table (default: the whole database)',
        ),
      timeoutSeconds: timeoutSeconds(1800),
    })
    .strict()
    .refine(p => !p.table || p.operation === 'vacuum-analyze', {
      message: 'table applies to vacuum-analyze only',
      path: ['table'],
    }),
  'service-diagnostics': z
    .object({
      namespace: kubernetesNamespaceSchema,
      deployment: kubernetesNameSchema.describe(
        'The deployment whose pod template (image, env, service account) runs the checks',
      ),
      container: kubernetesNameSchema
        .optional()
        .describe(
          "The deployment's container to take the image and env from (default: the first)",
        ),
      timeoutSeconds: timeoutSeconds(120),
    })
    .strict(),
  'pooler-configure': poolerConfigureSchema,
  'deployment-rollout-strategy': rolloutStrategySchema,
} satisfies Record<RunbookId, z.ZodTypeAny>;

/** The validated parameters of a runbook. @public */
export type RunbookParameters<T extends RunbookId> = z.output<
  (typeof runbookParameterSchemas)[T]
>;

/** @public */
export const incidentOverrideSchema = z
  .object({
    id: z
      .string()
      .min(3)
      .max(64)
      .regex(/^[A-Za-z0-9][\w.-]*$/, 'An incident id such as INC-1234')
      .describe(
        'The incident that justifies working outside the maintenance window',
      ),
    severity: z
      .enum(['P1', 'P2'])
      .describe('Only P1 and P2 incidents may override a maintenance window'),
  })
  .strict();
