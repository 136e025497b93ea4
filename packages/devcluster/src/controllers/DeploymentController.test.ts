import { useClusters } from '../__testUtils__/cluster';
import { call } from '../__testUtils__/http';
import type { DevCluster } from '../cluster/startDevCluster';

jest.setTimeout(30_000);

function podsOf(cluster: DevCluster, selector: string) {
  return cluster.store.list('pods', { namespace: 'cmp', labelSelector: selector });
}

function isReady(pod: { status?: { conditions?: Array<{ type: string; status: string }> } }) {
  return (pod.status?.conditions ?? []).some(condition => condition.type === 'Ready' && condition.status === 'True');
}

describe('Deployment → ReplicaSet → Pods', () => {
  const start = useClusters();

  it('rolls out a restart within maxSurge 1 / maxUnavailable 0, with revisions and events', async () => {
    const cluster = await start();
    const restartedAt = '2026-11-25T10:00:00Z';
    const patched = await call(cluster, 'PATCH', '/apis/apps/v1/namespaces/cmp/deployments/agent-registry', {
      contentType: 'application/strategic-merge-patch+json',
      body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt } } } } },
    });
    expect(patched.status).toBe(200);
    let maxPods = 0;
    let minAvailable = Infinity;
    for (let step = 0; step < 120; step++) {
      await cluster.clock.advance(1000);
      const pods = podsOf(cluster, 'app=agent-registry').filter(pod => !pod.metadata.deletionTimestamp);
      maxPods = Math.max(maxPods, pods.length);
      minAvailable = Math.min(minAvailable, pods.filter(isReady).length);
      const deployment = cluster.store.get('deployments.apps', 'cmp', 'agent-registry')!;
      const status = deployment.status;
      if (status.observedGeneration === deployment.metadata.generation && status.updatedReplicas === 3 && status.availableReplicas === 3 && status.replicas === 3) break;
    }
    const deployment = cluster.store.get('deployments.apps', 'cmp', 'agent-registry')!;
    expect(deployment.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: deployment.metadata.generation });
    expect(maxPods).toBe(4);
    expect(minAvailable).toBeGreaterThanOrEqual(3);
    expect(deployment.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('4');
    const progressing = deployment.status.conditions.find((condition: { type: string }) => condition.type === 'Progressing');
    expect(progressing.reason).toBe('NewReplicaSetAvailable');
    const replicaSets = cluster.store.list('replicasets.apps', { namespace: 'cmp', labelSelector: 'app=agent-registry' });
    const current = replicaSets.find(rs => rs.metadata.annotations?.['deployment.kubernetes.io/revision'] === '4')!;
    expect(current.spec.replicas).toBe(3);
    expect(current.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBe(restartedAt);
    expect(replicaSets.filter(rs => rs !== current).every(rs => rs.spec.replicas === 0)).toBe(true);
    await cluster.clock.advance(2000);
    const pods = podsOf(cluster, 'app=agent-registry');
    expect(pods).toHaveLength(3);
    expect(pods.every(pod => pod.metadata.labels?.['pod-template-hash'] === current.metadata.labels?.['pod-template-hash'])).toBe(true);
    const events = cluster.store.list('events', { namespace: 'cmp', fieldSelector: 'involvedObject.name=agent-registry,reason=ScalingReplicaSet' });
    expect(events.map(event => event.message)).toEqual(
      expect.arrayContaining([`Scaled up replica set ${current.metadata.name} from 0 to 1`, expect.stringMatching(/^Scaled down replica set agent-registry-\w+ from 3 to 2$/)]),
    );
    const kubelet = cluster.store.list('events', { namespace: 'cmp', fieldSelector: 'reason=Started' });
    expect(kubelet.length).toBeGreaterThanOrEqual(3);
    expect(cluster.controllerErrors).toEqual([]);
  });

  it('rolls back like `kubectl rollout undo`: the old ReplicaSet comes back under a new revision', async () => {
    const cluster = await start();
    // agent-registry's Argo CD application self-heals from Git (as it would revert a manual undo): pause it, as an SRE does
    const paused = await call(cluster, 'PATCH', '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/agent-registry', {
      contentType: 'application/merge-patch+json',
      body: { spec: { syncPolicy: { automated: null } } },
    });
    expect(paused.status).toBe(200);
    const replicaSets = cluster.store.list('replicasets.apps', { namespace: 'cmp', labelSelector: 'app=agent-registry' });
    const previous = replicaSets.find(rs => rs.metadata.annotations?.['deployment.kubernetes.io/revision'] === '2')!;
    const template = JSON.parse(JSON.stringify(previous.spec.template));
    delete template.metadata.labels['pod-template-hash'];
    const deployment = cluster.store.get('deployments.apps', 'cmp', 'agent-registry')!;
    const undo = await call(cluster, 'PATCH', '/apis/apps/v1/namespaces/cmp/deployments/agent-registry', {
      contentType: 'application/json-patch+json',
      body: [
        { op: 'replace', path: '/spec/template', value: template },
        { op: 'replace', path: '/metadata/annotations', value: { ...deployment.metadata.annotations, 'deployment.kubernetes.io/revision': '3' } },
      ],
    });
    expect(undo.status).toBe(200);
    await cluster.clock.advance(120_000);
    const rolledBack = cluster.store.get('replicasets.apps', 'cmp', previous.metadata.name)!;
    expect(rolledBack.spec.replicas).toBe(3);
    expect(rolledBack.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '4', 'deployment.kubernetes.io/revision-history': '2' });
    const after = cluster.store.get('deployments.apps', 'cmp', 'agent-registry')!;
    expect(after.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('4');
    expect(after.spec.template.spec.containers[0].image).toBe('ghcr.io/digitlify-inc/agent-registry:v1.2.2');
    expect(after.status).toMatchObject({ updatedReplicas: 3, availableReplicas: 3 });
    expect(podsOf(cluster, 'app=agent-registry').every(pod => pod.spec.containers[0].image.endsWith(':v1.2.2'))).toBe(true);
  });

  it('scales through the scale subresource and replaces deleted pods', async () => {
    const cluster = await start();
    cluster.store.scale('deployments.apps', 'cmp', 'agent-registry-worker', 3);
    await cluster.clock.advance(30_000);
    expect(podsOf(cluster, 'app=agent-registry-worker').filter(isReady)).toHaveLength(3);
    const victim = podsOf(cluster, 'app=agent-registry-worker')[0].metadata.name;
    await call(cluster, 'DELETE', `/api/v1/namespaces/cmp/pods/${victim}`);
    const terminating = cluster.store.get('pods', 'cmp', victim)!;
    expect(terminating.metadata.deletionTimestamp).toBeTruthy();
    await cluster.clock.advance(30_000);
    expect(cluster.store.get('pods', 'cmp', victim)).toBeUndefined();
    expect(podsOf(cluster, 'app=agent-registry-worker').filter(isReady)).toHaveLength(3);
    cluster.store.scale('deployments.apps', 'cmp', 'agent-registry-worker', 1);
    await cluster.clock.advance(10_000);
    expect(podsOf(cluster, 'app=agent-registry-worker')).toHaveLength(1);
    expect(cluster.store.get('deployments.apps', 'cmp', 'agent-registry-worker')!.status).toMatchObject({ replicas: 1, availableReplicas: 1 });
  });

  it('crash-loops pods on demand: restarts, CrashLoopBackOff, BackOff warnings, a stalled rollout', async () => {
    const cluster = await start();
    cluster.faults.crashLoop('cmp', 'agent-registry-worker');
    cluster.store.patch('deployments.apps', 'cmp', 'agent-registry-worker', { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': 'now' } } } } });
    await cluster.clock.advance(90_000);
    const crashing = podsOf(cluster, 'app=agent-registry-worker').filter(pod => !isReady(pod));
    expect(crashing.length).toBe(podsOf(cluster, 'app=agent-registry-worker').length);
    const unavailable = cluster.store.get('deployments.apps', 'cmp', 'agent-registry-worker')!;
    expect(unavailable.status.conditions.find((condition: { type: string }) => condition.type === 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
    const status = crashing[0].status.containerStatuses[0];
    expect(status.restartCount).toBeGreaterThanOrEqual(2);
    expect(status.state.waiting?.reason ?? 'Running').toMatch(/CrashLoopBackOff|Running/);
    expect(status.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    const backOff = cluster.store.list('events', { namespace: 'cmp', fieldSelector: `involvedObject.name=${crashing[0].metadata.name},reason=BackOff` });
    expect(backOff).toHaveLength(1);
    expect(backOff[0].type).toBe('Warning');
    expect(backOff[0].count).toBeGreaterThanOrEqual(2);
    const logs = await call(cluster, 'GET', `/api/v1/namespaces/cmp/pods/${crashing[0].metadata.name}/log?previous=true`);
    expect(logs.text).toContain('OperationalError');

    await cluster.clock.advance(600_000);
    const stalled = cluster.store.get('deployments.apps', 'cmp', 'agent-registry-worker')!;
    expect(stalled.status.conditions.find((condition: { type: string }) => condition.type === 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(stalled.status.availableReplicas).toBeUndefined();

    cluster.faults.crashLoop('cmp', 'agent-registry-worker', false);
    await cluster.clock.advance(400_000);
    const healed = cluster.store.get('deployments.apps', 'cmp', 'agent-registry-worker')!;
    expect(healed.status).toMatchObject({ updatedReplicas: 2, availableReplicas: 2, replicas: 2 });
    expect(healed.status.conditions.find((condition: { type: string }) => condition.type === 'Progressing').reason).toBe('NewReplicaSetAvailable');
  });

  it('reports HPA status and scales a manually inflated deployment back after the stabilisation window', async () => {
    const cluster = await start();
    await cluster.clock.advance(20_000);
    const hpa = cluster.store.get('horizontalpodautoscalers.autoscaling', 'cmp', 'agent-registry')!;
    expect(hpa.status.currentReplicas).toBe(3);
    expect(hpa.status.desiredReplicas).toBe(3);
    expect(hpa.status.currentMetrics[0].resource.current.averageUtilization).toBeGreaterThan(50);
    expect(hpa.status.conditions.map((condition: { type: string; status: string }) => `${condition.type}=${condition.status}`)).toEqual(['AbleToScale=True', 'ScalingActive=True', 'ScalingLimited=False']);
    cluster.simulation.state.setLoad('cmp/agent-registry', 5);
    await cluster.clock.advance(120_000);
    const scaledUp = cluster.store.get('deployments.apps', 'cmp', 'agent-registry')!;
    expect(scaledUp.spec.replicas).toBeGreaterThan(3);
    const rescale = cluster.store.list('events', { namespace: 'cmp', fieldSelector: 'reason=SuccessfulRescale' });
    expect(rescale[0].message).toMatch(/^New size: \d+; reason: cpu resource utilization \(percentage of request\) above target$/);
  });
});
