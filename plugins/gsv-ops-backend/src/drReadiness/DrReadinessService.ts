import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { DatabaseView, DrReadinessLine, DrReadinessView, DrRehearsal, Environment } from '@gsv/plugin-gsv-ops-common';
import { DateTime } from 'luxon';
import { assessDrReadiness, compareDrReadiness, type ArchiverStats, type DrReadinessSettings } from '../domain/drReadiness';
import type { ClusterMonitoring } from '../metrics/MetricsService';
import type { OperationStore } from '../operations/store/types';
import type { ConditionalResult, OpsService } from '../services/OpsService/types';

/** Epoch seconds of pg_stat_archiver's last success and failure; replicas and never-archived servers report -1. */
const LAST_ARCHIVED = 'cnpg_pg_stat_archiver_last_archived_time > 0';
const LAST_FAILED = 'cnpg_pg_stat_archiver_last_failed_time > 0';

/** Archiver times per `<namespace>/<pod>`. */
type ArchiverSamples = Map<string, { archived?: number; failed?: number }>;

interface DatabaseInCluster {
  cluster: string;
  environment: Environment;
  entityRef?: string;
  database: DatabaseView;
}

export interface DrReadinessServiceOptions {
  /** The permission-checking OpsService: entity reads need gsv-ops.entity.read, the platform gsv-ops.platform.read. */
  opsService: OpsService;
  store: OperationStore;
  monitoring: Map<string, ClusterMonitoring>;
  settings: DrReadinessSettings;
  /** How long archiver metrics are shared by every viewer. */
  cacheTtlMs: number;
  now?: () => DateTime;
}

/**
 * DR readiness of databases: the Ops view's databases (from the watch cache), the WAL archiver metrics of
 * CloudNativePG's exporter from the cluster's Prometheus (when configured), and the last restore rehearsal from the
 * operations store.
 */
export class DrReadinessService {
  private readonly cache = new Map<string, { expires: number; value: Promise<ArchiverSamples> }>();
  private readonly now: () => DateTime;

  constructor(private readonly options: DrReadinessServiceOptions) {
    this.now = options.now ?? (() => DateTime.utc());
  }

  async forEntity(entityRef: string, credentials: BackstageCredentials, cluster?: string): Promise<DrReadinessView> {
    const view = valueOf(await this.options.opsService.getEntityView({ entityRef, credentials, cluster }));
    return this.assess(
      view.clusters.flatMap(c =>
        c.databases.map(database => ({ cluster: c.cluster.name, environment: c.cluster.environment, entityRef, database })),
      ),
    );
  }

  async forPlatform(credentials: BackstageCredentials): Promise<DrReadinessView> {
    const view = valueOf(await this.options.opsService.getPlatformHealth({ credentials }));
    return this.assess(
      view.databases.map(row => ({ cluster: row.cluster, environment: row.environment, entityRef: row.entityRef, database: row.item })),
    );
  }

  private async assess(databases: DatabaseInCluster[]): Promise<DrReadinessView> {
    const now = this.now();
    const clusters = [...new Set(databases.map(d => d.cluster))];
    const metricErrors: DrReadinessView['metricErrors'] = [];
    const samples = new Map<string, ArchiverSamples | undefined>();
    await Promise.all(
      clusters.map(async cluster => {
        try {
          samples.set(cluster, await this.archiverSamples(cluster));
        } catch (e) {
          metricErrors.push({ cluster, message: `The WAL archiver metrics could not be read, so the window ends at the archiving condition: ${(e as Error).message}` });
        }
      }),
    );
    const rehearsals = databases.length ? await this.lastRehearsals() : new Map<string, DrRehearsal>();
    const items: DrReadinessLine[] = databases.map(d =>
      assessDrReadiness({
        ...d,
        archiver: archiverOf(samples.get(d.cluster), d.database),
        lastRehearsal: rehearsals.get(targetKey(d.cluster, d.database.namespace, d.database.name)),
        now,
        settings: this.options.settings,
      }),
    );
    return { generatedAt: now.toISO()!, items: items.sort(compareDrReadiness), metricErrors };
  }

  /** The last successful restore of each database (the restore runbook targets its source cluster). */
  private async lastRehearsals(): Promise<Map<string, DrRehearsal>> {
    const runs = await this.options.store.lastSucceededPerTarget('database-restore');
    return new Map(
      runs
        .filter(op => op.finishedAt && op.target.kind === 'Cluster')
        .map(op => [
          targetKey(op.cluster, op.target.namespace ?? '', op.target.name),
          { operationId: op.id, finishedAt: op.finishedAt!, initiatedBy: op.initiatedBy },
        ]),
    );
  }

  /** Undefined when the cluster has no Prometheus configured; throws when it does not answer. */
  private archiverSamples(cluster: string): Promise<ArchiverSamples> | undefined {
    const prometheus = this.options.monitoring.get(cluster)?.prometheus;
    if (!prometheus) return undefined;
    const cached = this.cache.get(cluster);
    if (cached && cached.expires > Date.now()) return cached.value;
    const value = Promise.all([prometheus.query(LAST_ARCHIVED), prometheus.query(LAST_FAILED)]).then(([archived, failed]) => {
      const byPod: ArchiverSamples = new Map();
      const put = (field: 'archived' | 'failed', sample: { metric: Record<string, string>; value: number }) => {
        const key = `${sample.metric.namespace}/${sample.metric.pod}`;
        byPod.set(key, { ...byPod.get(key), [field]: sample.value });
      };
      archived.forEach(s => put('archived', s));
      failed.forEach(s => put('failed', s));
      return byPod;
    });
    this.cache.set(cluster, { expires: Date.now() + this.options.cacheTtlMs, value });
    value.catch(() => this.cache.delete(cluster));
    return value;
  }
}

/** The newest archiver times over the database's instances (only the primary archives). */
function archiverOf(samples: ArchiverSamples | undefined, database: DatabaseView): ArchiverStats | undefined {
  if (!samples) return undefined;
  let archived: number | undefined;
  let failed: number | undefined;
  for (const instance of database.instanceNames) {
    const s = samples.get(`${database.namespace}/${instance}`);
    if (s?.archived !== undefined) archived = Math.max(archived ?? 0, s.archived);
    if (s?.failed !== undefined) failed = Math.max(failed ?? 0, s.failed);
  }
  const time = (seconds?: number) => (seconds === undefined ? undefined : DateTime.fromSeconds(seconds, { zone: 'utc' }));
  return { lastArchivedTime: time(archived), lastFailedTime: time(failed) };
}

function targetKey(cluster: string, namespace: string, name: string) {
  return `${cluster}/${namespace}/${name}`;
}

function valueOf<T>(result: ConditionalResult<T>): T {
  if (result.notModified) throw new Error('an unconditional read answered not modified');
  return result.value;
}
