import { useEffect, useState } from 'react';
import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  gsvOpsSignalChannels,
  isTerminalStatus,
  type OperationRecord,
} from '@gsv/plugin-gsv-ops-common';
import { gsvOpsApiRef } from '../api/GsvOpsApi';
import { isAbortError } from '../lib/errors';
import { usePageVisibility } from './usePageVisibility';

export interface RecentOperations {
  items?: OperationRecord[];
  error?: Error;
  loading: boolean;
}

/**
 * The latest operations on an entity. Refetched whenever `refreshKey` changes (pass the view's etag: operations
 * change the cluster, so the view changes with them) and, while one has not ended, on each of its signals (with
 * the app's signals plugin) or else every `intervalMs` — never while the tab is hidden.
 */
export function useRecentOperations(
  entityRef: string,
  refreshKey: string | undefined,
  options: { limit?: number; intervalMs?: number } = {},
): RecentOperations {
  const { limit = 10, intervalMs = 10_000 } = options;
  const api = useApi(gsvOpsApiRef);
  const signals = useApiHolder().get(signalApiRef);
  const visible = usePageVisibility();
  const [state, setState] = useState<RecentOperations>({ loading: true });
  const [tick, setTick] = useState(0);
  const running = (state.items ?? [])
    .filter(op => !isTerminalStatus(op.status))
    .map(op => op.id)
    .join(',');

  useEffect(() => {
    if (!visible) return undefined;
    const controller = new AbortController();
    api
      .listOperations({ entityRef, limit }, { signal: controller.signal })
      .then(list => setState({ items: list.items, loading: false }))
      .catch(error => {
        if (!isAbortError(error))
          setState(s => ({ ...s, error, loading: false }));
      });
    return () => controller.abort();
  }, [api, entityRef, limit, refreshKey, visible, tick]);

  useEffect(() => {
    if (!visible || !running) return undefined;
    const refresh = () => setTick(t => t + 1);
    if (signals) {
      const subscriptions = running
        .split(',')
        .map(id =>
          signals.subscribe(gsvOpsSignalChannels.operation(id), refresh),
        );
      return () => subscriptions.forEach(s => s.unsubscribe());
    }
    const timer = setInterval(refresh, intervalMs);
    return () => clearInterval(timer);
  }, [visible, running, intervalMs, signals]);

  return state;
}
