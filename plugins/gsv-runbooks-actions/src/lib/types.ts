import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { GsvOpsApi } from '@gsv/plugin-gsv-ops-common';

/**
 * The collaborators every runbook action needs. `module.ts` builds them once and passes the same object to each
 * action factory.
 *
 * @public
 */
export interface RunbookActionOptions {
  /** The gsv-ops backend's operations API (a `GsvOpsClient` built with the discovery service). */
  client: Pick<
    GsvOpsApi,
    'startOperation' | 'getOperation' | 'cancelOperation'
  >;
  /** Mints the tokens that call gsv-ops-backend on behalf of the task's initiator. */
  auth: AuthService;
  /** `app.baseUrl`, for the link to the entity's Ops tab. */
  appBaseUrl: string;
  /** How often to read the operation while it runs, in milliseconds (default 1000). */
  pollIntervalMs?: number;
  /** The backend's log: a failed action's stack trace goes there, never into the task log the user reads. */
  logger?: LoggerService;
}
