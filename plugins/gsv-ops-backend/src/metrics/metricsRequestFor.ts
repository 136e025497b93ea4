import type { Entity } from '@backstage/catalog-model';
import {
  GSV_OPS_ANNOTATIONS,
  parseNamespacedNames,
  type ClusterOpsView,
  type MetricsSourceError,
} from '@gsv/plugin-gsv-ops-common';
import type { ClusterCache } from '../services/WatchCache/ClusterCache';
import type { EntityMetricsRequest } from './MetricsService';
import { thresholdOverridesSchema } from './readMetricsConfig';

/**
 * What the metrics of an entity in one cluster are computed from, taken from its annotations and from the Ops view
 * the read side already built for it (its deployments, PVCs and database), plus its workers from the watch cache.
 */
export function metricsRequestFor(options: {
  entity: Entity;
  entityRef: string;
  view: ClusterOpsView;
  cache?: ClusterCache;
}): { request: EntityMetricsRequest; problems: MetricsSourceError[] } {
  const { entity, entityRef, view, cache } = options;
  const annotations = entity.metadata.annotations ?? {};
  const problems: MetricsSourceError[] = [];
  const deployments = view.deployments.filter(d => d.kind === 'Deployment');
  const main =
    deployments.find(d => d.name === entity.metadata.name) ?? deployments[0];
  const namespace =
    main?.namespace ??
    annotations[GSV_OPS_ANNOTATIONS.kubernetesNamespace] ??
    entity.metadata.namespace ??
    'default';
  const database = view.databases[0];

  const [workerRef] = parseNamespacedNames(
    annotations[GSV_OPS_ANNOTATIONS.workerDeployment],
  );
  const workerObject =
    workerRef &&
    cache?.get('deployments', workerRef.namespace ?? namespace, workerRef.name);
  const workers = workerObject
    ? {
        namespace: workerObject.metadata.namespace ?? namespace,
        name: workerObject.metadata.name ?? workerRef.name,
        replicas:
          (workerObject.status as { readyReplicas?: number } | undefined)
            ?.readyReplicas ?? 0,
      }
    : undefined;

  let thresholds: EntityMetricsRequest['thresholds'];
  const rawThresholds = annotations[GSV_OPS_ANNOTATIONS.metricThresholds];
  if (rawThresholds) {
    try {
      thresholds = thresholdOverridesSchema.parse(JSON.parse(rawThresholds));
    } catch (error) {
      problems.push({
        source: 'configuration',
        message: `The ${
          GSV_OPS_ANNOTATIONS.metricThresholds
        } annotation is ignored: ${
          error instanceof SyntaxError
            ? 'it is not JSON'
            : (error as Error).message
        }`,
      });
    }
  }

  const container = main?.pods
    .flatMap(p => p.containers)
    .find(c => c.resources?.limits);
  return {
    problems,
    request: {
      entityRef,
      cluster: view.cluster.name,
      environment: view.cluster.environment,
      thresholds,
      target: {
        job: annotations[GSV_OPS_ANNOTATIONS.prometheusJob],
        namespace,
        deployments: deployments.map(d => d.name),
        database: database
          ? { namespace: database.namespace, name: database.name }
          : undefined,
        pvcs: view.pvcs.map(p => ({ namespace: p.namespace, name: p.name })),
        queue: workers
          ? annotations[GSV_OPS_ANNOTATIONS.celeryQueue] ?? 'celery'
          : undefined,
      },
      facts: {
        deployment: main && {
          namespace: main.namespace,
          name: main.name,
          replicas: main.desiredReplicas,
          hpa: main.hpa && {
            name: main.hpa.name,
            minReplicas: main.hpa.minReplicas,
            maxReplicas: main.hpa.maxReplicas,
          },
          container: container && {
            name: container.name,
            limits: container.resources?.limits,
          },
        },
        workers,
        database: database && {
          namespace: database.namespace,
          name: database.name,
          instances: database.instances,
        },
      },
    },
  };
}
