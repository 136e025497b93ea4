import type { StepHandle } from '../runbooks/types';
import type { OperationStore } from '../store/types';

/** How often a step's progress message is written while it changes (the final message is always written). */
const PROGRESS_WRITE_INTERVAL_MS = 1000;

/** Writes a step and its progress, serialised so the final state is never overwritten by a late progress write. */
export class StepRecorder {
  private message: string;
  private detail: Record<string, unknown> = {};
  private chain: Promise<unknown> = Promise.resolve();
  private lastWrite = 0;
  private pending?: NodeJS.Timeout;
  private finished = false;

  private constructor(
    private readonly store: OperationStore,
    private readonly operationId: string,
    private readonly index: number,
    message: string,
    private readonly now: () => number,
  ) {
    this.message = message;
  }

  static async start(store: OperationStore, operationId: string, name: string, message: string, now: () => number) {
    const index = await store.addStep(operationId, { name, status: 'running', message, startedAt: new Date(now()).toISOString() });
    return new StepRecorder(store, operationId, index, message, now);
  }

  readonly handle: StepHandle = {
    progress: (message: string) => {
      if (this.finished || message === this.message) return;
      this.message = message;
      const wait = this.lastWrite + PROGRESS_WRITE_INTERVAL_MS - Date.now();
      if (wait <= 0) this.write();
      else this.pending ??= setTimeout(() => this.write(), wait);
    },
    detail: (detail: Record<string, unknown>) => {
      Object.assign(this.detail, detail);
    },
  };

  private write() {
    if (this.pending) clearTimeout(this.pending);
    this.pending = undefined;
    if (this.finished) return;
    this.lastWrite = Date.now();
    const message = this.message;
    this.chain = this.chain.then(() => this.store.updateStep(this.operationId, this.index, { message })).catch(() => undefined);
  }

  async finish(status: 'succeeded' | 'failed', message?: string) {
    if (this.pending) clearTimeout(this.pending);
    this.finished = true;
    const final = message ?? this.message;
    await this.chain;
    await this.store.updateStep(this.operationId, this.index, {
      status,
      message: final,
      finishedAt: new Date(this.now()).toISOString(),
      ...(Object.keys(this.detail).length ? { detail: this.detail } : {}),
    });
  }
}
