/**
 * Jittered exponential backoff, as client-go's reflector uses it (`NewExponentialBackoffManager(800ms, 30s, 2m,
 * 2.0, 1.0)`): each failure doubles the base delay up to the cap, a random share of the base is added, and the
 * base resets once no failure happened for `resetMs`.
 */
export class Backoff {
  private current: number;
  private lastFailureAt?: number;

  constructor(
    private readonly options: {
      initialMs: number;
      maxMs: number;
      resetMs: number;
      factor?: number;
      jitter?: number;
      now?: () => number;
      random?: () => number;
    },
  ) {
    this.current = options.initialMs;
  }

  static readonly CLIENT_GO = { initialMs: 800, maxMs: 30_000, resetMs: 120_000, factor: 2, jitter: 1 };

  /** The delay before the next attempt after a failure now. */
  next(): number {
    const now = (this.options.now ?? Date.now)();
    if (this.lastFailureAt !== undefined && now - this.lastFailureAt > this.options.resetMs) {
      this.current = this.options.initialMs;
    }
    this.lastFailureAt = now;
    const base = this.current;
    const jitter = this.options.jitter ?? 1;
    const random = (this.options.random ?? Math.random)();
    const delay = Math.min(this.options.maxMs, base + base * jitter * random);
    this.current = Math.min(this.options.maxMs, base * (this.options.factor ?? 2));
    return delay;
  }

  /** The base delay the next failure would start from (for tests and status). */
  peekBase(): number {
    return this.current;
  }
}
