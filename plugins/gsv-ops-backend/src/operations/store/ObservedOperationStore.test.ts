import type { OperationStore, StoredOperation } from './types';
import { ObservedOperationStore } from './ObservedOperationStore';

function innerStore(finishes: boolean) {
  const stored = { id: 'op-1', status: 'succeeded', holder: 'replica-a', requestHash: 'h' } as unknown as StoredOperation;
  return {
    create: jest.fn().mockResolvedValue(undefined),
    markRunning: jest.fn().mockResolvedValue(undefined),
    addStep: jest.fn().mockResolvedValue(3),
    updateStep: jest.fn().mockResolvedValue(undefined),
    finish: jest.fn().mockResolvedValue(finishes),
    requestCancel: jest.fn().mockResolvedValue(undefined),
    get: jest.fn().mockResolvedValue(stored),
  } as unknown as OperationStore;
}

describe('ObservedOperationStore', () => {
  it('tells the listener about every write after it is stored, and the end once with the public record', async () => {
    const listener = { changed: jest.fn(), ended: jest.fn() };
    const store = new ObservedOperationStore(innerStore(true), listener);
    await store.markRunning('op-1', 1);
    expect(await store.addStep('op-1', { name: 'rollout', status: 'running', message: '', startedAt: '2026-12-07T00:00:00Z' })).toBe(3);
    await store.updateStep('op-1', 3, { status: 'succeeded' });
    await store.requestCancel('op-1', 'user:default/jane', 2);
    expect(await store.finish('op-1', { status: 'succeeded', summary: 'done' }, 3)).toBe(true);
    expect(listener.changed).toHaveBeenCalledTimes(5);
    expect(listener.ended).toHaveBeenCalledWith({ id: 'op-1', status: 'succeeded' });
  });

  it('says nothing about an end someone else recorded, and a failing listener never fails the write', async () => {
    const onError = jest.fn();
    const listener = {
      changed: jest.fn(() => {
        throw new Error('boom');
      }),
      ended: jest.fn(),
    };
    const store = new ObservedOperationStore(innerStore(false), listener, onError);
    await expect(store.finish('op-1', { status: 'failed', summary: 'x' }, 3)).resolves.toBe(false);
    await expect(store.markRunning('op-1', 1)).resolves.toBeUndefined();
    expect(listener.ended).not.toHaveBeenCalled();
    expect(onError).toHaveBeenCalledTimes(1);
  });
});
