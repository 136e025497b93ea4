import { InputError } from '@backstage/errors';
import { backendWrites, stepStates, useTestbed, WRITE_STEPS_SUCCEEDED } from '../__testUtils__/testbed';

jest.setTimeout(60_000);

describe('autoscaler-scale against the embedded cluster', () => {
  const bed = useTestbed();

  const read = (path: string) => bed.read(path);
  const hpa = () => read('/apis/autoscaling/v2/namespaces/cmp/horizontalpodautoscalers/agent-registry');
  const deployment = () => read('/apis/apps/v1/namespaces/cmp/deployments/agent-registry');

  it('dry run of a pause: plans min = max with dryRun=All, shows the diff and the reminder, writes nothing', async () => {
    const op = await bed.start('autoscaler-scale', { namespace: 'cmp', autoscaler: 'agent-registry', pauseAt: 5 }, { dryRun: true });
    expect(op.status).toBe('succeeded');
    expect(op.summary).toMatch(/^Dry run: would set HPA cmp\/agent-registry to paused at 5 \(was min 2, max 10\)\. Paused: .*Undo it with the Scale autoscaler runbook \(min 2, max 10\)/);
    const diff = String(op.steps.find(s => s.name === 'plan')?.detail?.diff);
    expect(diff).toMatch(/-\s+minReplicas: 2\n-\s+maxReplicas: 10\n\+\s+minReplicas: 5\n\+\s+maxReplicas: 5\n/);
    expect(op.result).toMatchObject({ from: { minReplicas: 2, maxReplicas: 10 }, to: { minReplicas: 5, maxReplicas: 5 }, paused: true });
    expect(backendWrites(bed.dev)).toEqual([]);
    expect(bed.dev.requestLog.entries(e => e.dryRun && e.verb === 'patch' && e.resource === 'horizontalpodautoscalers')).toHaveLength(1);
    expect((await hpa()).spec).toMatchObject({ minReplicas: 2, maxReplicas: 10 });
  });

  it('raises the minimum, waits until the HPA scaled its deployment into the bounds, verifies the pods', async () => {
    const op = await bed.start('autoscaler-scale', { namespace: 'cmp', autoscaler: 'agent-registry', minReplicas: 4 });
    const done = await bed.finished(op.id, 40_000);
    expect(done.status).toBe('succeeded');
    expect(stepStates(done)).toEqual(WRITE_STEPS_SUCCEEDED);
    const after = await hpa();
    expect(after.spec).toMatchObject({ minReplicas: 4, maxReplicas: 10 });
    expect(after.metadata.annotations['gsv.io/operation-id']).toBe(op.id);
    expect(after.status.desiredReplicas).toBeGreaterThanOrEqual(4);
    expect((await deployment()).spec.replicas).toBeGreaterThanOrEqual(4);
    expect(done.summary).toMatch(/^Set HPA cmp\/agent-registry to min 4, max 10 \(was min 2, max 10\); \d+ replicas$/);
    expect(backendWrites(bed.dev).map(w => `${w.verb} ${w.resource}/${w.name}`)).toEqual(['patch horizontalpodautoscalers/agent-registry']);
  });

  it('pauses and puts the reminder to undo into the result and the audit summary', async () => {
    const op = await bed.start('autoscaler-scale', { namespace: 'cmp', autoscaler: 'agent-registry', pauseAt: 5 });
    const done = await bed.finished(op.id, 40_000);
    expect(done.status).toBe('succeeded');
    expect(done.result).toMatchObject({ to: { minReplicas: 5, maxReplicas: 5 }, paused: true, replicas: 5 });
    expect(done.result?.reminder).toMatch(/Undo it with the Scale autoscaler runbook \(min 4, max 10\)/);
    expect(done.summary).toContain(String(done.result?.reminder));
    expect((await deployment()).status.readyReplicas).toBe(5);
  });

  it('refuses a maximum above the cap, and a minimum above the current maximum, before any write', async () => {
    await expect(bed.start('autoscaler-scale', { namespace: 'cmp', autoscaler: 'agent-registry', maxReplicas: 60 })).rejects.toThrow(
      /exceeds the cap of 20 for this environment \(gsvOps\.operations\.policy\.limits\.maxReplicas\)/,
    );
    const error = await bed.start('autoscaler-scale', { namespace: 'cmp', autoscaler: 'agent-registry', minReplicas: 12 }).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/minReplicas 12 would exceed maxReplicas 5/);
    expect(backendWrites(bed.dev)).toEqual([]);
  });

  it('refuses an HPA that is not one of the entity\'s targets', async () => {
    await expect(bed.start('autoscaler-scale', { namespace: 'cmp', autoscaler: 'unknown', minReplicas: 3 }, { dryRun: true })).rejects.toThrow(
      /HorizontalPodAutoscaler cmp\/unknown in cluster gsv-dev is not one of the autoscaler targets of component:default\/agent-registry; its targets there: cmp\/agent-registry/,
    );
  });
});
