import type { DeploymentView, Finding, HpaView, JobView, PodView, RolloutState } from '@gsv/plugin-gsv-ops-common';
import type { DateTime } from 'luxon';
import type { KubeObject } from '../services/ClusterRegistry/types';
import { finding, levelOf, notableFindings, sortFindings } from './levels';
import { summarizePod } from './pods';
import type { OpsThresholds } from './thresholds';

type Condition = { type: string; status: string; reason?: string; message?: string };

/**
 * Rollout state exactly as `kubectl rollout status` decides it
 * (k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go), per workload kind.
 */
export function rolloutState(workload: KubeObject, kind: DeploymentView['kind']): RolloutState {
  const generation = workload.metadata.generation ?? 0;
  const status = workload.status ?? {};
  const observed = status.observedGeneration ?? 0;
  const name = workload.metadata.name;
  if (observed < generation) {
    return { complete: false, inProgress: true, stalled: false, message: 'Waiting for the new spec to be observed' };
  }
  if (kind === 'Deployment') {
    const desired = workload.spec?.replicas ?? 1;
    const progressing = (status.conditions ?? []).find((c: Condition) => c.type === 'Progressing') as Condition | undefined;
    if (progressing?.reason === 'ProgressDeadlineExceeded') {
      return {
        complete: false,
        inProgress: false,
        stalled: true,
        message: `Deployment ${name} exceeded its progress deadline${progressing.message ? `: ${progressing.message}` : ''}`,
      };
    }
    const updated = status.updatedReplicas ?? 0;
    const replicas = status.replicas ?? 0;
    const available = status.availableReplicas ?? 0;
    if (updated < desired) {
      return { complete: false, inProgress: true, stalled: false, message: `${updated} of ${desired} new replicas have been updated` };
    }
    if (replicas > updated) {
      const old = replicas - updated;
      return { complete: false, inProgress: true, stalled: false, message: `${old} old replica${old === 1 ? ' is' : 's are'} pending termination` };
    }
    if (available < updated) {
      return { complete: false, inProgress: true, stalled: false, message: `${available} of ${updated} updated replicas are available` };
    }
    return { complete: true, inProgress: false, stalled: false, message: `Deployment ${name} successfully rolled out` };
  }
  if (kind === 'StatefulSet') {
    if (workload.spec?.updateStrategy?.type && workload.spec.updateStrategy.type !== 'RollingUpdate') {
      return { complete: true, inProgress: false, stalled: false, message: 'Rollout status is only tracked for the RollingUpdate strategy' };
    }
    const desired = workload.spec?.replicas ?? 1;
    const ready = status.readyReplicas ?? 0;
    if (ready < desired) {
      return { complete: false, inProgress: true, stalled: false, message: `${ready} of ${desired} pods are ready` };
    }
    const partition = workload.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
    if (partition > 0) {
      const updated = status.updatedReplicas ?? 0;
      if (updated < desired - partition) {
        return { complete: false, inProgress: true, stalled: false, message: `${updated} of ${desired - partition} pods updated (partitioned roll out)` };
      }
      return { complete: true, inProgress: false, stalled: false, message: `Partitioned roll out complete: ${updated} new pods` };
    }
    if (status.updateRevision !== status.currentRevision) {
      return { complete: false, inProgress: true, stalled: false, message: `${status.updatedReplicas ?? 0} of ${desired} pods updated to revision ${status.updateRevision}` };
    }
    return { complete: true, inProgress: false, stalled: false, message: `StatefulSet ${name} rolled out (revision ${status.currentRevision ?? '?'})` };
  }
  // DaemonSet
  if (workload.spec?.updateStrategy?.type && workload.spec.updateStrategy.type !== 'RollingUpdate') {
    return { complete: true, inProgress: false, stalled: false, message: 'Rollout status is only tracked for the RollingUpdate strategy' };
  }
  const desired = status.desiredNumberScheduled ?? 0;
  const updated = status.updatedNumberScheduled ?? 0;
  const available = status.numberAvailable ?? 0;
  if (updated < desired) {
    return { complete: false, inProgress: true, stalled: false, message: `${updated} of ${desired} updated pods are scheduled` };
  }
  if (available < desired) {
    return { complete: false, inProgress: true, stalled: false, message: `${available} of ${desired} updated pods are available` };
  }
  return { complete: true, inProgress: false, stalled: false, message: `DaemonSet ${name} successfully rolled out` };
}

