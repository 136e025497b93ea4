import { mockCredentials } from '@backstage/backend-test-utils';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { fakePermissions } from '../__testUtils__/engineHarness';
import { backendWrites, jane, startTestbed, stepStates, useTestbed, WRITE_STEPS_SUCCEEDED } from '../__testUtils__/testbed';

jest.setTimeout(60_000);

describe('deployment runbooks against the embedded cluster', () => {
  const bed = useTestbed();

  const deployment = (name: string) => bed.read(`/apis/apps/v1/namespaces/cmp/deployments/${name}`);

  describe('deployment-restart', () => {
    it('dry run: plans the same patch with dryRun=All, records the diff, writes nothing', async () => {
      const before = await deployment('agent-registry');
      const op = await bed.start('deployment-restart', { namespace: 'cmp', deployment: 'agent-registry' }, { dryRun: true });
      expect(op.status).toBe('succeeded');
      expect(op.summary).toMatch(/^Dry run: would restart deployment cmp\/agent-registry \(\d+ replicas, rolling\)/);
      const plan = op.steps.find(s => s.name === 'plan')!;
      expect(plan.detail?.diff).toMatch(/\+\s+kubectl.kubernetes.io\/restartedAt: "?\d{4}-/);
      expect(plan.detail?.diff).toContain(`gsv.io/operation-id: ${op.id}`);
      expect(backendWrites(bed.dev)).toEqual([]);
      expect(bed.dev.requestLog.entries(e => e.dryRun && e.verb === 'patch' && e.name === 'agent-registry')).toHaveLength(1);
      const after = await deployment('agent-registry');
      expect(after.metadata.generation).toBe(before.metadata.generation);
    });

    it('restarts, waits for the rollout and verifies the new pods', async () => {
      const before = await deployment('agent-registry');
      const op = await bed.start('deployment-restart', { namespace: 'cmp', deployment: 'agent-registry' });
      const done = await bed.finished(op.id);
      expect(done.status).toBe('succeeded');
      expect(stepStates(done)).toEqual(WRITE_STEPS_SUCCEEDED);
      const after = await deployment('agent-registry');
      expect(Number(after.metadata.annotations['deployment.kubernetes.io/revision'])).toBe(
        Number(before.metadata.annotations['deployment.kubernetes.io/revision']) + 1,
      );
      expect(after.metadata.annotations['gsv.io/operation-id']).toBe(op.id);
      expect(after.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBe(done.result?.restartedAt);
      expect(done.result).toMatchObject({ revision: Number(after.metadata.annotations['deployment.kubernetes.io/revision']) });
      expect(done.summary).toMatch(/^Restarted deployment cmp\/agent-registry: revision \d+ rolled out, (\d+)\/\1 pods ready/);
      // Exactly one real write: the patch of the pod template.
      expect(backendWrites(bed.dev).map(w => `${w.verb} ${w.resource}/${w.name}`)).toEqual(['patch deployments/agent-registry']);
    });

    it('fails with a clear message when the new pods crash-loop', async () => {
      bed.dev.faults.crashLoop('cmp', 'agent-registry-worker');
      try {
        const op = await bed.start('deployment-restart', { namespace: 'cmp', deployment: 'agent-registry-worker', timeoutSeconds: 60 });
        const done = await bed.finished(op.id, 40_000);
        expect(done.status).toBe('failed');
        expect(done.summary).toMatch(
          /^Failed: Rollout of cmp\/agent-registry-worker stalled: \d+ pods? in CrashLoopBackOff \(agent-registry-worker-[a-z0-9]+-[a-z0-9]+: .+\); roll back with the Roll back runbook\. The change was already applied/,
        );
        expect(done.steps.find(s => s.name === 'wait')?.status).toBe('failed');
      } finally {
        bed.dev.faults.crashLoop('cmp', 'agent-registry-worker', false);
      }
    });
  });

  describe('deployment-rollback', () => {
    it('rolls back to the previous revision as kubectl rollout undo does', async () => {
      const before = await deployment('agent-registry-worker');
      const revision = Number(before.metadata.annotations['deployment.kubernetes.io/revision']);
      const op = await bed.start('deployment-rollback', { namespace: 'cmp', deployment: 'agent-registry-worker' });
      const done = await bed.finished(op.id, 40_000);
      expect(done.summary).toMatch(/^Rolled back/);
      expect(done.status).toBe('succeeded');
      expect(done.result).toMatchObject({ from: revision, to: revision - 1, changed: true });
      const after = await deployment('agent-registry-worker');
      expect(after.metadata.annotations['gsv.io/operation-id']).toBe(op.id);
      expect(after.spec.template.metadata.labels['pod-template-hash']).toBeUndefined();
      expect(Number(after.metadata.annotations['deployment.kubernetes.io/revision'])).toBe(revision + 1);
    });

    it('refuses an unknown revision with the available ones, before any write', async () => {
      await expect(
        bed.start('deployment-rollback', { namespace: 'cmp', deployment: 'agent-registry', toRevision: 999 }),
      ).rejects.toThrow(/^Unable to find revision 999 of deployment cmp\/agent-registry; available revisions: \d+(, \d+)*$/);
      expect(backendWrites(bed.dev)).toEqual([]);
    });
  });

  describe('deployment-scale', () => {
    it('scales within the caps through the scale subresource and waits for ready replicas', async () => {
      const op = await bed.start('deployment-scale', { namespace: 'cmp', deployment: 'agent-registry-worker', replicas: 3 });
      const done = await bed.finished(op.id, 40_000);
      expect(done.status).toBe('succeeded');
      expect(done.result).toMatchObject({ to: 3, readyReplicas: 3 });
      expect(done.result?.hpa).toBeUndefined();
      expect(backendWrites(bed.dev).map(w => `${w.verb} ${w.resource}/${w.subresource}`)).toEqual(['patch deployments/scale']);
    });

    it('refuses a deployment an HPA manages before any write, pointing to the autoscaler runbook', async () => {
      for (const dryRun of [true, false]) {
        const error = await bed.start('deployment-scale', { namespace: 'cmp', deployment: 'agent-registry', replicas: 5 }, { dryRun }).catch(e => e);
        expect(error).toBeInstanceOf(ConflictError);
        expect(error.message).toBe(
          'HPA cmp/agent-registry (min 2, max 10) manages agent-registry: scale through the Scale autoscaler runbook (set min to 5) instead',
        );
      }
      const down = await bed.start('deployment-scale', { namespace: 'cmp', deployment: 'agent-registry', replicas: 1 }, { dryRun: true }).catch(e => e);
      expect(down.message).toContain('(set min and max to 1)');
      expect(backendWrites(bed.dev)).toEqual([]);
      expect(bed.dev.requestLog.count(e => e.user.includes('gsv-backstage') && e.verb === 'patch')).toBe(0);
    });

    it('refuses more than the cap, and nothing reaches the cluster', async () => {
      await expect(bed.start('deployment-scale', { namespace: 'cmp', deployment: 'agent-registry', replicas: 60 })).rejects.toThrow(
        InputError,
      );
      expect(bed.dev.requestLog.count(e => e.user.includes('gsv-backstage') && e.name === 'agent-registry' && !e.watch)).toBe(0);
    });
  });

  describe('deployment-set-resources', () => {
    it('changes one container’s resources with a guarded JSON patch and rolls out', async () => {
      const op = await bed.start('deployment-set-resources', {
        namespace: 'cmp',
        deployment: 'agent-registry',
        container: 'agent-registry',
        requests: { memory: '600Mi' },
        limits: { memory: '1Gi' },
      });
      const done = await bed.finished(op.id, 40_000);
      expect(done.status).toBe('succeeded');
      const after = await deployment('agent-registry');
      const container = after.spec.template.spec.containers.find((c: any) => c.name === 'agent-registry');
      expect(container.resources.requests.memory).toBe('600Mi');
      expect(container.resources.limits.memory).toBe('1Gi');
    });

    it('refuses a request above its limit before any write', async () => {
      await expect(
        bed.start('deployment-set-resources', {
          namespace: 'cmp',
          deployment: 'agent-registry',
          container: 'agent-registry',
          requests: { memory: '8Gi' },
        }),
      ).rejects.toThrow(/The memory request 8Gi would exceed the memory limit 1Gi of container agent-registry/);
      expect(backendWrites(bed.dev)).toEqual([]);
    });

    it.each([
      [{ requests: { memory: '0' } }, 'A memory request of 0 would leave the container without memory; give more than 0'],
      [{ limits: { cpu: '0m' } }, 'A cpu limit of 0m would leave the container without cpu; give more than 0'],
      [
        { requests: { cpu: '5m' } },
        'A cpu request of 5m is below the floor of 10m per container for this environment (gsvOps.operations.policy.limits.minContainerCpu)',
      ],
      [
        { requests: { memory: '8Mi' } },
        'A memory request of 8Mi is below the floor of 16Mi per container for this environment (gsvOps.operations.policy.limits.minContainerMemory)',
      ],
      [
        { requests: { cpu: '2' }, limits: { cpu: '1' } },
        'The cpu request 2 is greater than the cpu limit 1; a request must not exceed its limit',
      ],
    ])('refuses %j with a 400 before anything is sent, dry run included', async (resources, message) => {
      bed.dev.requestLog.clear();
      const request = { namespace: 'cmp', deployment: 'agent-registry', container: 'agent-registry', ...resources };
      for (const dryRun of [true, false]) {
        const error = await bed.start('deployment-set-resources', request, { dryRun }).catch(e => e);
        expect(error).toBeInstanceOf(InputError);
        expect(error.message).toBe(message);
      }
      expect(bed.dev.requestLog.count({ verb: 'patch' })).toBe(0);
    });
  });

  describe('the engine around them', () => {
    it('answers 409 naming the running operation while the target is locked', async () => {
      const first = await bed.start('deployment-restart', { namespace: 'cmp', deployment: 'agent-registry' });
      const error = await bed.start('deployment-restart', { namespace: 'cmp', deployment: 'agent-registry' }).catch(e => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.message).toContain(`is being operated on by operation ${first.id} (deployment-restart by user:default/jane`);
      await bed.finished(first.id, 40_000);
    });

    it('refuses a target of another entity, and nothing is written', async () => {
      await expect(bed.start('deployment-restart', { namespace: 'sso', deployment: 'keycloak' })).rejects.toThrow(
        /Deployment sso\/keycloak in cluster gsv-dev is not one of the deployment targets of component:default\/agent-registry/,
      );
      expect(backendWrites(bed.dev)).toEqual([]);
    });

    it('answers 403 without the runbook permission, and nothing reaches the cluster', async () => {
      const denied = await startTestbed({ permissions: fakePermissions(p => p !== 'gsv-ops.deployment.restart') });
      try {
        denied.dev.requestLog.clear();
        await expect(
          denied.engine.start(
            { runbook: 'deployment-restart', entityRef: 'component:default/agent-registry', cluster: denied.name, parameters: { namespace: 'cmp', deployment: 'agent-registry' }, dryRun: false },
            jane,
          ),
        ).rejects.toBeInstanceOf(NotAllowedError);
        expect(denied.dev.requestLog.count(e => !e.watch && e.verb !== 'list' && e.path !== '/version')).toBe(0);
      } finally {
        await denied.stop();
      }
    });
  });
});

describe('a prod cluster with maintenance windows', () => {
  // A window that is certainly closed now: one hour on 29 February.
  const policy = { policy: { maintenanceWindows: { prod: [{ name: 'Leap day', cron: '0 3 29 2 *', duration: { hours: 1 }, timezone: 'Europe/Berlin' }] } } };
  const bed = useTestbed({
    name: 'gsv-prod',
    environment: 'prod',
    operationsConfig: policy,
    permissions: fakePermissions((permission, _ref, user) => !(permission === 'gsv-ops.production.operate' && user === 'user:default/joe')),
  });

  const restart = { namespace: 'cmp', deployment: 'agent-registry' };

  it('refuses outside the window with the next one, and nothing reaches the cluster', async () => {
    const error = await bed.start('deployment-restart', restart).catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toMatch(/^prod is outside its maintenance window \(next: \w{3} 29 Feb 03:00 Europe\/Berlin, 'Leap day'\); declare a P1\/P2 incident to override$/);
    expect(bed.dev.requestLog.count(e => e.user.includes('gsv-backstage') && e.name === 'agent-registry' && !e.watch)).toBe(0);
  });

  it('lets a P1 incident override it, recorded on the operation', async () => {
    const op = await bed.start('deployment-restart', restart, { dryRun: true, incident: { id: 'INC-4711', severity: 'P1' } });
    expect(op.status).toBe('succeeded');
    expect(op.incident).toEqual({ id: 'INC-4711', severity: 'P1' });
    expect(op.environment).toBe('prod');
    expect(op.steps.find(s => s.name === 'policy')?.message).toContain('overridden by incident INC-4711 (P1)');
    expect(backendWrites(bed.dev)).toEqual([]);
  });

  it('needs gsv-ops.production.operate in prod', async () => {
    const joe = mockCredentials.user('user:default/joe');
    await expect(
      bed.engine.start(
        { runbook: 'deployment-restart', entityRef: 'component:default/agent-registry', cluster: bed.name, parameters: restart, dryRun: true, incident: { id: 'INC-4711', severity: 'P1' } },
        joe,
      ),
    ).rejects.toThrow(/permission gsv-ops.production.operate/);
  });

  it('rejects bad parameters with a 400, and nothing reaches the cluster', async () => {
    await expect(bed.start('deployment-restart', { namespace: 'cmp', deployment: 'agent-registry; rm -rf /' })).rejects.toBeInstanceOf(
      InputError,
    );
    expect(bed.dev.requestLog.count(e => e.user.includes('gsv-backstage') && !e.watch && e.verb !== 'list')).toBe(0);
  });
});
