import { useEffect, useState } from 'react';
import { usePageVisibility } from './usePageVisibility';

/**
 * The current time, refreshed every `intervalMs` so relative times ("12 s ago") stay true. The clock stops while the
 * tab is hidden and catches up when it is shown again.
 */
export function useNow(intervalMs = 5000): number {
  const visible = usePageVisibility();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!visible) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [visible, intervalMs]);
  return now;
}
