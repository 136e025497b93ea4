import { useEffect, useState } from 'react';

/**
 * False on the first render, true once that render has been painted: lets a page show what fits the first
 * screen at once and render the rest in the next frame (a big service's Ops tab otherwise makes the user wait
 * for every table before seeing anything).
 */
export function useAfterFirstPaint(ready = true): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (!ready || painted) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const afterFrame = () => {
      timer = setTimeout(() => setPainted(true), 0);
    };
    if (typeof requestAnimationFrame === 'function') {
      const frame = requestAnimationFrame(afterFrame);
      return () => {
        cancelAnimationFrame(frame);
        if (timer) clearTimeout(timer);
      };
    }
    afterFrame();
    return () => {
      if (timer) clearTimeout(timer);
    };
  }, [ready, painted]);
  return painted;
}
