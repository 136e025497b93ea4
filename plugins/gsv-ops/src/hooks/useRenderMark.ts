import { useEffect, useRef } from 'react';

/**
 * Leaves a User Timing mark (`performance.mark(name)`) once, after the first frame in which `ready` is true has been
 * painted. The browser tests read it to measure the time from the data's arrival to the first meaningful render.
 */
export function useRenderMark(name: string, ready: boolean): void {
  const done = useRef(false);
  useEffect(() => {
    if (
      !ready ||
      done.current ||
      typeof performance === 'undefined' ||
      typeof performance.mark !== 'function'
    ) {
      return undefined;
    }
    done.current = true;
    if (typeof requestAnimationFrame !== 'function') {
      performance.mark(name);
      return undefined;
    }
    // The next animation frame runs after this commit's layout; the mark lands when the frame is painted.
    const frame = requestAnimationFrame(() =>
      setTimeout(() => performance.mark(name), 0),
    );
    return () => cancelAnimationFrame(frame);
  }, [name, ready]);
}
