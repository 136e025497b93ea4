import { ClusterAccess } from '../kube/ClusterAccess';
import { jane, startTestbed, Testbed } from '../__testUtils__/testbed';
import { explainReplicaShortfall, withShortfallCause } from './replicaInterference';

jest.setTimeout(60_000);

describe('explainReplicaShortfall against the embedded cluster', () => {
  let bed: Testbed;
  let kube: ClusterAccess;

  beforeAll(async () => {
    bed = await startTestbed();
    kube = new ClusterAccess(bed.registry.getCluster(bed.name));
  });
  afterAll(async () => {
    await bed?.stop();
  });

  const patchDeployment = (name: string, body: unknown, fieldManager?: string) =>
    bed.admin.requestJson({
      method: 'PATCH',
      path: `/apis/apps/v1/namespaces/cmp/deployments/${name}${fieldManager ? `?fieldManager=${fieldManager}` : ''}`,
      contentType: 'application/merge-patch+json',
      body,
    });

  const until = async <T>(check: () => Promise<T | undefined>): Promise<T> => {
    for (let i = 0; i < 400; i++) {
      const value = await check();
      if (value !== undefined) return value;
      await new Promise(r => setTimeout(r, 25));
    }
    throw new Error('condition not met');
  };

  it('finds nothing when nothing intervened', async () => {
    const since = bed.dev.clock.now();
    expect(await explainReplicaShortfall(kube, { namespace: 'cmp', name: 'agent-registry-worker', requested: 1, since })).toBeUndefined();
    expect(await withShortfallCause(kube, { namespace: 'cmp', name: 'agent-registry-worker', since }, 'only 0/1 ready')).toBe(
      "only 0/1 ready; check the pods' events",
    );
  });

  it('names the HPA that rescaled the deployment, with its event', async () => {
    const since = bed.dev.clock.now();
    await patchDeployment('agent-registry', { spec: { replicas: 12 } });
    const question = { namespace: 'cmp', name: 'agent-registry', requested: 12, since };
    // Before the HPA's next sync it already says it wants another count; after it, the rescale event is the cause.
    expect(await explainReplicaShortfall(kube, question)).toMatch(/^HPA cmp\/agent-registry \(min 2, max 10\) (wants \d+ replicas, not 12|rescaled)/);
    const cause = await until(async () => {
      const found = await explainReplicaShortfall(kube, question);
      return found?.includes('rescaled') ? found : undefined;
    });
    expect(cause).toMatch(
      /^HPA cmp\/agent-registry \(min 2, max 10\) rescaled the deployment \(New size: 10; reason: Current number of replicas above Spec\.MaxReplicas(, then New size: \d+; reason: .+)?\); change its bounds with the Scale autoscaler runbook$/,
    );
  });

  it('names Argo CD when it wrote the deployment back', async () => {
    const since = bed.dev.clock.now();
    await patchDeployment('agent-registry-worker', { spec: { replicas: 1 } }, 'argocd-controller');
    const cause = await explainReplicaShortfall(kube, { namespace: 'cmp', name: 'agent-registry-worker', requested: 3, since });
    expect(cause).toMatch(/^Argo CD application argocd\/\S+ synced the deployment back to Git at \S+; make the change in Git, or it will be reverted again$/);
  });

  it('names the ResourceQuota that refused new pods', async () => {
    const now = new Date(bed.dev.clock.now()).toISOString();
    await bed.admin.requestJson({
      method: 'POST',
      path: '/api/v1/namespaces/cmp/events',
      body: {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'agent-registry-worker-5d9c7.quota', namespace: 'cmp' },
        involvedObject: { apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: 'cmp', name: 'agent-registry-worker-5d9c7' },
        reason: 'FailedCreate',
        type: 'Warning',
        message: 'Error creating: pods "agent-registry-worker-5d9c7-x2k4p" is forbidden: exceeded quota: cmp-quota, requested: cpu=500m, used: cpu=3800m, limited: cpu=4',
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
        source: { component: 'replicaset-controller' },
      },
    });
    const cause = await explainReplicaShortfall(kube, { namespace: 'cmp', name: 'agent-registry-worker', since: bed.dev.clock.now() - 500 });
    expect(cause).toContain('a ResourceQuota refused new pods (agent-registry-worker-5d9c7: Error creating: pods "agent-registry-worker-5d9c7-x2k4p" is forbidden: exceeded quota: cmp-quota');
  });
});

describe('a scale whose wait fails names what intervened', () => {
  let slow: Testbed;

  beforeAll(async () => {
    // Pods take 20 s of cluster time to become ready: the wait is still running when Argo CD writes.
    slow = await startTestbed({ name: 'gsv-slow', timing: { podReadyMs: 20_000 } });
  });
  afterAll(async () => {
    await slow?.stop();
  });

  it('fails with the Argo CD write-back as the reason, not the pods', async () => {
    const op = await slow.start('deployment-scale', { namespace: 'cmp', deployment: 'agent-registry-worker', replicas: 3, timeoutSeconds: 120 });
    for (let i = 0; i < 400; i++) {
      const current = await slow.engine.get(op.id, jane);
      if (current.steps.some(s => s.name === 'wait' && s.status === 'running')) break;
      await new Promise(r => setTimeout(r, 25));
    }
    await slow.admin.requestJson({
      method: 'PATCH',
      path: '/apis/apps/v1/namespaces/cmp/deployments/agent-registry-worker?fieldManager=argocd-controller',
      contentType: 'application/merge-patch+json',
      body: { spec: { replicas: 1 } },
    });
    const done = await slow.finished(op.id, 40_000);
    expect(done.status).toBe('failed');
    expect(done.steps.find(s => s.name === 'wait')?.status).toBe('failed');
    expect(done.summary).toMatch(
      /Something else changed the replicas of cmp\/agent-registry-worker to 1: Argo CD application argocd\/\S+ synced the deployment back to Git at \S+; make the change in Git/,
    );
    expect(done.summary).not.toMatch(/pods' events/);
  });
});
