import { createElement, type ReactNode } from 'react';
import { renderHook, waitFor } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { gsvOpsApiRef } from '../api/GsvOpsApi';
import { fakeSignalApi } from '../__testUtils__/fakeSignalApi';
import { useOpenIncident } from './useOpenIncident';

describe('useOpenIncident', () => {
  it("reads the incident again on the entity's incidents signal: a note by someone else shows at once", async () => {
    const { api: signals, listeners, emit } = fakeSignalApi();
    const incident = { id: 'GSV-INC-1', status: 'open' };
    const listIncidents = jest.fn().mockResolvedValue({ items: [incident] });
    const getIncident = jest
      .fn()
      .mockResolvedValueOnce({ incident, timeline: [] })
      .mockResolvedValueOnce({
        incident,
        timeline: [{ kind: 'note', title: 'DB failover started' }],
      });
    const wrapper = ({ children }: { children: ReactNode }) =>
      createElement(TestApiProvider, {
        apis: [
          [gsvOpsApiRef, { listIncidents, getIncident }],
          [signalApiRef, signals],
        ],
        children,
      });
    const { result } = renderHook(
      () => useOpenIncident('Component:default/agent-registry', 'e1'),
      { wrapper },
    );
    await waitFor(() => expect(result.current.detail).toBeDefined());
    expect(
      listeners.has('gsv-ops:incidents:component:default/agent-registry'),
    ).toBe(true);

    emit('gsv-ops:incidents:component:default/agent-registry');
    await waitFor(() =>
      expect(result.current.detail?.timeline).toHaveLength(1),
    );
    expect(getIncident).toHaveBeenCalledTimes(2);
  });
});
