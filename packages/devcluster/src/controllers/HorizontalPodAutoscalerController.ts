import { formatCpu, parseQuantity, rfc3339 } from '../api/format';
import type { KubeObject, StoredObject } from '../api/types';
import type { ResourceDefinition } from '../resources/types';
import { LabelSelector } from '../store/selectors';
import { splitKey, type Controller, type ControllerContext } from './ControllerManager';
import { podIsReady, setCondition, writeObject, writeStatus } from './helpers';

/**
 * HorizontalPodAutoscaler (autoscaling/v2) on CPU utilisation: every sync period it reads the utilisation of the
 * target's ready pods from the simulated usage, computes `ceil(ready × current / target)` outside a 10% tolerance,
 * clamps to min/max, scales up at once and down only after the stabilisation window, brings a target outside
 * min/max back at once, records SuccessfulRescale events as the real controller words them, and reports status,
 * metrics and the AbleToScale / ScalingActive / ScalingLimited conditions. A change of min/max is acted on at once
 * (the HPA is watched), a change of the target's replicas at the next sync period.
 */

const TOLERANCE = 0.1;

const TARGET_COLLECTIONS: Record<string, string> = {
  Deployment: 'apps/deployments',
  StatefulSet: 'apps/statefulsets',
  ReplicaSet: 'apps/replicasets',
};

export class HorizontalPodAutoscalerController implements Controller {
  readonly name = 'horizontal-pod-autoscaler';
  private readonly hpas: ResourceDefinition;
  private readonly recommendations = new Map<string, Array<{ at: number; replicas: number }>>();

  constructor(private readonly context: ControllerContext) {
    this.hpas = context.registry.get('autoscaling/horizontalpodautoscalers');
  }

