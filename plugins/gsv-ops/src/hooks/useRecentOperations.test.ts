import { createElement, type ReactNode } from 'react';
import { renderHook, waitFor } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { gsvOpsApiRef } from '../api/GsvOpsApi';
import { fakeSignalApi } from '../__testUtils__/fakeSignalApi';
import { useRecentOperations } from './useRecentOperations';

describe('useRecentOperations', () => {
  it("with signals, reads the list again on a running operation's signal, and stops following it once ended", async () => {
    const { api: signals, listeners, emit } = fakeSignalApi();
    const listOperations = jest
      .fn()
      .mockResolvedValueOnce({ items: [{ id: 'op-1', status: 'running' }] })
      .mockResolvedValueOnce({ items: [{ id: 'op-1', status: 'succeeded' }] });
    const wrapper = ({ children }: { children: ReactNode }) =>
      createElement(TestApiProvider, {
        apis: [
          [gsvOpsApiRef, { listOperations }],
          [signalApiRef, signals],
        ],
        children,
      });
    const { result } = renderHook(
      () => useRecentOperations('component:default/agent-registry', 'e1'),
      { wrapper },
    );
    await waitFor(() =>
      expect(listeners.has('gsv-ops:operation:op-1')).toBe(true),
    );
    expect(listOperations).toHaveBeenCalledTimes(1);

    emit('gsv-ops:operation:op-1');
    await waitFor(() =>
      expect(result.current.items?.[0].status).toBe('succeeded'),
    );
    expect(listOperations).toHaveBeenCalledTimes(2);
    expect(listeners.size).toBe(0);
  });
});