export function hpaView(hpa: KubeObject): HpaView {
  const spec = hpa.spec ?? {};
  const status = hpa.status ?? {};
  const conditions: Condition[] = status.conditions ?? [];
  const current: any[] = status.currentMetrics ?? [];
  const metrics = ((spec.metrics ?? []) as any[]).map(m => describeMetric(m, current));
  return {
    namespace: hpa.metadata.namespace ?? '',
    name: hpa.metadata.name,
    target: {
      kind: spec.scaleTargetRef?.kind ?? 'Deployment',
      namespace: hpa.metadata.namespace,
      name: spec.scaleTargetRef?.name ?? '',
    },
    minReplicas: spec.minReplicas ?? 1,
    maxReplicas: spec.maxReplicas ?? 0,
    currentReplicas: status.currentReplicas ?? 0,
    desiredReplicas: status.desiredReplicas ?? 0,
    lastScaleTime: status.lastScaleTime,
    metrics,
    ableToScale: conditionTrue(conditions, 'AbleToScale'),
    scalingLimited: conditionTrue(conditions, 'ScalingLimited'),
  };
}

function describeMetric(metric: any, current: any[]): string {
  if (metric.type === 'Resource' && metric.resource) {
    const name = metric.resource.name;
    const target = metric.resource.target ?? {};
    const now = current.find(c => c.type === 'Resource' && c.resource?.name === name)?.resource?.current ?? {};
    if (target.type === 'Utilization') {
      const value = now.averageUtilization !== undefined ? `${now.averageUtilization}%` : '<unknown>';
      return `${name} ${value} / ${target.averageUtilization}%`;
    }
    const value = now.averageValue ?? now.value ?? '<unknown>';
    return `${name} ${value} / ${target.averageValue ?? target.value}`;
  }
  const name = metric.pods?.metric?.name ?? metric.object?.metric?.name ?? metric.external?.metric?.name ?? metric.type;
  const target = metric.pods?.target ?? metric.object?.target ?? metric.external?.target ?? {};
  return `${name} (target ${target.averageValue ?? target.value ?? target.averageUtilization ?? '?'})`;
}

function conditionTrue(conditions: Condition[], type: string): boolean | undefined {
  const c = conditions.find(x => x.type === type);
  return c ? c.status === 'True' : undefined;
}

export interface WorkloadInput {
  workload: KubeObject;
  kind: DeploymentView['kind'];
  /** The workload's pods (through its ReplicaSets for a Deployment). */
  pods: KubeObject[];
  hpa?: KubeObject;
  now: DateTime;
  thresholds: OpsThresholds;
}