  watches() {
    return [{ collection: 'autoscaling/horizontalpodautoscalers' }];
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const hpa = this.context.store.get('autoscaling/horizontalpodautoscalers', namespace, name);
    if (!hpa) {
      this.recommendations.delete(key);
      return;
    }
    this.context.requeueAfter(this, key, this.context.timing.hpaSyncMs);
    const now = this.context.clock.now();
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const collection = TARGET_COLLECTIONS[ref.kind];
    const target = collection ? this.context.store.get(collection, namespace, ref.name) : undefined;
    if (!target) {
      writeStatus(this.context, this.hpas, hpa, status => {
        status.conditions = setCondition(status.conditions, {
          type: 'AbleToScale',
          status: 'False',
          reason: 'FailedGetScale',
          message: `the HPA controller was unable to get the target's current scale: ${(ref.kind ?? '').toLowerCase()}s.apps "${ref.name}" not found`,
        }, now);
      });
      return;
    }
    const currentReplicas: number = target.spec?.replicas ?? 1;
    const minReplicas: number = hpa.spec?.minReplicas ?? 1;
    const maxReplicas: number = hpa.spec?.maxReplicas ?? currentReplicas;
    const measured = this.measure(target);

    const { desired, stabilised, reason, limited } = this.recommend(key, { currentReplicas, minReplicas, maxReplicas, hpa, measured, now });

    let scaledAt: string | undefined;
    if (stabilised !== currentReplicas && currentReplicas > 0) {
      writeObject(this.context, this.context.registry.get(collection), target, copy => {
        copy.spec.replicas = stabilised;
      });
      scaledAt = rfc3339(now);
      this.context.events.record(hpa, 'Normal', 'SuccessfulRescale', `New size: ${stabilised}; reason: ${reason}`, {
        component: 'horizontal-pod-autoscaler',
      });
    }
    const fresh = this.context.store.get('autoscaling/horizontalpodautoscalers', namespace, name)!;
    writeStatus(this.context, this.hpas, fresh, status => {
      status.observedGeneration = fresh.metadata.generation;
      status.currentReplicas = currentReplicas;
      status.desiredReplicas = stabilised;
      if (scaledAt) status.lastScaleTime = scaledAt;
      status.currentMetrics = measured
        ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: Math.round(measured.utilisationPercent), averageValue: formatCpu(measured.averageCores) } } }]
        : [];
      let conditions = status.conditions ?? [];
      conditions = setCondition(
        conditions,
        stabilised !== desired
          ? { type: 'AbleToScale', status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' }
          : { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' },
        now,
      );
      conditions = setCondition(
        conditions,
        measured
          ? { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' }
          : { type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: did not receive metrics for targeted pods (pods might be unready)' },
        now,
      );
      conditions = setCondition(
        conditions,
        limited
          ? { type: 'ScalingLimited', status: 'True', reason: limited, message: `the desired replica count is ${limited === 'TooFewReplicas' ? 'less than the minimum' : 'more than the maximum'} replica count` }
          : { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' },
        now,
      );
      status.conditions = conditions;
    });
  }

  /**
   * The replica count, as the real controller decides it: a target outside min/max is brought back at once ("Current
   * number of replicas below Spec.MinReplicas"); otherwise the metric's recommendation, clamped, and a scale-down only
   * to the highest recommendation of the stabilisation window (spec.behavior.scaleDown.stabilizationWindowSeconds,
   * default 300 s).
   */
  private recommend(
    key: string,
    input: { currentReplicas: number; minReplicas: number; maxReplicas: number; hpa: StoredObject; measured?: { utilisationPercent: number; readyPods: number }; now: number },
  ): { desired: number; stabilised: number; reason: string; limited?: 'TooFewReplicas' | 'TooManyReplicas' } {
    const { currentReplicas, minReplicas, maxReplicas, hpa, measured, now } = input;
    if (currentReplicas === 0) return { desired: 0, stabilised: 0, reason: '' };
    if (currentReplicas > maxReplicas || currentReplicas < minReplicas) {
      const above = currentReplicas > maxReplicas;
      const desired = above ? maxReplicas : minReplicas;
      const reason = `Current number of replicas ${above ? 'above Spec.MaxReplicas' : 'below Spec.MinReplicas'}`;
      return { desired, stabilised: desired, reason, limited: above ? 'TooManyReplicas' : 'TooFewReplicas' };
    }
    const metric = (hpa.spec?.metrics ?? []).find((spec: { type: string; resource?: { name: string } }) => spec.type === 'Resource' && spec.resource?.name === 'cpu');
    const targetUtilisation: number = metric?.resource?.target?.averageUtilization ?? 80;
    let desired = currentReplicas;
    let reason = '';
    if (measured) {
      const ratio = measured.utilisationPercent / targetUtilisation;
      if (Math.abs(ratio - 1) > TOLERANCE) {
        desired = Math.ceil(ratio * measured.readyPods);
        reason = `cpu resource utilization (percentage of request) ${ratio > 1 ? 'above' : 'below'} target`;
      }
    }
    let limited: 'TooFewReplicas' | 'TooManyReplicas' | undefined;
    if (desired < minReplicas) {
      desired = minReplicas;
      limited = 'TooFewReplicas';
    } else if (desired > maxReplicas) {
      desired = maxReplicas;
      limited = 'TooManyReplicas';
    }
    const windowSeconds = hpa.spec?.behavior?.scaleDown?.stabilizationWindowSeconds;
    const windowMs = typeof windowSeconds === 'number' ? windowSeconds * 1000 : this.context.timing.hpaDownscaleStabilizationMs;
    const history = (this.recommendations.get(key) ?? []).filter(entry => now - entry.at <= windowMs);
    history.push({ at: now, replicas: desired });
    this.recommendations.set(key, history);
    const stabilised = desired < currentReplicas ? Math.min(currentReplicas, Math.max(...history.map(entry => entry.replicas))) : desired;
    return { desired, stabilised, reason: reason || 'All metrics below target', limited };
  }

  private measure(target: StoredObject): { utilisationPercent: number; averageCores: number; readyPods: number } | undefined {
    const selector = LabelSelector.fromObject(target.spec?.selector);
    const pods = this.context.store.list('/pods', target.metadata.namespace).filter(pod => selector.matches(pod.metadata.labels) && podIsReady(pod));
    if (pods.length === 0) return undefined;
    const now = this.context.clock.now();
    let used = 0;
    let requested = 0;
    for (const pod of pods) {
      for (const usage of this.context.usage.podUsage(pod, now)) used += usage.cpuCores;
      for (const container of (pod.spec?.containers ?? []) as KubeObject[]) {
        requested += parseQuantity((container.resources as { requests?: { cpu?: string } })?.requests?.cpu) ?? 0.1;
      }
    }
    if (requested === 0) return undefined;
    return { utilisationPercent: (used / requested) * 100, averageCores: used / pods.length, readyPods: pods.length };
  }
}
