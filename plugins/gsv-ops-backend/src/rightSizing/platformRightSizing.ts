import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type {
  EntityRightSizingView,
  PlatformRightSizingView,
  ServiceRightSizing,
} from '@gsv/plugin-gsv-ops-common';
import { reportedSettings } from './readRightSizingConfig';
import type { RightSizingService } from './RightSizingService';

/** How many of the most over-provisioned containers the platform view lists. */
export const PLATFORM_TOP_CONTAINERS = 20;

/**
 * Right-sizing over every given service in every cluster it runs in: the most over-provisioned containers, each
 * service's requested vs used CPU and memory, and the leftovers of their namespaces (each namespace once), sorted
 * by waste. Services the caller may not read are left out.
 */
export async function platformRightSizing(
  service: RightSizingService,
  entities: Entity[],
  credentials: BackstageCredentials,
): Promise<PlatformRightSizingView> {
  const views: { entity: Entity; view: EntityRightSizingView }[] = [];
  await Promise.all(
    entities.map(async entity => {
      let clusterViews;
      try {
        clusterViews = await service.clusterViews(entity, credentials);
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'NotAllowedError' || name === 'NotFoundError') return;
        throw error;
      }
      for (const clusterView of clusterViews) {
        if (clusterView.deployments.length === 0) continue;
        const view = await service.forView(
          stringifyEntityRef(entity),
          clusterView,
        );
        views.push({ entity, view });
      }
    }),
  );
  views.sort(
    (a, b) =>
      a.view.entityRef.localeCompare(b.view.entityRef) ||
      a.view.cluster.localeCompare(b.view.cluster),
  );

  const result: PlatformRightSizingView = {
    generatedAt: new Date().toISOString(),
    settings: reportedSettings(service.settings),
    services: views.map(({ entity, view }) => serviceTotals(entity, view)),
    containers: views
      .flatMap(({ view }) =>
        view.containers.map(container => ({
          ...container,
          entityRef: view.entityRef,
          cluster: view.cluster,
          environment: view.environment,
        })),
      )
      .filter(c => c.verdict === 'over-provisioned')
      .sort((a, b) => b.wasteScore - a.wasteScore)
      .slice(0, PLATFORM_TOP_CONTAINERS),
    unusedPvcs: [],
    unusedPvcBytes: 0,
    completedJobs: [],
    errors: [],
  };
  result.services.sort((a, b) => b.wasteScore - a.wasteScore);

  const seen = new Set<string>();
  const once = (key: string) => !seen.has(key) && Boolean(seen.add(key));
  for (const { view } of views) {
    const { cluster, environment } = view;
    for (const pvc of view.unusedPvcs) {
      if (once(`pvc\n${cluster}\n${pvc.namespace}\n${pvc.name}`))
        result.unusedPvcs.push({ ...pvc, cluster });
    }
    for (const jobs of view.completedJobs) {
      if (once(`jobs\n${cluster}\n${jobs.namespace}`))
        result.completedJobs.push({
          ...jobs,
          cluster,
          environment,
          entityRef: view.entityRef,
        });
    }
    for (const error of view.errors) {
      if (once(`error\n${cluster}\n${error.message}`))
        result.errors.push({ ...error, cluster });
    }
  }
  result.unusedPvcs.sort(
    (a, b) => (b.capacityBytes ?? 0) - (a.capacityBytes ?? 0),
  );
  result.unusedPvcBytes = result.unusedPvcs.reduce(
    (sum, pvc) => sum + (pvc.capacityBytes ?? 0),
    0,
  );
  result.completedJobs.sort(
    (a, b) => b.succeeded + b.failed - (a.succeeded + a.failed),
  );
  return result;
}

function serviceTotals(
  entity: Entity,
  view: EntityRightSizingView,
): ServiceRightSizing {
  const requested = { cpu: 0, memory: 0 };
  const used = { cpu: 0, memory: 0 };
  const reclaimable = { cpu: 0, memory: 0 };
  let measured = false;
  for (const row of view.containers) {
    for (const resource of ['cpu', 'memory'] as const) {
      const judged = row[resource];
      requested[resource] += (judged.request ?? 0) * row.replicas;
      reclaimable[resource] += judged.reclaimable;
      if (judged.p95 !== undefined) {
        used[resource] += judged.p95 * row.replicas;
        measured = true;
      }
    }
  }
  return {
    entityRef: view.entityRef,
    ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
    cluster: view.cluster,
    environment: view.environment,
    requested,
    ...(measured ? { used } : {}),
    reclaimable,
    wasteScore: view.containers.reduce((sum, c) => sum + c.wasteScore, 0),
    overProvisioned: view.containers.filter(
      c => c.verdict === 'over-provisioned',
    ).length,
    underProvisioned: view.containers.filter(
      c => c.verdict === 'under-provisioned',
    ).length,
  };
}
