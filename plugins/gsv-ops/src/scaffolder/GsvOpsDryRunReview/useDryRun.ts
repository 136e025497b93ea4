import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import type {
  DryRunReviewValue,
  OperationRecord,
  RunbookRequest,
} from '@gsv/plugin-gsv-ops-common';
import { gsvOpsApiRef } from '../../api/GsvOpsApi';
import { backendErrorMessage } from '../../lib/errors';
import { followOperation } from '../../lib/followOperation';

export type DryRunState =
  | { phase: 'idle' }
  | { phase: 'running' }
  | { phase: 'done'; record: OperationRecord; fingerprint: string }
  | { phase: 'error'; message: string; fingerprint: string };

/** Without signals: how often a dry run still running is read again, and for how long. */
const POLL_MS = 1000;
const FOLLOW_TIMEOUT_MS = 120_000;
/** With signals: a read every 10 s in case a signal is lost. */
const SAFETY_REFRESH_MS = 10_000;

/**
 * The engine's dry run of the form's request: run at once for a new request, or the one already reviewed shown
 * again (after going back and forth); `run` runs it again. A review of another request is cleared from the form.
 * Only the latest run or read may set the state.
 */
export function useDryRun({
  request,
  fingerprint,
  reviewed,
  onChange,
}: {
  request?: RunbookRequest;
  /** Identifies `request`: a review counts only for the fingerprint it was made for. */
  fingerprint?: string;
  reviewed?: DryRunReviewValue;
  onChange: (value: DryRunReviewValue) => void;
}) {
  const api = useApi(gsvOpsApiRef);
  const signals = useApiHolder().get(signalApiRef);
  const [state, setState] = useState<DryRunState>({ phase: 'idle' });
  const generation = useRef(0);

  /** Sets the state to an operation's outcome, unless a later run or read started since. */
  const settle = useCallback(
    async (
      mine: number,
      print: string,
      operation: Promise<OperationRecord>,
    ) => {
      try {
        const record = await operation;
        if (mine === generation.current)
          setState({ phase: 'done', record, fingerprint: print });
      } catch (error) {
        if (mine === generation.current)
          setState({
            phase: 'error',
            message: backendErrorMessage(error),
            fingerprint: print,
          });
      }
    },
    [],
  );

  const run = useCallback(async () => {
    if (!request || !fingerprint) return;
    const mine = ++generation.current;
    setState({ phase: 'running' });
    await settle(
      mine,
      fingerprint,
      (async () => {
        const record = await api.startOperation({
          ...request,
          dryRun: true,
          origin: 'scaffolder-form:review',
        });
        return followOperation(record, {
          get: id => api.getOperation(id),
          signals,
          pollMs: POLL_MS,
          safetyRefreshMs: SAFETY_REFRESH_MS,
          timeoutMs: FOLLOW_TIMEOUT_MS,
        });
      })(),
    );
    // request is derived from the fingerprint
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, signals, fingerprint, settle]);

  // A review of another request no longer counts.
  useEffect(() => {
    if (reviewed?.fingerprint && reviewed.fingerprint !== fingerprint) {
      onChange(undefined as unknown as DryRunReviewValue);
    }
  }, [fingerprint, reviewed?.fingerprint, onChange]);

  // Show the dry run that was already reviewed (after going back and forth), else run one for the current values.
  useEffect(() => {
    if (!fingerprint) return;
    if (reviewed?.operationId && reviewed.fingerprint === fingerprint) {
      settle(
        ++generation.current,
        fingerprint,
        api.getOperation(reviewed.operationId),
      );
      return;
    }
    run();
    // only when the request changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fingerprint]);

  return { state, run };
}
