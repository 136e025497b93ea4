import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type {
  EntityMetricsView,
  EntityOpsView,
  PlatformHealthView,
} from '@gsv/plugin-gsv-ops-common';
import type { OperationsEngine } from '../operations/OperationsEngine';
import type { OpsService } from '../services/OpsService/types';
import {
  backupsOf,
  certificatesOf,
  operationOf,
  platformSummary,
  summaryOf,
} from './summaries';

export interface ReadActionDeps {
  opsService: OpsService;
  engine: OperationsEngine;
  catalog: {
    getEntityByRef(
      ref: string,
      options: { credentials: BackstageCredentials },
    ): Promise<Entity | undefined>;
  };
  entityMetrics: (
    entity: Entity,
    credentials: BackstageCredentials,
    cluster: string | undefined,
  ) => Promise<EntityMetricsView | undefined>;
}

export const READ_ONLY = {
  readOnly: true,
  destructive: false,
  idempotent: true,
};

/** The input of a read about one entity: its ref and, optionally, one cluster. */
export const entityInput = (z: any) =>
  z.object({
    entityRef: z
      .string()
      .describe('A catalog entity ref, e.g. component:default/agent-registry'),
    cluster: z
      .string()
      .optional()
      .describe(
        'Only this cluster (default: every cluster the entity runs in)',
      ),
  });

/**
 * What an agent may read of GSV Ops, with the caller's credentials (`gsv-ops.entity.read` on the entity,
 * `gsv-ops.platform.read` for the platform): a service's state, its certificates and backups, its alerts and the
 * runbooks they recommend, its recent operations, and the platform's morning health check.
 */
