import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { LeaseLostError, OperationCancelledError, ShutdownError } from '../errors';
import { failureOutcome } from './outcome';

const log = { logger: mockServices.logger.mock(), operationId: 'op-1', runbook: 'deployment-restart' };
const applied = [{ what: 'set restartedAt on the pod template', object: 'Deployment cmp/agent-registry' }];

describe('failureOutcome', () => {
  it('says who cancelled and what was already changed', () => {
    expect(failureOutcome(new OperationCancelledError('user:default/jane'), applied, log)).toEqual({
      status: 'cancelled',
      summary:
        'Cancelled by user:default/jane. The change was already applied (set restartedAt on the pod template): check Deployment cmp/agent-registry before running the runbook again.',
    });
  });

  it('calls a shutdown or a lost lease an interruption, and says nothing changed when nothing did', () => {
    expect(failureOutcome(new ShutdownError(), [], log).status).toBe('interrupted');
    expect(failureOutcome(new LeaseLostError(), [], log).summary).toMatch(/^Interrupted: .*\. No change was made\.$/);
  });

  it('explains expected failures in their own words, and calls anything else an internal error, logged', () => {
    expect(failureOutcome(new InputError('the deployment has no container app'), [], log)).toEqual({
      status: 'failed',
      summary: 'Failed: The deployment has no container app.',
    });
    const internal = failureOutcome(new TypeError('x is undefined'), applied, log);
    expect(internal.summary).toMatch(/^Failed with an internal error: x is undefined\. The change was already applied/);
    expect(log.logger.error).toHaveBeenCalledWith('Operation failed unexpectedly', expect.objectContaining({ operationId: 'op-1' }));
  });
});
