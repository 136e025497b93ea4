import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import type { GsvOpsApi, OperationStatus } from '@gsv/plugin-gsv-ops-common';

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

/** The outputs every runbook action sets. @public */
export interface RunbookActionOutput extends JsonObject {
  operationId: string;
  status: OperationStatus;
  summary: string;
  opsTabUrl: string;
  /** The same Ops tab as a path in the app, for links in the app (template output links). */
  opsTabPath: string;
  dryRun: boolean;
  result?: JsonObject;
}

/** The parts of the action context the engine call uses. */
export type RunbookActionContext = Pick<
  ActionContext<JsonObject, RunbookActionOutput>,
  | 'logger'
  | 'checkpoint'
  | 'output'
  | 'getInitiatorCredentials'
  | 'task'
  | 'isDryRun'
  | 'signal'
  | 'user'
>;
