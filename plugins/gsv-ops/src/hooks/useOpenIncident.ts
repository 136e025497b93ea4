import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { Incident, IncidentDetail } from '@gsv/plugin-gsv-ops-common';
import { gsvOpsApiRef } from '../api/GsvOpsApi';
import { isAbortError } from '../lib/errors';
import { usePageVisibility } from './usePageVisibility';

/** How often an open incident is read again when the Ops view did not change. */
const OPEN_REFRESH_MS = 30_000;

export interface OpenIncidentState {
  loading: boolean;
  error?: Error;
  /** The open incident of the entity with its timeline; undefined when none is open. */
  detail?: IncidentDetail;
  /** The most recently declared resolved incident, whose record can be shown. */
  lastResolved?: Incident;
  /** Loads again (after a change made here). */
  reload(): void;
}

/**
 * The entity's open incident and its timeline, and its last resolved one. Refetched when `refreshKey` changes (the Ops
 * view's etag: a new alert, event or operation shows there first), after `reload()`, when the page becomes visible
 * again, and every 30 seconds while an incident is open.
 */
export function useOpenIncident(
  entityRef: string,
  refreshKey: string | undefined,
): OpenIncidentState {
  const api = useApi(gsvOpsApiRef);
  const visible = usePageVisibility();
  const [state, setState] = useState<Omit<OpenIncidentState, 'reload'>>({
    loading: true,
  });
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!visible) return undefined;
    const controller = new AbortController();
    const options = { signal: controller.signal };
    api
      .listIncidents({ entityRef }, options)
      .then(async list => {
        const open = list.items.find(i => i.status === 'open');
        const lastResolved = list.items.find(i => i.status === 'resolved');
        const detail = open
          ? await api.getIncident(open.id, options)
          : undefined;
        setState({ loading: false, detail, lastResolved });
      })
      .catch(error => {
        if (!isAbortError(error))
          setState(s => ({ ...s, loading: false, error }));
      });
    return () => controller.abort();
  }, [api, entityRef, refreshKey, visible, tick]);

  // Notes and changes by others do not change the Ops view: while an incident is open, look again now and then.
  const open = Boolean(state.detail);
  useEffect(() => {
    if (!open || !visible) return undefined;
    const timer = setInterval(() => setTick(t => t + 1), OPEN_REFRESH_MS);
    return () => clearInterval(timer);
  }, [open, visible]);

  const reload = useCallback(() => setTick(t => t + 1), []);
  return { ...state, reload };
}
