import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
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
 * change the cluster, so the view changes with them) and every `intervalMs` while one has not ended — never
 * while the tab is hidden.
 */
export function useRecentOperations(
  entityRef: string,
  refreshKey: string | undefined,
  options: { limit?: number; intervalMs?: number } = {},
): RecentOperations {
  const { limit = 10, intervalMs = 10_000 } = options;
  const api = useApi(gsvOpsApiRef);
  const visible = usePageVisibility();
  const [state, setState] = useState<RecentOperations>({ loading: true });
  const [tick, setTick] = useState(0);
  const active = state.items?.some(op => !isTerminalStatus(op.status)) ?? false;

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
    if (!visible || !active) return undefined;
    const timer = setInterval(() => setTick(t => t + 1), intervalMs);
    return () => clearInterval(timer);
  }, [visible, active, intervalMs]);

  return state;
}