export function registerReadActions(
  registry: ActionsRegistryService,
  deps: ReadActionDeps,
) {
  const view = (
    entityRef: string,
    credentials: BackstageCredentials,
    cluster?: string,
  ) => readEntityView(deps.opsService, entityRef, credentials, cluster);
  registry.register({
    name: 'get-ops-summary',
    title: 'Ops summary of a service',
    description:
      'How a service is doing, per cluster: its overall level (ok, warning, critical, unknown) and the findings behind it (worst first, each with a reason a person understands), its deployments with ready/desired replicas and rollout state, and counts of its certificates, databases, GitOps applications and volumes. Start here: it names the clusters and the targets the runbook actions take.',
    attributes: READ_ONLY,
    schema: { input: entityInput, output: z => z.object({ summary: z.any() }) },
    action: async ({ input, credentials }) => ({
      output: {
        summary: summaryOf(
          await view(input.entityRef, credentials, input.cluster),
        ),
      },
    }),
  });

  registry.register({
    name: 'list-certificates',
    title: 'Certificates of a service',
    description:
      "A service's TLS certificates (cert-manager): ready or not and why, expiry date and days left, issuer, and a failing renewal with cert-manager's next retry. A certificate expiring in under 7 days, or one whose renewal fails, needs the certificate-renew action or a fix of its issuer.",
    attributes: READ_ONLY,
    schema: {
      input: entityInput,
      output: z => z.object({ certificates: z.array(z.any()) }),
    },
    action: async ({ input, credentials }) => ({
      output: {
        certificates: certificatesOf(
          await view(input.entityRef, credentials, input.cluster),
        ),
      },
    }),
  });

  registry.register({
    name: 'list-backups',
    title: 'Database backups of a service',
    description:
      "The service's PostgreSQL clusters (CloudNativePG): health, primary, the last successful backup and its age, the point-in-time recovery window, scheduled backups and the most recent backups with their phase and error. A failed or late backup needs the database-backup action.",
    attributes: READ_ONLY,
    schema: {
      input: entityInput,
      output: z => z.object({ databases: z.array(z.any()) }),
    },
    action: async ({ input, credentials }) => ({
      output: {
        databases: backupsOf(
          await view(input.entityRef, credentials, input.cluster),
        ),
      },
    }),
  });

  registry.register({
    name: 'get-alerts-and-recommendations',
    title: 'Alerts, key metrics and recommended runbooks of a service',
    description:
      "The service's key metrics from Prometheus against the ops guide's thresholds (latency, error rate, CPU, memory, disk, database connections, queue depth), its firing alerts from Alertmanager, and the runbooks GSV Ops recommends with prefilled parameters (run them with the runbook actions, dry run first).",
    attributes: READ_ONLY,
    schema: { input: entityInput, output: z => z.object({ metrics: z.any() }) },
    action: async ({ input, credentials }) => {
      const entityRef = canonical(input.entityRef);
      const entity = await deps.catalog.getEntityByRef(entityRef, {
        credentials,
      });
      if (!entity) throw new NotFoundError(`No entity ${entityRef}`);
      const metrics = await deps.entityMetrics(
        entity,
        credentials,
        input.cluster,
      );
      if (!metrics)
        throw new NotFoundError(
          `${entityRef} has no objects in ${input.cluster ?? 'any cluster'}`,
        );
      const {
        metrics: tiles,
        alerts,
        recommendations,
        errors,
        cluster,
        configured,
      } = metrics;
      return {
        output: {
          metrics: {
            cluster,
            configured,
            errors,
            alerts,
            recommendations,
            keyMetrics: tiles.map(({ series: _s, query: _q, ...tile }) => tile),
          },
        },
      };
    },
  });

  registry.register({
    name: 'list-recent-operations',
    title: 'Recent operations on a service',
    description:
      'What was done to a service through GSV Ops (restarts, scales, backups, …): who, when, dry run or real, how it ended and why. Use it to see whether someone is already operating on it, or what changed before an incident.',
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          entityRef: z.string(),
          limit: z.number().int().min(1).max(50).optional(),
        }),
      output: z => z.object({ operations: z.array(z.any()) }),
    },
    action: async ({ input, credentials }) => {
      const { items } = await deps.engine.list(
        { entityRef: canonical(input.entityRef), limit: input.limit ?? 10 },
        credentials,
      );
      return { output: { operations: items.map(operationOf) } };
    },
  });

  registry.register({
    name: 'get-operation',
    title: 'One operation and its steps',
    description:
      'An operation started through GSV Ops, by id: its status, its steps with their messages and diffs, and its summary (on failure: what to do next).',
    attributes: READ_ONLY,
    schema: {
      input: z => z.object({ operationId: z.string().uuid() }),
      output: z => z.object({ operation: z.any() }),
    },
    action: async ({ input, credentials }) => {
      const record = await deps.engine.get(input.operationId, credentials);
      return {
        output: { operation: { ...operationOf(record), steps: record.steps } },
      };
    },
  });

  registry.register({
    name: 'get-platform-health',
    title: 'Platform health check',
    description:
      "The ops guide's morning health check over every cluster: nodes not ready, failing pods, certificates expiring soon or failing, full volumes, unhealthy databases and late backups, out-of-sync GitOps applications and warning events — each with the entity it belongs to when there is one.",
    attributes: READ_ONLY,
    schema: {
      input: z => z.object({ cluster: z.string().optional() }),
      output: z => z.object({ health: z.any() }),
    },
    action: async ({ input, credentials }) => {
      const result = await deps.opsService.getPlatformHealth({
        credentials,
        cluster: input.cluster,
      });
      if (result.notModified)
        throw new Error(
          'unexpected: a view read without an etag answered "not modified"',
        );
      return {
        output: { health: platformSummary(result.value as PlatformHealthView) },
      };
    },
  });
}

/** The entity's Ops view, read with the caller's credentials (`gsv-ops.entity.read`). */
export async function readEntityView(
  opsService: OpsService,
  entityRef: string,
  credentials: BackstageCredentials,
  cluster?: string,
): Promise<EntityOpsView> {
  const result = await opsService.getEntityView({
    entityRef: canonical(entityRef),
    credentials,
    cluster,
  });
  if (result.notModified)
    throw new Error(
      'unexpected: a view read without an etag answered "not modified"',
    );
  return result.value;
}

export function canonical(entityRef: string): string {
  return stringifyEntityRef(parseEntityRef(entityRef));
}
