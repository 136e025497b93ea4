import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { forTaskLog } from './taskErrors';

describe('forTaskLog', () => {
  it('leaves one line for the task log and gives the stack to the backend log', () => {
    const logger = mockServices.logger.mock();
    const original = new InputError(
      'Invalid parameters for gsv:deployment:scale: parameters.replicas: Expected number',
    );
    const stack = original.stack!;
    expect(stack).toMatch(/\n\s+at /);

    const error = forTaskLog(original, {
      logger,
      what: 'gsv:deployment:scale in task t-1',
    });

    expect(error).toBeInstanceOf(InputError);
    expect(String(error.stack)).toBe(
      'InputError: Invalid parameters for gsv:deployment:scale: parameters.replicas: Expected number',
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'Runbook action gsv:deployment:scale in task t-1 failed: Invalid parameters for gsv:deployment:scale: parameters.replicas: Expected number',
      { stack },
    );
  });

  it('drops the cause, whose stack the scaffolder would print too', () => {
    const error = forTaskLog(
      new Error('Failed to reach gsv-ops', {
        cause: new Error('ECONNREFUSED /srv/x'),
      }),
      { what: 'x' },
    );
    expect(error).not.toHaveProperty('cause');
  });

  it('turns anything thrown into an error', () => {
    expect(forTaskLog('boom', { what: 'x' }).stack).toBe('Error: boom');
  });
});
