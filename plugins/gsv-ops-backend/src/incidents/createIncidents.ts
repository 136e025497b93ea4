import type {
  AuditorService,
  AuthService,
  DatabaseService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { OperationStore } from '../operations/store/types';
import type { EntityLookup } from '../operations/types';
import type { OpsService } from '../services/OpsService/types';
import { createIncidentsRouter } from './createIncidentsRouter';
import { DatabaseIncidentStore } from './DatabaseIncidentStore';
import { incidentOverrideCheck } from './incidentOverride';
import { IncidentService } from './IncidentService';
import type { EntityMetricsReader } from './observeService';

const LIST_LIMIT = 200;
/** How often the open incidents' services are looked at when nobody reads them (alerts resolve unseen otherwise). */
const OBSERVE_SECONDS = 60;

/**
 * The incident store and the operations engine's check of incident overrides, before the engine exists (its tables
 * come with the engine's migrations, which run before any request).
 */
export async function createIncidentStore(options: {
  config: Config;
  database: DatabaseService;
}) {
  const store = new DatabaseIncidentStore(await options.database.getClient());
  const requireDeclared =
    options.config.getOptionalBoolean('gsvOps.incidents.requireDeclared') ??
    false;
  return {
    store,
    overrideCheck: incidentOverrideCheck(store, { requireDeclared }),
  };
}

/**
 * Incident mode: the service over the store and the engine's audit log, its routes, and the task that observes the
 * open incidents' services every minute (one replica at a time), with the plugin's own credentials.
 */
export async function createIncidents(options: {
  store: DatabaseIncidentStore;
  operations: Pick<OperationStore, 'list'>;
  catalog: EntityLookup;
  permissions: PermissionsService;
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  scheduler: SchedulerService;
  logger: LoggerService;
  opsService: OpsService;
  entityMetrics: EntityMetricsReader;
  opsTabLink: (entityRef: string) => string;
  /** Told after an incident of the entity changed. */
  onChanged?: (entityRef: string) => void;
}) {
  const incidents = new IncidentService({ ...options, listLimit: LIST_LIMIT });
  const logger = options.logger.child({ component: 'incidents' });
  await options.scheduler.scheduleTask({
    id: 'gsv-ops.incident-observer',
    scope: 'global',
    frequency: { seconds: OBSERVE_SECONDS },
    timeout: { seconds: OBSERVE_SECONDS },
    initialDelay: { seconds: 15 },
    fn: async () =>
      incidents.observer.observeOpen(
        await options.auth.getOwnServiceCredentials(),
        logger,
      ),
  });
  return {
    incidents,
    router: createIncidentsRouter({ incidents, httpAuth: options.httpAuth }),
  };
}
