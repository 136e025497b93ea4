import { InputError } from '@backstage/errors';
import { backendWrites, useTestbed } from '../__testUtils__/testbed';
import { resolveIntOrPercent } from './deploymentRolloutStrategy';

jest.setTimeout(60_000);

describe('resolveIntOrPercent', () => {
  it('resolves a percentage of the replicas as the deployment controller does: surge up, unavailable down', () => {
    expect(resolveIntOrPercent('25%', 2, true)).toBe(1);
    expect(resolveIntOrPercent('25%', 2, false)).toBe(0);
    expect(resolveIntOrPercent('50%', 3, false)).toBe(1);
    expect(resolveIntOrPercent(2, 3, false)).toBe(2);
  });
});

describe('deployment-rollout-strategy against the embedded cluster', () => {
  const bed = useTestbed();

  const path = '/apis/apps/v1/namespaces/cmp/deployments/agent-registry-worker';
  const worker = () => bed.read(path);
  const params = (extra: Record<string, unknown>) => ({ namespace: 'cmp', deployment: 'agent-registry-worker', ...extra });

  it('dry run of the zero-downtime preset: plans maxSurge 1 / maxUnavailable 0, writes nothing', async () => {
    const op = await bed.start('deployment-rollout-strategy', params({ preset: 'zero-downtime' }), { dryRun: true });
    expect(op.status).toBe('succeeded');
    expect(op.summary).toBe(
      'Dry run: would set deployment cmp/agent-registry-worker to RollingUpdate maxSurge 1, maxUnavailable 0 (was RollingUpdate maxSurge 25%, maxUnavailable 25%)',
    );
    const diff = String(op.steps.find(s => s.name === 'plan')?.detail?.diff);
    expect(diff).toMatch(/-\s+maxUnavailable: 25%\n-\s+maxSurge: 25%\n\+\s+maxUnavailable: 0\n\+\s+maxSurge: 1/);
    expect(backendWrites(bed.dev)).toEqual([]);
  });

  it('sets the preset, verifies the controller observed it and that no rollout started', async () => {
    const before = await worker();
    const op = await bed.start('deployment-rollout-strategy', params({ preset: 'zero-downtime' }));
    const done = await bed.finished(op.id, 40_000);
    expect(done.status).toBe('succeeded');
    expect(done.steps.map(s => `${s.name}:${s.status}`)).toEqual([
      'validate:succeeded',
      'policy:succeeded',
      'lock:succeeded',
      'read:succeeded',
      'plan:succeeded',
      'apply:succeeded',
      'verify:succeeded',
    ]);
    const after = await worker();
    expect(after.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(after.metadata.annotations['deployment.kubernetes.io/revision']).toBe(before.metadata.annotations['deployment.kubernetes.io/revision']);
    expect(after.status.observedGeneration).toBe(after.metadata.generation);
    expect(done.summary).toMatch(/^Set deployment cmp\/agent-registry-worker to RollingUpdate maxSurge 1, maxUnavailable 0 \(was .*\); no rollout, still revision \d+$/);
    expect(backendWrites(bed.dev).map(w => `${w.verb} ${w.resource}/${w.name}`)).toEqual(['patch deployments/agent-registry-worker']);
  });

  it('refuses both zero, a maxUnavailable that leaves no pod ready, and a surge above the replica cap, before any write', async () => {
    await expect(bed.start('deployment-rollout-strategy', params({ maxSurge: 0, maxUnavailable: '0%' }), { dryRun: true })).rejects.toThrow(
      /maxSurge and maxUnavailable cannot both be 0/,
    );
    const resolvedZero = await bed.start('deployment-rollout-strategy', params({ maxSurge: '0%', maxUnavailable: '10%' }), { dryRun: true }).catch(e => e);
    expect(resolvedZero).toBeInstanceOf(InputError);
    expect(resolvedZero.message).toMatch(/maxSurge 0% and maxUnavailable 10% both come to 0 pods at 2 replicas/);
    await expect(bed.start('deployment-rollout-strategy', params({ maxUnavailable: '100%' }), { dryRun: true })).rejects.toThrow(
      /maxUnavailable 100% lets a rollout take down 2 of cmp\/agent-registry-worker's 2 replicas, leaving no pod ready/,
    );
    await expect(bed.start('deployment-rollout-strategy', params({ maxSurge: 40 }), { dryRun: true })).rejects.toThrow(
      /maxSurge 40 would run 42 pods .* above the cap of 20 .*maxReplicas/,
    );
    expect(bed.dev.requestLog.entries(e => e.verb === 'patch')).toEqual([]);
  });

  it('refuses a Recreate deployment unless switching is asked for, then switches it', async () => {
    await bed.admin.requestJson({
      method: 'PATCH',
      path,
      contentType: 'application/merge-patch+json',
      body: { spec: { strategy: { type: 'Recreate', rollingUpdate: null } } },
    });
    await expect(bed.start('deployment-rollout-strategy', params({ preset: 'zero-downtime' }), { dryRun: true })).rejects.toThrow(
      /uses the Recreate strategy .* set switchFromRecreate to switch it to RollingUpdate/,
    );
    const op = await bed.start('deployment-rollout-strategy', params({ preset: 'zero-downtime', switchFromRecreate: true }));
    const done = await bed.finished(op.id, 40_000);
    expect(done.status).toBe('succeeded');
    expect(done.summary).toMatch(/\(was Recreate\); no rollout/);
    expect((await worker()).spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });
});
