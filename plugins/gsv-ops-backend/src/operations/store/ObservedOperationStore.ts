import type { ObjectRef, OperationRecord, OperationStep, RunbookId } from '@gsv/plugin-gsv-ops-common';
import { toRecord } from '../records';
import type { NewOperation, OperationOutcome, OperationStore, StoredOperation } from './types';

/** Told about every write to an operation, after it is stored. */
export interface OperationListener {
  /** The operation was created, started, stepped, asked to cancel or ended. */
  changed(operationId: string): void;
  /** The operation ended (once, by whichever replica ended it), with its record as stored then. */
  ended(record: OperationRecord): void;
}

/**
 * The audit log with a listener on its writes: how signals and notifications learn that an operation changed,
 * without the engine or the runner knowing about them. A failing listener never fails the write.
 */
export class ObservedOperationStore implements OperationStore {
  constructor(
    private readonly store: OperationStore,
    private readonly listener: OperationListener,
    private readonly onListenerError: (error: unknown) => void = () => {},
  ) {}

  async create(operation: NewOperation): Promise<void> {
    await this.store.create(operation);
    this.changed(operation.id);
  }

  async markRunning(id: string, at: number): Promise<void> {
    await this.store.markRunning(id, at);
    this.changed(id);
  }

  async addStep(id: string, step: Omit<OperationStep, 'index'>): Promise<number> {
    const index = await this.store.addStep(id, step);
    this.changed(id);
    return index;
  }

  async updateStep(id: string, index: number, patch: Partial<Omit<OperationStep, 'index'>>): Promise<void> {
    await this.store.updateStep(id, index, patch);
    this.changed(id);
  }

  async finish(id: string, outcome: OperationOutcome, at: number): Promise<boolean> {
    const ended = await this.store.finish(id, outcome, at);
    if (ended) {
      this.changed(id);
      const stored = await this.store.get(id).catch(this.onListenerError);
      if (stored) this.call(() => this.listener.ended(toRecord(stored)));
    }
    return ended;
  }

  async addVote(id: string, vote: { by: string; decision: 'approve' | 'reject'; comment?: string; at: number }): Promise<boolean> {
    const added = await this.store.addVote(id, vote);
    if (added) this.changed(id);
    return added;
  }

  async claimApproved(id: string, holder: string, leaseExpiresAt: number, at: number): Promise<boolean> {
    const claimed = await this.store.claimApproved(id, holder, leaseExpiresAt, at);
    if (claimed) this.changed(id);
    return claimed;
  }

  /** Ended while it waited for approval: a rejection is told by the approval's own notification, not again here. */
  async endAwaiting(id: string, outcome: OperationOutcome, at: number): Promise<boolean> {
    const ended = await this.store.endAwaiting(id, outcome, at);
    if (ended) {
      this.changed(id);
      if (outcome.status !== 'rejected') {
        const stored = await this.store.get(id).catch(this.onListenerError);
        if (stored) this.call(() => this.listener.ended(toRecord(stored)));
      }
    }
    return ended;
  }

  async markReviewed(id: string, at: number): Promise<boolean> {
    const marked = await this.store.markReviewed(id, at);
    if (marked) this.changed(id);
    return marked;
  }

  listApprovalsExpired(now: number): Promise<StoredOperation[]> {
    return this.store.listApprovalsExpired(now);
  }

  listOpenApprovals(options: { entityRef?: string; limit: number }): Promise<StoredOperation[]> {
    return this.store.listOpenApprovals(options);
  }

  async requestCancel(id: string, by: string, at: number): Promise<void> {
    await this.store.requestCancel(id, by, at);
    this.changed(id);
  }

  get(id: string): Promise<StoredOperation | undefined> {
    return this.store.get(id);
  }

  findByReviewedDryRun(dryRunId: string): Promise<string | undefined> {
    return this.store.findByReviewedDryRun(dryRunId);
  }

  list(options: Parameters<OperationStore['list']>[0]): Promise<StoredOperation[]> {
    return this.store.list(options);
  }

  lastSucceededPerTarget(runbook: RunbookId): Promise<StoredOperation[]> {
    return this.store.lastSucceededPerTarget(runbook);
  }

  lastSucceededOn(runbook: RunbookId, cluster: string, target: ObjectRef): Promise<StoredOperation | undefined> {
    return this.store.lastSucceededOn(runbook, cluster, target);
  }

  renewLease(id: string, holder: string, leaseExpiresAt: number): Promise<boolean> {
    return this.store.renewLease(id, holder, leaseExpiresAt);
  }

  deleteEnded(options: { dryRun: boolean; finishedBefore: number; limit: number }): Promise<number> {
    return this.store.deleteEnded(options);
  }

  cancelRequest(id: string): Promise<{ by: string; at: number } | undefined> {
    return this.store.cancelRequest(id);
  }

  listExpired(now: number): Promise<StoredOperation[]> {
    return this.store.listExpired(now);
  }

  private changed(id: string) {
    this.call(() => this.listener.changed(id));
  }

  private call(fn: () => void) {
    try {
      fn();
    } catch (e) {
      this.onListenerError(e);
    }
  }
}
