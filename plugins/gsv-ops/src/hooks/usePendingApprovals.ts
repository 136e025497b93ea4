import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { PendingApproval } from '@gsv/plugin-gsv-ops-common';
import { gsvOpsApiRef } from '../api/GsvOpsApi';
import { isAbortError } from '../lib/errors';
import { usePageVisibility } from './usePageVisibility';

export interface PendingApprovals {
  items?: PendingApproval[];
  error?: Error;
  /** Approves or rejects one; the list reloads after. */
  decide(
    id: string,
    decision: 'approve' | 'reject',
    comment?: string,
  ): Promise<void>;
}

/**
 * The entity's operations that wait for an approval (or a review after a P1 run). Refetched when `refreshKey` changes
 * (the recent operations' statuses: a new request or a decision shows there first) and after a decision here.
 */
export function usePendingApprovals(
  entityRef: string,
  refreshKey: string | undefined,
): PendingApprovals {
  const api = useApi(gsvOpsApiRef);
  const visible = usePageVisibility();
  const [state, setState] = useState<{
    items?: PendingApproval[];
    error?: Error;
  }>({});
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!visible) return undefined;
    const controller = new AbortController();
    api
      .listPendingApprovals({ entityRef }, { signal: controller.signal })
      .then(list => setState({ items: list.items }))
      .catch(error => {
        if (!isAbortError(error)) setState(s => ({ ...s, error }));
      });
    return () => controller.abort();
  }, [api, entityRef, refreshKey, visible, tick]);

  const decide = useCallback(
    async (id: string, decision: 'approve' | 'reject', comment?: string) => {
      try {
        await api.decideApproval(id, decision, comment);
      } finally {
        setTick(t => t + 1);
      }
    },
    [api],
  );

  return { ...state, decide };
}
