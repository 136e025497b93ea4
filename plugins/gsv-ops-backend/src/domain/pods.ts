import type { ContainerView, Finding, Level, PodView } from '@gsv/plugin-gsv-ops-common';
import type { DateTime } from 'luxon';
import type { KubeObject } from '../services/ClusterRegistry/types';
import { finding } from './levels';
import type { OpsThresholds } from './thresholds';
import { parseTime } from './time';

/** Waiting/terminated reasons that mean the pod cannot run until someone acts. */
const CRITICAL_REASONS = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

interface ContainerStatus {
  name: string;
  image?: string;
  ready?: boolean;
  restartCount?: number;
  state?: {
    waiting?: { reason?: string; message?: string };
    running?: { startedAt?: string };
    terminated?: { reason?: string; message?: string; exitCode?: number; signal?: number; finishedAt?: string };
  };
  lastState?: { terminated?: { reason?: string; exitCode?: number; finishedAt?: string } };
}

interface ContainerSpec {
  name: string;
  image?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

export interface PodSummary {
  view: PodView;
  findings: Finding[];
}

/**
 * The status `kubectl get pods` prints (pkg/printers/internalversion/printers.go printPod): init container
 * progress, the last container's waiting/terminated reason, Terminating, NotReady.
 */
export function podStatusReason(pod: KubeObject): string {
  const status = pod.status ?? {};
  let reason: string = status.reason || status.phase || 'Unknown';
  const initStatuses: ContainerStatus[] = status.initContainerStatuses ?? [];
  const initCount = (pod.spec?.initContainers ?? []).length;
  let initializing = false;
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    const terminated = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (terminated) {
      reason = `Init:${terminatedReason(terminated)}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initCount || initStatuses.length}`;
    }
    initializing = true;
    break;
  }
  if (!initializing) {
    let hasRunning = false;
    const statuses: ContainerStatus[] = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      if (c.state?.waiting?.reason) {
        reason = c.state.waiting.reason;
      } else if (c.state?.terminated) {
        reason = terminatedReason(c.state.terminated);
      } else if (c.ready && c.state?.running) {
        hasRunning = true;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const readyCondition = (status.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');
      reason = readyCondition?.status === 'True' ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp) {
    reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  }
  return reason;
}

export function summarizePod(
  pod: KubeObject,
  context: { now: DateTime; thresholds: OpsThresholds },
): PodSummary {
  const { now, thresholds } = context;
  const ref = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name };
  const status = pod.status ?? {};
  const phase: string = status.phase ?? 'Unknown';
  const reason = podStatusReason(pod);
  const statuses: ContainerStatus[] = status.containerStatuses ?? [];
  const specs: ContainerSpec[] = pod.spec?.containers ?? [];
  const containers: ContainerView[] = specs.map(spec => {
    const s = statuses.find(c => c.name === spec.name);
    return containerView(spec, s);
  });
  const readyContainers = statuses.filter(c => c.ready).length;
  const totalContainers = specs.length || statuses.length;
  const restarts = statuses.reduce((n, c) => n + (c.restartCount ?? 0), 0);
  const podReady = (status.conditions ?? []).some(
    (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
  );
  const owner = (pod.metadata.ownerReferences ?? []).find(r => r.controller) ?? pod.metadata.ownerReferences?.[0];

  const findings: Finding[] = [];
  const name = `${pod.metadata.namespace}/${pod.metadata.name}`;
  const bareReason = reason.replace(/^Init:/, '');
  if (CRITICAL_REASONS.has(bareReason)) {
    const message = statuses
      .concat(status.initContainerStatuses ?? [])
      .map(c => c.state?.waiting?.message)
      .find(Boolean);
    const last = statuses.map(c => c.lastState?.terminated?.reason).find(Boolean);
    let detail = message ? `: ${truncate(message, 160)}` : '';
    let code = bareReason.includes('Image') ? 'pod.image-pull' : 'pod.cannot-start';
    if (bareReason === 'CrashLoopBackOff') {
      detail = ` after ${restarts} restart${restarts === 1 ? '' : 's'}${last ? ` (last exit: ${last})` : ''}`;
      code = 'pod.crashloop';
    }
    findings.push(finding('critical', code, `Pod ${name} is in ${reason}${detail}`, ref));
  } else if (reason === 'Terminating' || phase === 'Succeeded') {
    // nothing to say
  } else if (phase === 'Failed') {
    findings.push(finding('warning', 'pod.failed', `Pod ${name} failed${status.reason ? ` (${status.reason})` : ''}${status.message ? `: ${truncate(status.message, 160)}` : ''}`, ref));
  } else if (phase === 'Pending') {
    const created = parseTime(pod.metadata.creationTimestamp);
    const pendingFor = created ? now.diff(created) : undefined;
    if (pendingFor && pendingFor.as('minutes') >= thresholds.pods.pendingWarningMinutes) {
      const scheduled = (status.conditions ?? []).find((c: { type: string }) => c.type === 'PodScheduled');
      const why = scheduled?.status === 'False' && scheduled.message ? `: ${truncate(scheduled.message, 160)}` : '';
      findings.push(finding('warning', 'pod.pending', `Pod ${name} has been Pending since ${pod.metadata.creationTimestamp}${why}`, ref));
    }
  } else if (phase === 'Running' && !podReady) {
    findings.push(finding('warning', 'pod.not-ready', `Pod ${name} is running but not ready (${readyContainers}/${totalContainers} containers ready)`, ref));
  } else if (phase === 'Unknown') {
    findings.push(finding('unknown', 'pod.unknown', `The state of pod ${name} is unknown (node not reporting)`, ref));
  }

  // Recent restarts of an otherwise running pod.
  if (findings.length === 0 && restarts >= thresholds.pods.restartsWarning) {
    const recent = statuses
      .map(c => ({ reason: c.lastState?.terminated?.reason, at: parseTime(c.lastState?.terminated?.finishedAt) }))
      .filter(r => r.at && now.diff(r.at).as('hours') < 1);
    if (recent.length > 0) {
      findings.push(
        finding('warning', 'pod.restarts', `Pod ${name} restarted ${restarts} times, last within the hour${recent[0].reason ? ` (${recent[0].reason})` : ''}`, ref),
      );
    }
  }

  let level: Level = phase === 'Unknown' ? 'unknown' : 'ok';
  if (findings.length) level = findings[0].level;
  return {
    view: {
      namespace: pod.metadata.namespace ?? '',
      name: pod.metadata.name,
      status: reason,
      phase,
      ready: podReady,
      readyContainers,
      totalContainers,
      restarts,
      nodeName: pod.spec?.nodeName,
      createdAt: pod.metadata.creationTimestamp,
      owner: owner ? { kind: owner.kind, namespace: pod.metadata.namespace, name: owner.name } : undefined,
      containers,
      level,
    },
    findings,
  };
}

function containerView(spec: ContainerSpec, s: ContainerStatus | undefined): ContainerView {
  const image = spec.image ?? s?.image ?? '';
  const state = s?.state?.waiting?.reason ??
    (s?.state?.running ? 'Running' : undefined) ??
    s?.state?.terminated?.reason ??
    (s?.state?.terminated ? `ExitCode:${s.state.terminated.exitCode}` : 'Waiting');
  return {
    name: spec.name,
    image,
    imageTag: imageTag(image),
    ready: Boolean(s?.ready),
    restartCount: s?.restartCount ?? 0,
    state,
    message: s?.state?.waiting?.message ?? s?.state?.terminated?.message,
    lastTerminationReason: s?.lastState?.terminated?.reason,
    resources: spec.resources
      ? { requests: spec.resources.requests, limits: spec.resources.limits }
      : undefined,
  };
}

/** `ghcr.io/org/app:v1.2.3` → `v1.2.3`; digests and untagged images → undefined. */
export function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > lastSlash ? withoutDigest.slice(colon + 1) : undefined;
}

function terminatedReason(t: { reason?: string; signal?: number; exitCode?: number }): string {
  if (t.reason) return t.reason;
  return t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
