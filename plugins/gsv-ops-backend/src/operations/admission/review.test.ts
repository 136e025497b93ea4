import { ConflictError, InputError } from '@backstage/errors';
import type { OperationStore, StoredOperation } from '../store/types';
import { checkReview, requestHash, type ReviewSubject } from './review';

const subject: ReviewSubject = {
  runbook: 'deployment-scale',
  entityRef: 'component:default/agent-registry',
  cluster: 'gsv-prod',
  target: { kind: 'Deployment', namespace: 'cmp', name: 'agent-registry' },
  parameters: { namespace: 'cmp', deployment: 'agent-registry', replicas: 3 },
};
const NOW = Date.parse('2026-12-06T12:00:00Z');

function dryRun(overrides: Partial<StoredOperation> = {}, of: ReviewSubject = subject): StoredOperation {
  return {
    id: 'dry-1',
    runbook: of.runbook,
    entityRef: of.entityRef,
    cluster: of.cluster,
    environment: 'prod',
    target: of.target,
    parameters: of.parameters,
    dryRun: true,
    status: 'succeeded',
    initiatedBy: 'user:default/pat',
    createdAt: new Date(NOW - 120_000).toISOString(),
    finishedAt: new Date(NOW - 60_000).toISOString(),
    steps: [],
    requestHash: requestHash(of),
    ...overrides,
  };
}

function check(stored: StoredOperation | undefined, options: { id?: string; usedBy?: string; environment?: string } = {}) {
  const store = {
    get: async () => stored,
    findByReviewedDryRun: async () => options.usedBy,
  } as unknown as OperationStore;
  return checkReview({
    store,
    config: { requiredIn: ['prod'], maxAgeMs: 15 * 60_000 },
    subject,
    environment: options.environment ?? 'prod',
    reviewedDryRunId: 'id' in options ? options.id : 'dry-1',
    initiatedBy: 'user:default/pat',
    now: NOW,
    title: 'Scale deployment',
  });
}

describe('checkReview', () => {
  it('accepts a recent successful dry run of the same request by the same person', async () => {
    await expect(check(dryRun())).resolves.toBe('dry-1');
  });

  it('needs no review where config does not ask for one, unless one is named', async () => {
    await expect(check(undefined, { id: undefined, environment: 'dev' })).resolves.toBeUndefined();
    await expect(check(undefined, { id: undefined })).rejects.toBeInstanceOf(InputError);
  });

  it('hashes the same request the same whatever the order of its keys', () => {
    const shuffled: ReviewSubject = {
      parameters: { replicas: 3, deployment: 'agent-registry', namespace: 'cmp' },
      target: { name: 'agent-registry', namespace: 'cmp', kind: 'Deployment' },
      cluster: 'gsv-prod',
      entityRef: 'component:default/agent-registry',
      runbook: 'deployment-scale',
    };
    expect(requestHash(shuffled)).toBe(requestHash(subject));
    expect(requestHash({ ...subject, parameters: { ...subject.parameters, replicas: 4 } })).not.toBe(requestHash(subject));
  });

  it.each([
    ['a real run', dryRun({ dryRun: false }), InputError, 'Operation dry-1 is a real run, not a dry run'],
    ['a failed dry run', dryRun({ status: 'failed' }), ConflictError, 'The reviewed dry run dry-1 ended failed, not succeeded; run the dry run again'],
    [
      "someone else's dry run",
      dryRun({ initiatedBy: 'user:default/jane' }),
      ConflictError,
      'The reviewed dry run dry-1 was run by user:default/jane, not by you (user:default/pat); run it yourself',
    ],
    [
      'a stale dry run',
      dryRun({ finishedAt: new Date(NOW - 16 * 60_000).toISOString() }),
      ConflictError,
      'The reviewed dry run dry-1 is 16 min old; a plan is valid for 15 min. Run the dry run again and review it',
    ],
    [
      'a dry run of another target and size',
      dryRun({}, { ...subject, target: { ...subject.target, name: 'agent-registry-worker' }, parameters: { ...subject.parameters, deployment: 'agent-registry-worker', replicas: 5 } }),
      ConflictError,
      'The reviewed dry run dry-1 planned a different request: target: Deployment cmp/agent-registry-worker planned, Deployment cmp/agent-registry now; parameters.deployment: agent-registry-worker planned, agent-registry now; parameters.replicas: 5 planned, 3 now. Run the dry run of this request and review it',
    ],
  ])('refuses %s', async (_, stored, type, message) => {
    const error = await check(stored).catch(e => e);
    expect(error).toBeInstanceOf(type);
    expect(error.message).toBe(message);
  });

  it('refuses a dry run that served another run already', async () => {
    await expect(check(dryRun(), { usedBy: 'run-7' })).rejects.toThrow(
      'The reviewed dry run dry-1 was already used by operation run-7; run the dry run again',
    );
  });
});
