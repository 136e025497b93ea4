import { useCallback, useState } from 'react';
import { errorMessage } from '../../lib/errors';

/** Runs one change of an incident at a time: `busy` meanwhile, its error (in words) if it fails, `after` if not. */
export function useIncidentAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = useCallback(
    async (action: () => Promise<unknown>, after: () => void) => {
      setBusy(true);
      setError(undefined);
      try {
        await action();
        after();
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        setBusy(false);
      }
    },
    [],
  );
  return { busy, error, run };
}
