import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  AlertView,
  ClusterOpsView,
  EntityMetricsView,
} from '@gsv/plugin-gsv-ops-common';
import { describeRef } from '../operations/records';
import type { OpsService } from '../services/OpsService/types';
import type { IncidentObservation } from './types';

/** Reads an entity's metrics and alerts in one cluster (see `entityMetricsReader`). */
export type EntityMetricsReader = (
  entity: Entity,
  credentials: BackstageCredentials,
  cluster: string | undefined,
) => Promise<EntityMetricsView | undefined>;

/** What the service shows right now, per cluster. */
export interface ServiceObservation {
  observations: IncidentObservation[];
  /** Per cluster whose Alertmanager answered: the keys of the alerts firing now. */
  firing: Map<string, string[]>;
  /** Sources that could not be read. */
  errors: string[];
}

/**
 * Looks at a service now: the warning events of its objects last seen since `since` (from the watch cache, through
 * the Ops view) and its firing alerts in every cluster it runs in (from Alertmanager, through the metrics service).
 * Reads with the caller's credentials: the Ops view checks `gsv-ops.entity.read`.
 */
export async function observeService(options: {
  opsService: OpsService;
  entityMetrics: EntityMetricsReader;
  entity: Entity;
  entityRef: string;
  credentials: BackstageCredentials;
  since: number;
}): Promise<ServiceObservation> {
  const { entity, entityRef, credentials } = options;
  const result = await options.opsService.getEntityView({
    entityRef,
    credentials,
    entity,
  });
  const clusters = result.notModified ? [] : result.value.clusters;
  const observations = clusters.flatMap(view =>
    warningEvents(view, options.since),
  );
  const firing = new Map<string, string[]>();
  const errors: string[] = [];
  await Promise.all(
    clusters.map(async view => {
      const cluster = view.cluster.name;
      const metrics = await options
        .entityMetrics(entity, credentials, cluster)
        .catch((e: Error) => {
          errors.push(`Alerts of ${cluster}: ${e.message}`);
          return undefined;
        });
      if (!metrics?.configured) return;
      const failure = metrics.errors.find(e => e.source === 'alertmanager');
      if (failure) {
        errors.push(`Alerts of ${cluster}: ${failure.message}`);
        return;
      }
      const alerts = metrics.alerts.map(alert =>
        alertObservation(cluster, alert),
      );
      observations.push(...alerts);
      firing.set(
        cluster,
        alerts.map(a => a.key),
      );
    }),
  );
  return { observations, firing, errors };
}

function warningEvents(
  view: ClusterOpsView,
  since: number,
): IncidentObservation[] {
  const cluster = view.cluster.name;
  return view.events.flatMap(event => {
    const at = Date.parse(event.lastTimestamp ?? '');
    if (event.type !== 'Warning' || !(at >= since)) return [];
    const object = describeRef(event.involvedObject);
    return [
      {
        key: `event:${cluster}:${object}:${event.reason}:${
          event.firstTimestamp ?? ''
        }`,
        kind: 'event' as const,
        at,
        title: `${event.reason} on ${object} in ${cluster}`,
        detail:
          event.count > 1
            ? `${event.message} (${event.count} times)`
            : event.message,
      },
    ];
  });
}

function alertObservation(
  cluster: string,
  alert: AlertView,
): IncidentObservation {
  return {
    key: `alert:${cluster}:${alert.fingerprint}`,
    kind: 'alert',
    at: Date.parse(alert.startsAt),
    title: `${alert.name} (${alert.severity}) in ${cluster}`,
    ...(alert.summary ? { detail: alert.summary } : {}),
    ...(alert.generatorURL ? { link: alert.generatorURL } : {}),
  };
}
