import { DateTime } from 'luxon';
import { crashLoopPod, deployment, hpa, NOW_ISO, runningPod } from '../__fixtures__/objects';
import { deploymentView, jobView, rolloutState } from './deployments';
import { podStatusReason, summarizePod, imageTag } from './pods';
import { DEFAULT_THRESHOLDS } from './thresholds';

const now = DateTime.fromISO(NOW_ISO, { zone: 'utc' });
const thresholds = DEFAULT_THRESHOLDS;

describe('rolloutState (kubectl rollout status semantics)', () => {
  it('is complete when the generation is observed and updated == replicas == available', () => {
    expect(rolloutState(deployment(), 'Deployment')).toEqual({
      complete: true,
      inProgress: false,
      stalled: false,
      message: 'Deployment agent-registry successfully rolled out',
    });
  });

  it('waits for the new spec to be observed', () => {
    expect(rolloutState(deployment({ status: { observedGeneration: 6 } }), 'Deployment')).toMatchObject({
      complete: false,
      inProgress: true,
      message: 'Waiting for the new spec to be observed',
    });
  });

  it('reports new replicas updating, old ones terminating, and updated ones not yet available', () => {
    expect(rolloutState(deployment({ status: { updatedReplicas: 1 } }), 'Deployment').message).toBe(
      '1 of 3 new replicas have been updated',
    );
    expect(rolloutState(deployment({ status: { replicas: 4 } }), 'Deployment').message).toBe(
      '1 old replica is pending termination',
    );
    expect(rolloutState(deployment({ status: { availableReplicas: 2 } }), 'Deployment').message).toBe(
      '2 of 3 updated replicas are available',
    );
  });

  it('is stalled on ProgressDeadlineExceeded', () => {
    const stalled = rolloutState(
      deployment({
        status: {
          updatedReplicas: 1,
          conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "agent-registry-7c9" has timed out progressing.' }],
        },
      }),
      'Deployment',
    );
    expect(stalled).toMatchObject({ complete: false, stalled: true });
    expect(stalled.message).toContain('has timed out progressing');
  });

  it('handles StatefulSets and DaemonSets', () => {
    const sts = deployment({
      spec: { replicas: 3, updateStrategy: { type: 'RollingUpdate' } },
      status: { readyReplicas: 3, currentRevision: 'pg-1', updateRevision: 'pg-2', updatedReplicas: 1 },
    });
    expect(rolloutState(sts, 'StatefulSet')).toMatchObject({ complete: false, message: '1 of 3 pods updated to revision pg-2' });
    const ds = deployment({ status: { desiredNumberScheduled: 4, updatedNumberScheduled: 4, numberAvailable: 4 } });
    expect(rolloutState(ds, 'DaemonSet').complete).toBe(true);
  });
});

