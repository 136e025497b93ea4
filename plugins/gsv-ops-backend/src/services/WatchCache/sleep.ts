/**
 * A sleep that ends early when the signal aborts or when `wake()` is called; it leaves no timer behind.
 */
export function cancellableSleep(ms: number, signal: AbortSignal): { done: Promise<void>; wake: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let finish: () => void = () => {};
  const done = new Promise<void>(resolve => {
    finish = () => {
      if (timer !== undefined) clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      resolve();
    };
  });
  if (signal.aborted) {
    finish();
  } else {
    timer = setTimeout(finish, ms);
    signal.addEventListener('abort', finish, { once: true });
  }
  return { done, wake: finish };
}
