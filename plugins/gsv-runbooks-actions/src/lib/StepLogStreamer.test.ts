import { mockServices } from '@backstage/backend-test-utils';
import { loggedLines } from '../__testUtils__/actionTestKit';
import { StepLogStreamer } from './StepLogStreamer';

describe('StepLogStreamer', () => {
  it('logs each step when it appears and when it changes, and each diff once', () => {
    const logger = mockServices.logger.mock();
    const streamer = new StepLogStreamer(logger);
    const base = {
      id: 'op-1',
      dryRun: false,
      status: 'running',
    } as any;
    const step = (status: string, message: string, diff?: string) => ({
      index: 0,
      name: 'apply',
      status,
      message,
      startedAt: 'x',
      ...(diff
        ? {
            detail: {
              diff,
              object: {
                kind: 'Deployment',
                namespace: 'cmp',
                name: 'agent-registry',
              },
            },
          }
        : {}),
    });

    streamer.log({ ...base, steps: [step('running', 'Patching', '+ x')] });
    streamer.log({ ...base, steps: [step('running', 'Patching', '+ x')] });
    streamer.log({
      ...base,
      steps: [
        step('succeeded', 'Patched', '+ x'),
        { ...step('failed', 'Timed out'), index: 1, name: 'wait' },
      ],
    });

    expect(loggedLines(logger)).toEqual([
      '[apply] running: Patching',
      '[apply] change of Deployment cmp/agent-registry:\n+ x',
      '[apply] succeeded: Patched',
      '[wait] failed: Timed out',
    ]);
    expect((logger.error as jest.Mock).mock.calls).toEqual([
      ['[wait] failed: Timed out'],
    ]);
  });
});