describe('pods', () => {
  it('prints the status kubectl prints', () => {
    expect(podStatusReason(runningPod('a'))).toBe('Running');
    expect(podStatusReason(crashLoopPod('b'))).toBe('CrashLoopBackOff');
    const terminating = { ...runningPod('c'), metadata: { ...runningPod('c').metadata, deletionTimestamp: NOW_ISO } };
    expect(podStatusReason(terminating)).toBe('Terminating');
    const init = {
      ...runningPod('d'),
      spec: { ...runningPod('d').spec, initContainers: [{ name: 'migrate' }] },
      status: { phase: 'Pending', initContainerStatuses: [{ name: 'migrate', state: { waiting: { reason: 'ImagePullBackOff' } } }] },
    };
    expect(podStatusReason(init)).toBe('Init:ImagePullBackOff');
    const completed = { ...runningPod('e'), status: { phase: 'Succeeded', containerStatuses: [{ name: 'x', state: { terminated: { reason: 'Completed', exitCode: 0 } } }] } };
    expect(podStatusReason(completed)).toBe('Completed');
  });

  it('makes CrashLoopBackOff critical with restarts and the last exit reason', () => {
    const { view, findings } = summarizePod(crashLoopPod('agent-registry-5d8f7-x2'), { now, thresholds });
    expect(view).toMatchObject({ status: 'CrashLoopBackOff', ready: false, restarts: 14, level: 'critical', owner: { kind: 'ReplicaSet', name: 'agent-registry-5d8f7' } });
    expect(view.containers[0]).toMatchObject({ state: 'CrashLoopBackOff', lastTerminationReason: 'Error', imageTag: 'v1.2.3' });
    expect(findings).toEqual([
      {
        level: 'critical',
        code: 'pod.crashloop',
        reason: 'Pod cmp/agent-registry-5d8f7-x2 is in CrashLoopBackOff after 14 restarts (last exit: Error)',
        object: { kind: 'Pod', namespace: 'cmp', name: 'agent-registry-5d8f7-x2' },
      },
    ]);
  });

  it('warns about a pod Pending for longer than the threshold, with the scheduler message', () => {
    const pending = {
      ...runningPod('p'),
      metadata: { ...runningPod('p').metadata, creationTimestamp: '2024-12-04T09:50:00Z' },
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient cpu.' }] },
    };
    expect(summarizePod(pending, { now, thresholds }).findings[0].reason).toBe(
      'Pod cmp/p has been Pending since 2024-12-04T09:50:00Z: 0/3 nodes are available: 3 Insufficient cpu.',
    );
    expect(summarizePod(pending, { now: now.minus({ minutes: 6 }), thresholds }).findings).toEqual([]);
  });

  it('extracts image tags', () => {
    expect(imageTag('ghcr.io/org/app:v1.2.3')).toBe('v1.2.3');
    expect(imageTag('localhost:5000/app')).toBeUndefined();
    expect(imageTag('app@sha256:abc')).toBeUndefined();
  });
});

describe('deploymentView', () => {
  it('summarises a healthy deployment with its HPA', () => {
    const view = deploymentView({
      workload: deployment(),
      kind: 'Deployment',
      pods: [runningPod('agent-registry-5d8f7-a'), runningPod('agent-registry-5d8f7-b'), runningPod('agent-registry-5d8f7-c')],
      hpa: hpa(),
      now,
      thresholds,
    });
    expect(view).toMatchObject({
      desiredReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      revision: '12',
      images: ['ghcr.io/digitlify-inc/agent-registry:v1.2.3'],
      level: 'ok',
      hpa: { minReplicas: 3, maxReplicas: 10, currentReplicas: 3, metrics: ['cpu 72% / 80%'], ableToScale: true, scalingLimited: false },
    });
    expect(view.pods).toHaveLength(3);
    expect(view.findings).toEqual([]);
  });

  it('is critical without available replicas and carries the crash-looping pods', () => {
    const view = deploymentView({
      workload: deployment({ status: { readyReplicas: 0, availableReplicas: 0 } }),
      kind: 'Deployment',
      pods: [crashLoopPod('agent-registry-5d8f7-a')],
      now,
      thresholds,
    });
    expect(view.level).toBe('critical');
    expect(view.findings.map(f => f.code)).toEqual(['deployment.unavailable', 'pod.crashloop', 'deployment.rollout']);
    expect(view.findings[0].reason).toBe('Deployment cmp/agent-registry has no available replica (0 of 3)');
  });

  it('warns when degraded and when the HPA is at its maximum', () => {
    const view = deploymentView({
      workload: deployment({ status: { availableReplicas: 2 } }),
      kind: 'Deployment',
      pods: [],
      hpa: hpa({ status: { conditions: [{ type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' }] } }),
      now,
      thresholds,
    });
    expect(view.findings.map(f => [f.level, f.code])).toEqual([
      ['warning', 'deployment.degraded'],
      ['warning', 'hpa.at-max'],
      ['ok', 'deployment.rollout'],
    ]);
    expect(view.level).toBe('warning');
  });
});

describe('jobView', () => {
  it('reads Complete/Failed conditions', () => {
    const job = { metadata: { name: 'migrate', namespace: 'cmp' }, status: { failed: 2, conditions: [{ type: 'Failed', status: 'True' }] } };
    expect(jobView(job)).toMatchObject({ status: 'Failed', failed: 2, succeeded: 0 });
    expect(jobView({ metadata: { name: 'j', namespace: 'cmp' }, status: { active: 1 } }).status).toBe('Running');
  });
});
