/**
 * The emulator's notion of time. Everything time-based (pods getting ready, backups finishing, cron schedules,
 * certificate expiry, ages in `kubectl get`) reads this clock, so tests can run a day of cluster life in
 * milliseconds and the CLI can run faster than real time.
 *
 * Simulated time = start + (real elapsed × speed) + manual advances; in manual mode the real elapsed part is zero.
 */

/** @public */
export interface ClockOptions {
  /** Simulated time at start-up (default: the real time). */
  start?: Date | string | number;
  /** Simulated milliseconds per real millisecond (default 1; e.g. 60 makes a minute pass every second). */
  speed?: number;
  /** Time moves only through `advance()` (for deterministic tests). Default false. */
  manual?: boolean;
}

/** @public */
export interface ClockTimer {
  readonly at: number;
  readonly id: number;
}

interface ScheduledTimer extends ClockTimer {
  callback: () => void;
}

const MAX_REAL_DELAY = 60_000;

/** @public */
export class SimulatedClock {
  private readonly startSimulated: number;
  private startReal: number;
  private offset = 0;
  private currentSpeed: number;
  private isManual: boolean;
  private frozenAt: number | undefined;
  private timers: ScheduledTimer[] = [];
  private nextId = 1;
  private realTimer: NodeJS.Timeout | undefined;
  private advancing = false;
  private disposed = false;
  private settleHooks: Array<() => Promise<void>> = [];

  constructor(options: ClockOptions = {}) {
    this.startSimulated = options.start === undefined ? Date.now() : new Date(options.start).getTime();
    if (Number.isNaN(this.startSimulated)) {
      throw new Error(`Invalid clock start: ${String(options.start)}`);
    }
    this.startReal = performance.now();
    this.currentSpeed = options.speed ?? 1;
    if (!(this.currentSpeed > 0)) throw new Error('Clock speed must be positive');
    this.isManual = options.manual ?? false;
    this.frozenAt = this.isManual ? this.startSimulated : undefined;
  }

  /** Simulated time in epoch milliseconds. */
  now(): number {
    if (this.frozenAt !== undefined) return Math.floor(this.frozenAt + this.offset);
    return Math.floor(this.startSimulated + (performance.now() - this.startReal) * this.currentSpeed + this.offset);
  }

  date(): Date {
    return new Date(this.now());
  }

  get speed(): number {
    return this.currentSpeed;
  }

  get manual(): boolean {
    return this.isManual;
  }

  /** Changes the speed from now on, keeping the current simulated time. */
  setSpeed(speed: number): void {
    if (!(speed > 0)) throw new Error('Clock speed must be positive');
    this.rebase();
    this.currentSpeed = speed;
    this.scheduleReal();
  }

  /** Stops (manual = true) or resumes real-time flow, keeping the current simulated time. */
  setManual(manual: boolean): void {
    const now = this.now();
    this.isManual = manual;
    this.offset = 0;
    if (manual) {
      this.frozenAt = now;
    } else {
      this.frozenAt = undefined;
      this.startReal = performance.now();
      this.offset = now - this.startSimulated;
    }
    this.scheduleReal();
  }

  /** Runs `callback` when simulated time reaches `at` (epoch ms). */
  setTimer(at: number, callback: () => void): ClockTimer {
    const timer: ScheduledTimer = { at, id: this.nextId++, callback };
    let low = 0;
    let high = this.timers.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.timers[middle].at <= at) low = middle + 1;
      else high = middle;
    }
    this.timers.splice(low, 0, timer);
    if (low === 0) this.scheduleReal();
    return timer;
  }

  /** Runs `callback` after `delay` simulated milliseconds. */
  after(delay: number, callback: () => void): ClockTimer {
    return this.setTimer(this.now() + Math.max(0, delay), callback);
  }

  cancel(timer: ClockTimer | undefined): void {
    if (!timer) return;
    const index = this.timers.findIndex(candidate => candidate.id === timer.id);
    if (index >= 0) this.timers.splice(index, 1);
  }

  /** Number of pending timers (for diagnostics). */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /**
   * Registers work to await after each batch of timers fired by `advance()` — the controller manager drains its
   * queues here, so one `advance(60_000)` plays a whole minute of cause and effect in order.
   */
  onSettle(hook: () => Promise<void>): void {
    this.settleHooks.push(hook);
  }

  /**
   * Moves simulated time forward by `milliseconds`, firing due timers in time order and letting the controllers
   * react after each one. Resolves when the cluster has settled at the target time.
   */
  async advance(milliseconds: number): Promise<void> {
    if (milliseconds < 0) throw new Error('The clock cannot go backwards');
    const target = this.now() + milliseconds;
    this.advancing = true;
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = undefined;
    try {
      await this.settle();
      let fired = 0;
      while (this.timers.length > 0 && this.timers[0].at <= target && !this.disposed) {
        const next = this.timers[0];
        if (next.at > this.now()) this.offset += next.at - this.now();
        this.fireDue();
        await this.settle();
        // Let network I/O (watchers, clients) breathe during long advances.
        if (++fired % 200 === 0) await new Promise(resolve => setImmediate(resolve));
      }
      if (target > this.now()) this.offset += target - this.now();
      this.fireDue();
      await this.settle();
    } finally {
      this.advancing = false;
      this.scheduleReal();
    }
  }

  /** Moves simulated time to an absolute instant (no-op when it is in the past). */
  async advanceTo(time: number | Date | string): Promise<void> {
    const target = new Date(time).getTime();
    await this.advance(Math.max(0, target - this.now()));
  }

  /** Lets the controllers finish reacting to what just happened, without moving time. */
  async settle(): Promise<void> {
    for (const hook of this.settleHooks) {
      await hook();
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = undefined;
    this.timers = [];
  }

  private rebase(): void {
    if (this.frozenAt !== undefined) return;
    const now = this.now();
    this.startReal = performance.now();
    this.offset = now - this.startSimulated;
  }

  private fireDue(): void {
    const now = this.now();
    while (this.timers.length > 0 && this.timers[0].at <= now) {
      const timer = this.timers.shift()!;
      try {
        timer.callback();
      } catch (error) {
        // A failing timer must not stop the clock; the controllers log their own errors.
        process.emitWarning(`devcluster timer failed: ${String(error)}`);
      }
    }
  }

  private scheduleReal(): void {
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = undefined;
    if (this.disposed || this.advancing || this.isManual || this.timers.length === 0) return;
    const delay = Math.min(MAX_REAL_DELAY, Math.max(0, (this.timers[0].at - this.now()) / this.currentSpeed));
    this.realTimer = setTimeout(() => {
      this.realTimer = undefined;
      this.fireDue();
      this.scheduleReal();
    }, Math.ceil(delay));
    this.realTimer.unref();
  }
}
