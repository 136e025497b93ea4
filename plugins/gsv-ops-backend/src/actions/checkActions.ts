import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  checkDatabaseRestorable,
  checkServiceHealth,
  restoreMinutesAgoInput,
  restoreTargetTime,
  selectDrLine,
  type ClusterAlerts,
  type DrReadinessView,
  type EntityOpsView,
} from '@gsv/plugin-gsv-ops-common';
import {
  canonical,
  entityInput,
  READ_ONLY,
  readEntityView,
  type ReadActionDeps,
} from './readActions';

export interface CheckActionDeps extends ReadActionDeps {
  drReadiness: {
    forEntity(
      entityRef: string,
      credentials: BackstageCredentials,
      cluster?: string,
    ): Promise<DrReadinessView>;
  };
}

function entityRefOf(input: { entityRef: string }): string {
  try {
    return canonical(input.entityRef);
  } catch {
    throw new InputError(
      `entityRef "${input.entityRef}" is not an entity ref such as component:default/agent-registry`,
    );
  }
}

/** The firing alerts of the service in each cluster of its view; a cluster whose alerts cannot be read says why. */
async function alertsOf(
  deps: CheckActionDeps,
  view: EntityOpsView,
  credentials: BackstageCredentials,
): Promise<ClusterAlerts[]> {
  const entity = await deps.catalog.getEntityByRef(view.entityRef, {
    credentials,
  });
  if (!entity) throw new NotFoundError(`No entity ${view.entityRef}`);
  return Promise.all(
    view.clusters.map(async ({ cluster }) => {
      try {
        const metrics = await deps.entityMetrics(
          entity,
          credentials,
          cluster.name,
        );
        const failed = metrics?.errors.find(e => e.source === 'alertmanager');
        return {
          cluster: cluster.name,
          alerts: metrics?.alerts ?? [],
          ...(failed ? { error: failed.message } : {}),
        };
      } catch (error) {
        return {
          cluster: cluster.name,
          alerts: [],
          error: (error as Error).message,
        };
      }
    }),
  );
}

/**
 * The read-only checks of chained runbooks (the scaffolder's `gsv:service:check-health` and
 * `gsv:database:check-restorable`), for agents: the same judgements (gsv-ops-common's checks.ts) over the same reads,
 * with the caller's credentials (`gsv-ops.entity.read` on the entity).
 */
export function registerCheckActions(
  registry: ActionsRegistryService,
  deps: CheckActionDeps,
) {
  registry.register({
    name: 'check-service-health',
    title: 'Check that a service is healthy',
    description:
      'Judges a service (ops guide 5.3, "verify recovery"), e.g. after a restore or a rollback: healthy when every workload has its pods ready and no rollout is stalled, every certificate is valid, no critical alert fires and every cluster could be read. Returns healthy, the findings (critical first, each with a reason) and a one-sentence summary.',
    attributes: READ_ONLY,
    schema: {
      input: entityInput,
      output: z => z.object({ check: z.any() }),
    },
    action: async ({ input, credentials }) => {
      const view = await readEntityView(
        deps.opsService,
        entityRefOf(input),
        credentials,
        input.cluster,
      );
      const alerts = await alertsOf(deps, view, credentials);
      return { output: { check: checkServiceHealth(view, alerts) } };
    },
  });

  registry.register({
    name: 'check-database-restorable',
    title: 'Check that a database can be restored to a point in time',
    description:
      'Whether a CloudNativePG database of the entity can be restored to a point in time (ops guide 5.2/5.3): only when its recoverability window covers that time. Give targetTime (ISO 8601 with a zone) or minutesAgo (default 5). Name cluster, namespace and database when the entity has several databases. Returns restorable, the window, the blockers (why not, and what to fix) and a summary. Check before the database-restore action.',
    attributes: READ_ONLY,
    schema: {
      input: z =>
        entityInput(z).extend({
          namespace: z.string().optional().describe('The database’s namespace'),
          database: z
            .string()
            .optional()
            .describe('The CloudNativePG cluster’s name'),
          targetTime: z
            .string()
            .optional()
            .describe('The point in time, ISO 8601 with a zone'),
          minutesAgo: restoreMinutesAgoInput(z),
        }),
      output: z => z.object({ check: z.any() }),
    },
    action: async ({ input, credentials }) => {
      const entityRef = entityRefOf(input);
      const targetTime = restoreTargetTime(input, Date.now());
      const view = await deps.drReadiness.forEntity(
        entityRef,
        credentials,
        input.cluster,
      );
      const line = selectDrLine(view, {
        cluster: input.cluster,
        namespace: input.namespace,
        name: input.database,
      });
      if ('problem' in line)
        throw new NotFoundError(`${entityRef}: ${line.problem}`);
      return { output: { check: checkDatabaseRestorable(line, targetTime) } };
    },
  });
}