export function deploymentView(input: WorkloadInput): DeploymentView {
  const { workload, kind, now, thresholds } = input;
  const status = workload.status ?? {};
  const ref = { kind, namespace: workload.metadata.namespace, name: workload.metadata.name };
  const label = `${kind} ${workload.metadata.namespace}/${workload.metadata.name}`;
  const daemon = kind === 'DaemonSet';
  const desired: number = daemon ? status.desiredNumberScheduled ?? 0 : workload.spec?.replicas ?? 1;
  const ready: number = daemon ? status.numberReady ?? 0 : status.readyReplicas ?? 0;
  let available: number = status.availableReplicas ?? 0;
  if (daemon) available = status.numberAvailable ?? 0;
  else if (kind === 'StatefulSet') available = status.availableReplicas ?? status.readyReplicas ?? 0;
  const updated: number = daemon ? status.updatedNumberScheduled ?? 0 : status.updatedReplicas ?? 0;
  const revisions: Record<DeploymentView['kind'], string | undefined> = {
    Deployment: workload.metadata.annotations?.['deployment.kubernetes.io/revision'],
    StatefulSet: status.currentRevision,
    DaemonSet: undefined,
  };
  const rollout = rolloutState(workload, kind);

  const podSummaries = input.pods
    .map(p => summarizePod(p, { now, thresholds }))
    .sort((a, b) => a.view.name.localeCompare(b.view.name));
  const pods: PodView[] = podSummaries.map(p => p.view);
  const findings: Finding[] = [];

  if (desired > 0 && available === 0) {
    findings.push(finding('critical', 'deployment.unavailable', `${label} has no available replica (0 of ${desired})`, ref));
  } else if (available < desired) {
    findings.push(finding('warning', 'deployment.degraded', `${label} has ${available} of ${desired} replicas available`, ref));
  } else if (desired === 0) {
    findings.push(finding('ok', 'deployment.scaled-to-zero', `${label} is scaled to zero`, ref));
  }
  if (rollout.stalled) {
    findings.push(finding('warning', 'deployment.rollout-stalled', rollout.message ?? `${label}: rollout stalled`, ref));
  } else if (rollout.inProgress) {
    findings.push(finding('ok', 'deployment.rollout', `${label}: rollout in progress, ${rollout.message}`, ref));
  }

  let hpa: HpaView | undefined;
  if (input.hpa) {
    hpa = hpaView(input.hpa);
    const conditions: Condition[] = input.hpa.status?.conditions ?? [];
    const limited = conditions.find(c => c.type === 'ScalingLimited' && c.status === 'True');
    const active = conditions.find(c => c.type === 'ScalingActive');
    if (limited?.reason === 'TooManyReplicas') {
      findings.push(finding('warning', 'hpa.at-max', `HPA ${hpa.name} is at its maximum of ${hpa.maxReplicas} replicas and wants more`, { kind: 'HorizontalPodAutoscaler', namespace: hpa.namespace, name: hpa.name }));
    }
    if (active?.status === 'False') {
      findings.push(finding('warning', 'hpa.inactive', `HPA ${hpa.name} cannot scale: ${active.reason}${active.message ? ` (${active.message})` : ''}`, { kind: 'HorizontalPodAutoscaler', namespace: hpa.namespace, name: hpa.name }));
    }
  }
  for (const summary of podSummaries) findings.push(...summary.findings);

  const templateContainers: Array<{ image?: string }> = workload.spec?.template?.spec?.containers ?? [];
  const sorted = sortFindings(findings);
  return {
    namespace: workload.metadata.namespace ?? '',
    name: workload.metadata.name,
    kind,
    desiredReplicas: desired,
    readyReplicas: ready,
    availableReplicas: available,
    updatedReplicas: updated,
    revision: revisions[kind],
    rollout,
    images: [...new Set(templateContainers.map(c => c.image).filter((i): i is string => Boolean(i)))],
    restarts: pods.reduce((n, p) => n + p.restarts, 0),
    hpa,
    pods,
    level: levelOf(notableFindings(sorted)),
    findings: sorted,
  };
}

export function jobView(job: KubeObject): JobView {
  const status = job.status ?? {};
  const conditions: Condition[] = status.conditions ?? [];
  const state = conditions.find(c => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  const owner = job.metadata.ownerReferences?.[0];
  return {
    namespace: job.metadata.namespace ?? '',
    name: job.metadata.name,
    status: (state?.type as 'Complete' | 'Failed' | undefined) ?? 'Running',
    succeeded: status.succeeded ?? 0,
    failed: status.failed ?? 0,
    startTime: status.startTime,
    completionTime: status.completionTime,
    owner: owner ? { kind: owner.kind, namespace: job.metadata.namespace, name: owner.name } : undefined,
  };
}

export function jobFindings(job: JobView): Finding[] {
  if (job.status !== 'Failed') return [];
  return [
    finding('warning', 'job.failed', `Job ${job.namespace}/${job.name} failed (${job.failed} failed pod${job.failed === 1 ? '' : 's'})`, {
      kind: 'Job',
      namespace: job.namespace,
      name: job.name,
    }),
  ];
}
