import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { GsvOpsApi } from '@gsv/plugin-gsv-ops-common';
import { EngineTokens } from './EngineTokens';
import { forTaskLog } from './taskErrors';
import type { RunbookActionContext } from './types';

/**
 * The collaborators of the read-only check actions: the gsv-ops backend's read routes, called with the initiator's
 * credentials (so `gsv-ops.entity.read` on the entity decides what the check may see).
 *
 * @public
 */
export interface CheckActionOptions {
  client: Pick<
    GsvOpsApi,
    'getEntityView' | 'getEntityMetrics' | 'getEntityDrReadiness'
  >;
  auth: AuthService;
  logger?: LoggerService;
}

/** A token for gsv-ops-backend on behalf of the task's initiator (never the scaffolder's own identity). */
export function initiatorToken(
  auth: AuthService,
  ctx: Pick<RunbookActionContext, 'getInitiatorCredentials'>,
): Promise<string> {
  return new EngineTokens(auth, ctx).token({ asInitiator: true });
}

/** The inputs every check action shares. */
export const checkInputs = {
  entityRef: (z: any) =>
    z
      .string()
      .min(3)
      .max(512)
      .describe(
        'The catalog entity, e.g. component:default/agent-registry or resource:default/cmp-postgres',
      ),
  cluster: (z: any) =>
    z
      .string()
      .min(1)
      .optional()
      .describe(
        'Only this cluster, by its configured name (default: every cluster the entity runs in)',
      ),
  failWhenUnhealthy: (z: any) =>
    z
      .boolean()
      .default(true)
      .describe(
        'Fail the step when the check does not pass (default); false only reports, for a later step to decide',
      ),
};

/** The entity ref in its canonical form (`kind:namespace/name`), or a clear InputError. */
export function canonicalEntityRef(
  actionId: string,
  entityRef: unknown,
): string {
  try {
    return stringifyEntityRef(parseEntityRef(String(entityRef ?? '')));
  } catch {
    throw new InputError(
      `Invalid input for ${actionId}: entityRef: "${entityRef}" is not an entity ref such as component:default/agent-registry`,
    );
  }
}

/**
 * Runs a check: logs its summary, fails the step when it did not pass (unless `failWhenUnhealthy` is false), and
 * makes any error fit for the task log.
 */
export async function runCheck(
  ctx: Pick<RunbookActionContext, 'logger' | 'task'> & {
    input: { failWhenUnhealthy?: boolean };
  },
  options: Pick<CheckActionOptions, 'logger'>,
  actionId: string,
  check: () => Promise<{ passed: boolean; summary: string }>,
): Promise<void> {
  try {
    const { passed, summary } = await check();
    ctx.logger.info(summary);
    if (!passed && ctx.input.failWhenUnhealthy !== false) {
      throw new Error(summary);
    }
  } catch (error) {
    throw forTaskLog(error, {
      logger: options.logger,
      what: `${actionId} in task ${ctx.task.id}`,
    });
  }
}
