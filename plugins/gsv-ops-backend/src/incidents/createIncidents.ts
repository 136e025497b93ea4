import type {
  AuditorService,
  DatabaseService,
  HttpAuthService,
  PermissionsService,
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

/** Incident mode: the service over the store and the engine's audit log, and its routes. */
export function createIncidents(options: {
  store: DatabaseIncidentStore;
  operations: Pick<OperationStore, 'list'>;
  catalog: EntityLookup;
  permissions: PermissionsService;
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  opsService: OpsService;
  entityMetrics: EntityMetricsReader;
  opsTabLink: (entityRef: string) => string;
}) {
  const incidents = new IncidentService({ ...options, listLimit: LIST_LIMIT });
  return {
    incidents,
    router: createIncidentsRouter({ incidents, httpAuth: options.httpAuth }),
  };
}
