import { mockServices } from '@backstage/backend-test-utils';
import type { OperationRecord } from '@gsv/plugin-gsv-ops-common';
import { loggedLines } from '../__testUtils__/actionTestKit';
import { cancelOperation } from './cancelOperation';
import { StepLogStreamer } from './StepLogStreamer';

const running = {
  id: 'op-1',
  status: 'running',
  dryRun: false,
  steps: [],
} as unknown as OperationRecord;

/** A follower of op-1 whose cancel request and reads answer as given. */
function followerOf(engine: {
  cancel: () => Promise<OperationRecord>;
  read: () => Promise<OperationRecord | undefined>;
}) {
  const logger = mockServices.logger.mock();
  const follower = {
    operation: {
      operationId: 'op-1',
      client: { cancelOperation: engine.cancel } as any,
      tokens: { token: async () => 'token' } as any,
      logger,
      streamer: new StepLogStreamer(logger),
      pollIntervalMs: 0,
      link: 'http://backstage.test/ops',
    },
    waitForNextPoll: async () => {},
    read: engine.read,
  };
  return { follower, logger };
}

describe('cancelOperation', () => {
  afterEach(() => jest.restoreAllMocks());

  it('keeps waiting for the operation to stop when the backend did not accept the cancellation', async () => {
    const reads = [running, { ...running, status: 'cancelled' as const }];
    const { follower, logger } = followerOf({
      cancel: async () => {
        throw new Error('backend restarting');
      },
      read: async () => reads.shift(),
    });

    await expect(cancelOperation(follower, running)).resolves.toMatchObject({
      status: 'cancelled',
    });
    expect(loggedLines(logger)).toContainEqual(
      'The gsv-ops backend did not accept the cancellation: backend restarting',
    );
  });

  it('says so when the operation finished before it could be cancelled', async () => {
    const { follower, logger } = followerOf({
      cancel: async () => ({ ...running, status: 'succeeded' }),
      read: async () => undefined,
    });

    await expect(cancelOperation(follower, running)).resolves.toMatchObject({
      status: 'succeeded',
    });
    expect(loggedLines(logger)).toContainEqual(
      'Operation op-1 finished before it could be cancelled',
    );
  });

  it('gives up when the operation is still running a minute after the request', async () => {
    let now = Date.now();
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const { follower } = followerOf({
      cancel: async () => running,
      // every read, 20 s after the one before, finds it still running
      read: async () => {
        now += 20_000;
        return running;
      },
    });

    await expect(cancelOperation(follower, running)).rejects.toThrow(
      /Cancellation of operation op-1 was requested, but it is still running\. Follow it in the Ops tab/,
    );
  });
});
