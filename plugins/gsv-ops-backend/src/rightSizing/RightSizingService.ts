import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type {
  ClusterOpsView,
  EntityRightSizingView,
  MetricsSourceError,
} from '@gsv/plugin-gsv-ops-common';
import { pickClusterView } from '../metrics/entityMetrics';
import type { MetricsService } from '../metrics/MetricsService';
import type { OpsService } from '../services/OpsService/types';
import type { ClusterCache } from '../services/WatchCache/ClusterCache';
import type { WatchedKind } from '../services/WatchCache/kinds';
import type { WatchCache } from '../services/WatchCache/WatchCache';
import { containerRows, type WorkloadTemplate } from './containerRows';
import { namespaceUsage, type PodContainerUsage } from './containerUsage';
import { completedJobs, unusedPvcs } from './leftovers';
import {
  reportedSettings,
  type RightSizingConfig,
} from './readRightSizingConfig';

const TEMPLATE_KINDS: Record<WorkloadTemplate['kind'], WatchedKind> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
};

/**
 * Right-sizing of a service: its containers' requests against their p95 usage in Prometheus, and the leftovers of
 * its namespaces (unmounted volumes, finished Jobs) from the watch cache. Reads the entity's Ops view through the
 * authorized service, so it needs what reading the Ops tab needs.
 */
export class RightSizingService {
  constructor(
    private readonly deps: {
      opsService: OpsService;
      watchCache: WatchCache;
      metrics: MetricsService;
      settings: RightSizingConfig;
      now?: () => Date;
    },
  ) {}

  get settings(): RightSizingConfig {
    return this.deps.settings;
  }

  /** The entity's views per cluster (or in one), read with the entity read permission checked. */
  async clusterViews(
    entity: Entity,
    credentials: BackstageCredentials,
    cluster?: string,
  ): Promise<ClusterOpsView[]> {
    const result = await this.deps.opsService.getEntityView({
      entityRef: stringifyEntityRef(entity),
      credentials,
      cluster,
      entity,
    });
    return result.notModified ? [] : result.value.clusters;
  }

  /** In one cluster (default: the first where it runs deployments); undefined when it has no objects. */
  async forEntity(
    entity: Entity,
    credentials: BackstageCredentials,
    cluster: string | undefined,
  ): Promise<EntityRightSizingView | undefined> {
    const view = pickClusterView(
      await this.clusterViews(entity, credentials, cluster),
      cluster,
    );
    return view && this.forView(stringifyEntityRef(entity), view);
  }

  async forView(
    entityRef: string,
    view: ClusterOpsView,
  ): Promise<EntityRightSizingView> {
    const cluster = view.cluster.name;
    const cache = this.deps.watchCache.cluster(cluster);
    const workloads = cache ? workloadTemplates(cache, view) : [];
    const namespaces = [
      ...new Set([
        ...view.deployments.map(d => d.namespace),
        ...view.pvcs.map(p => p.namespace),
        ...view.jobs.map(j => j.namespace),
      ]),
    ].sort();
    const errors: MetricsSourceError[] = [];
    const usageConfigured = this.deps.metrics.isConfigured(cluster);
    const usage = usageConfigured
      ? await this.usage(cluster, workloads, errors)
      : undefined;
    return {
      entityRef,
      cluster,
      environment: view.cluster.environment,
      generatedAt: (this.deps.now?.() ?? new Date()).toISOString(),
      settings: reportedSettings(this.deps.settings),
      usageConfigured,
      containers: workloads
        .flatMap(w =>
          containerRows(w, usage?.get(w.namespace), this.deps.settings),
        )
        .sort((a, b) => b.wasteScore - a.wasteScore),
      unusedPvcs: cache ? unusedPvcs(cache, namespaces) : [],
      completedJobs: cache ? completedJobs(cache, namespaces) : [],
      errors,
    };
  }

  /** Usage per namespace of the workloads; a namespace whose queries fail has none (and an error says why). */
  private async usage(
    cluster: string,
    workloads: WorkloadTemplate[],
    errors: MetricsSourceError[],
  ): Promise<Map<string, PodContainerUsage[]>> {
    const namespaces = [...new Set(workloads.map(w => w.namespace))];
    const result = new Map<string, PodContainerUsage[]>();
    await Promise.all(
      namespaces.map(async namespace => {
        try {
          result.set(
            namespace,
            await namespaceUsage(namespace, this.deps.settings, query =>
              this.deps.metrics.query(
                cluster,
                query,
                this.deps.settings.cacheTtlMs,
              ),
            ),
          );
        } catch (error) {
          errors.push({
            source: 'prometheus',
            message: `Usage in ${namespace}: ${(error as Error).message}`,
          });
        }
      }),
    );
    return result;
  }
}

/** The pod templates of the view's workloads, from the watch cache (the view has pods, not templates). */
function workloadTemplates(
  cache: ClusterCache,
  view: ClusterOpsView,
): WorkloadTemplate[] {
  const result: WorkloadTemplate[] = [];
  for (const workload of view.deployments) {
    const object = cache.get(
      TEMPLATE_KINDS[workload.kind],
      workload.namespace,
      workload.name,
    );
    const containers = object?.spec?.template?.spec?.containers;
    if (!Array.isArray(containers)) continue;
    result.push({
      kind: workload.kind,
      namespace: workload.namespace,
      name: workload.name,
      replicas: workload.desiredReplicas,
      containers,
    });
  }
  return result;
}
