import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  DatabaseBloatReport,
  DatabaseMaintenanceResult,
  EntityBloatReports,
} from '@gsv/plugin-gsv-ops-common';
import type {
  OperationStore,
  StoredOperation,
} from '../operations/store/types';
import type { OpsService } from '../services/OpsService/types';

/**
 * The latest bloat report of each database of an entity, read from the audit log: the result of the last successful
 * database-maintenance run on it (bloat-report, or vacuum-analyze, which reports again after the VACUUM). Nothing is
 * stored besides the operation itself.
 */
export class BloatReportService {
  constructor(
    private readonly options: {
      /** The permission-checking OpsService: reading the entity's databases needs gsv-ops.entity.read. */
      opsService: OpsService;
      store: OperationStore;
      now?: () => Date;
    },
  ) {}

  async forEntity(request: {
    entity: Entity;
    entityRef: string;
    credentials: BackstageCredentials;
    cluster?: string;
  }): Promise<EntityBloatReports> {
    const { opsService, store, now = () => new Date() } = this.options;
    const result = await opsService.getEntityView(request);
    const databases = (result.notModified ? [] : result.value.clusters).flatMap(
      view =>
        view.databases.map(database => ({
          cluster: view.cluster.name,
          namespace: database.namespace,
          name: database.name,
        })),
    );
    const reports = await Promise.all(
      databases.map(async database => {
        const target = {
          kind: 'Cluster',
          namespace: database.namespace,
          name: database.name,
        };
        const op = await store.lastSucceededOn(
          'database-maintenance',
          database.cluster,
          target,
        );
        return op && reportOf(op);
      }),
    );
    return {
      entityRef: request.entityRef,
      generatedAt: now().toISOString(),
      reports: reports.filter((r): r is DatabaseBloatReport => r !== undefined),
    };
  }
}

function reportOf(op: StoredOperation): DatabaseBloatReport | undefined {
  const result = op.result as Partial<DatabaseMaintenanceResult> | undefined;
  if (!result?.operation || !Array.isArray(result.tables) || !op.finishedAt)
    return undefined;
  return {
    cluster: op.cluster,
    namespace: op.target.namespace ?? '',
    database: op.target.name,
    operationId: op.id,
    operation: result.operation,
    ...(result.vacuumed ? { vacuumed: result.vacuumed } : {}),
    finishedAt: op.finishedAt,
    initiatedBy: op.initiatedBy,
    tables: result.tables,
  };
}
