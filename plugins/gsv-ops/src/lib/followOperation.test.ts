import type { OperationRecord } from '@gsv/plugin-gsv-ops-common';
import { fakeSignalApi } from '../__testUtils__/fakeSignalApi';
import { followOperation } from './followOperation';

const record = (status: string) => ({ id: 'op-1', status } as OperationRecord);

describe('followOperation', () => {
  it('without signals, polls until the operation ended', async () => {
    const get = jest
      .fn()
      .mockResolvedValueOnce(record('running'))
      .mockResolvedValueOnce(record('succeeded'));
    const ended = await followOperation(record('pending'), {
      get,
      pollMs: 1,
      safetyRefreshMs: 60_000,
      timeoutMs: 10_000,
    });
    expect(ended.status).toBe('succeeded');
    expect(get).toHaveBeenCalledTimes(2);
  });

  it("with signals, reads once at once, then on each of the operation's signals", async () => {
    const { api: signals, listeners, emit } = fakeSignalApi();
    const get = jest
      .fn()
      .mockResolvedValueOnce(record('running'))
      .mockResolvedValueOnce(record('succeeded'));
    const following = followOperation(record('pending'), {
      get,
      signals,
      pollMs: 1,
      safetyRefreshMs: 60_000,
      timeoutMs: 10_000,
    });
    await new Promise(r => setTimeout(r, 20));
    expect([...listeners.keys()]).toEqual(['gsv-ops:operation:op-1']);
    expect(get).toHaveBeenCalledTimes(1);
    emit('gsv-ops:operation:op-1');
    await expect(following).resolves.toMatchObject({ status: 'succeeded' });
    expect(listeners.size).toBe(0);
  });
});
