/**
 * Counts the signals of one channel and lets a loop wait for the next one. A loop notes `version` before it reads,
 * so a signal that arrives while the read is in flight still wakes the wait that follows.
 */
export class SignalFeed {
  private count = 0;
  private readonly waiters = new Set<() => void>();

  get version(): number {
    return this.count;
  }

  notify(): void {
    this.count += 1;
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves once a signal arrived after `since`, after `timeoutMs`, or when `signal` aborts; never rejects. */
  wait(since: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    return new Promise(resolve => {
      if (this.count !== since || signal.aborted) {
        resolve();
        return;
      }
      let timer: ReturnType<typeof setTimeout> | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      signal.addEventListener('abort', done);
    });
  }
}
