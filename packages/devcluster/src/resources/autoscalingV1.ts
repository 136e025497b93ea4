import type { KubeObject } from '../api/types';
import type { ResourceDefinition } from './types';

/**
 * autoscaling/v1 HorizontalPodAutoscalers (what `kubectl autoscale` creates): a view of the stored autoscaling/v2
 * objects, converted as the API server converts them. v1 only knows a CPU utilisation target; the v2 metrics and
 * behaviour it cannot express travel in the same annotations the API server uses, so a v1 round trip keeps them.
 */

const METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
const BEHAVIOR_ANNOTATION = 'autoscaling.alpha.kubernetes.io/behavior';

interface MetricSpec {
  type: string;
  resource?: { name: string; target?: { type?: string; averageUtilization?: number } };
}

function isCpuUtilization(metric: MetricSpec): boolean {
  return metric.type === 'Resource' && metric.resource?.name === 'cpu' && metric.resource.target?.type === 'Utilization';
}

function withoutUndefined<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

/** autoscaling/v2 → autoscaling/v1. */
export function hpaV2ToV1(hpa: KubeObject): KubeObject {
  const metrics: MetricSpec[] = hpa.spec?.metrics ?? [];
  const cpu = metrics.find(isCpuUtilization);
  const others = metrics.filter(metric => metric !== cpu);
  const annotations = { ...hpa.metadata.annotations };
  if (others.length) annotations[METRICS_ANNOTATION] = JSON.stringify(others);
  if (hpa.spec?.behavior) annotations[BEHAVIOR_ANNOTATION] = JSON.stringify(hpa.spec.behavior);
  const currentCpu = (hpa.status?.currentMetrics ?? []).find(
    (metric: { type: string; resource?: { name: string } }) => metric.type === 'Resource' && metric.resource?.name === 'cpu',
  );
  return withoutUndefined({
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: { ...hpa.metadata, ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec: withoutUndefined({
      scaleTargetRef: hpa.spec?.scaleTargetRef,
      minReplicas: hpa.spec?.minReplicas,
      maxReplicas: hpa.spec?.maxReplicas,
      targetCPUUtilizationPercentage: cpu?.resource?.target?.averageUtilization,
    }),
    status: hpa.status
      ? withoutUndefined({
          observedGeneration: hpa.status.observedGeneration,
          lastScaleTime: hpa.status.lastScaleTime,
          currentReplicas: hpa.status.currentReplicas ?? 0,
          desiredReplicas: hpa.status.desiredReplicas ?? 0,
          currentCPUUtilizationPercentage: currentCpu?.resource?.current?.averageUtilization,
        })
      : undefined,
  });
}

/** autoscaling/v1 → autoscaling/v2 (no target: the v2 default of 80% CPU applies). */
export function hpaV1ToV2(hpa: KubeObject): KubeObject {
  const annotations = { ...hpa.metadata?.annotations };
  const others: MetricSpec[] = annotations[METRICS_ANNOTATION] ? JSON.parse(annotations[METRICS_ANNOTATION]) : [];
  const behavior = annotations[BEHAVIOR_ANNOTATION] ? JSON.parse(annotations[BEHAVIOR_ANNOTATION]) : undefined;
  delete annotations[METRICS_ANNOTATION];
  delete annotations[BEHAVIOR_ANNOTATION];
  const target = hpa.spec?.targetCPUUtilizationPercentage;
  const cpu: MetricSpec[] = target === undefined ? [] : [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }];
  const metrics = [...cpu, ...others];
  const status = hpa.status;
  const currentCpu = status?.currentCPUUtilizationPercentage;
  return withoutUndefined({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { ...hpa.metadata, annotations: Object.keys(annotations).length ? annotations : undefined },
    spec: withoutUndefined({
      scaleTargetRef: hpa.spec?.scaleTargetRef,
      minReplicas: hpa.spec?.minReplicas,
      maxReplicas: hpa.spec?.maxReplicas,
      metrics: metrics.length ? metrics : undefined,
      behavior,
    }),
    status: status
      ? withoutUndefined({
          observedGeneration: status.observedGeneration,
          lastScaleTime: status.lastScaleTime,
          currentReplicas: status.currentReplicas,
          desiredReplicas: status.desiredReplicas,
          currentMetrics:
            currentCpu === undefined ? undefined : [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: currentCpu } } }],
        })
      : undefined,
  });
}

export const autoscalingV1HorizontalPodAutoscalers: ResourceDefinition = {
  group: 'autoscaling',
  version: 'v1',
  resource: 'horizontalpodautoscalers',
  kind: 'HorizontalPodAutoscaler',
  singular: 'horizontalpodautoscaler',
  namespaced: true,
  shortNames: ['hpa'],
  categories: ['all'],
  hasStatus: true,
  alias: { storedAs: 'autoscaling/horizontalpodautoscalers', toStored: hpaV1ToV2, fromStored: hpaV2ToV1 },
};
