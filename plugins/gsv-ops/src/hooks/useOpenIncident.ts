import { useCallback, useEffect, useState } from 'react';
import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  gsvOpsSignalChannels,
  type Incident,
  type IncidentDetail,
} from '@gsv/plugin-gsv-ops-common';
import { gsvOpsApiRef } from '../api/GsvOpsApi';
import { isAbortError } from '../lib/errors';
import { usePollInterval } from './useEntityMetrics';
import { usePageVisibility } from './usePageVisibility';

/** How often an open incident is read again when the Ops view did not change (without signals). */
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
 * view's etag: a new event or operation shows there first), after `reload()`, when the page becomes visible again, on
 * the entity's incidents signal (declared, changed, noted or resolved by anyone; an alert seen starting or ending),
 * and while an incident is open every 30 seconds — every 2 minutes when signals keep the page live.
 */
export function useOpenIncident(
  entityRef: string,
  refreshKey: string | undefined,
): OpenIncidentState {
  const api = useApi(gsvOpsApiRef);
  const signals = useApiHolder().get(signalApiRef);
  const visible = usePageVisibility();
  const intervalMs = usePollInterval(OPEN_REFRESH_MS);
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

  // Notes and changes by others do not change the Ops view: their signal says so, at once.
  useEffect(() => {
    if (!signals || !visible) return undefined;
    const subscription = signals.subscribe(
      gsvOpsSignalChannels.incidents(entityRef),
      () => setTick(t => t + 1),
    );
    return () => subscription.unsubscribe();
  }, [signals, entityRef, visible]);

  // While an incident is open, look again now and then (alerts come from Prometheus, not the Ops view).
  const open = Boolean(state.detail);
  useEffect(() => {
    if (!open || !visible) return undefined;
    const timer = setInterval(() => setTick(t => t + 1), intervalMs);
    return () => clearInterval(timer);
  }, [open, visible, intervalMs]);

  const reload = useCallback(() => setTick(t => t + 1), []);
  return { ...state, reload };
}
