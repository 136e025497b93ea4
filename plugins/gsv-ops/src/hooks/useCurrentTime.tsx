import { createContext, ReactNode, useContext } from 'react';
import { useNow } from './useNow';

const NowContext = createContext<number | undefined>(undefined);

/** One ticking clock for a whole page, so hundreds of relative times share a single timer. */
export const NowProvider = ({
  children,
  intervalMs = 5000,
}: {
  children: ReactNode;
  intervalMs?: number;
}) => {
  const now = useNow(intervalMs);
  return <NowContext.Provider value={now}>{children}</NowContext.Provider>;
};

/** The page's clock (or the wall clock outside a `NowProvider`). */
export function useCurrentTime(): number {
  return useContext(NowContext) ?? Date.now();
}
