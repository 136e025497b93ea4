import type { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import type { OperationsConfig } from '../config/readOperationsConfig';
import { messageOf } from '../errors';
import { describeRef } from '../records';
import type { StoredOperation, LockManager, OperationStore } from '../store/types';

export interface MaintenanceOptions {
  store: OperationStore;
  locks: LockManager;
  config: OperationsConfig;
  auditor: AuditorService;
  logger: LoggerService;
  now: () => number;
  leaseNow: () => number;
  /** Whether this instance runs the operation right now (its lease is renewed, whatever the clock says). */
  isRunningHere: (id: string) => boolean;
  /** Cleans up after an interrupted operation (its Jobs); answers what it did, for the record. */
  cleanUpInterrupted?: (op: StoredOperation) => Promise<string | undefined>;
}

/** The engine's housekeeping: operations whose backend died, expired locks, and the audit log's retention. */
export class Maintenance {
  constructor(private readonly options: MaintenanceOptions) {}

  /**
   * Marks operations whose backend died (lease ran out without renewal) as interrupted, never leaving them "running",
   * and drops expired locks. Safe to run on every instance at once. Returns how many it marked.
   */
  async runJanitor(): Promise<number> {
    const { store, locks } = this.options;
    const now = this.options.leaseNow();
    let count = 0;
    for (const op of await store.listExpired(now)) {
      if (this.options.isRunningHere(op.id)) continue;
      if (await this.interrupt(op)) count++;
    }
    await locks.sweep(now);
    return count;
  }

  private async interrupt(op: StoredOperation): Promise<boolean> {
    const { store, locks, auditor, logger } = this.options;
    const until = op.leaseExpiresAt ? ` at ${new Date(op.leaseExpiresAt).toISOString()}` : '';
    const summary = `Interrupted: the backend that ran this operation (${op.holder ?? 'unknown'}) stopped before it finished (its lease ran out${until}). The cluster may be half-way: check ${describeRef(op.target)} and run the runbook again if needed.`;
    const ended = await store.finish(op.id, { status: 'interrupted', summary }, this.options.now());
    if (!ended) return false;
    const at = new Date(this.options.now()).toISOString();
    await store.addStep(op.id, { name: 'interrupted', status: 'failed', message: summary, startedAt: at, finishedAt: at });
    await this.cleanUp(op);
    await locks.release({ operationId: op.id });
    const audit = await auditor.createEvent({
      eventId: 'operation-execution',
      severityLevel: op.environment === 'prod' ? 'high' : 'medium',
      meta: { operationId: op.id, runbook: op.runbook, entityRef: op.entityRef, cluster: op.cluster, holder: op.holder ?? null },
    });
    await audit.fail({ error: new Error(summary), meta: { status: 'interrupted' } });
    logger.warn('Marked an operation interrupted: its backend stopped', { operationId: op.id, holder: op.holder });
    return true;
  }

  private async cleanUp(op: StoredOperation): Promise<void> {
    if (!this.options.cleanUpInterrupted) return;
    const at = () => new Date(this.options.now()).toISOString();
    try {
      const done = await this.options.cleanUpInterrupted(op);
      if (done) await this.options.store.addStep(op.id, { name: 'cleanup', status: 'succeeded', message: done, startedAt: at(), finishedAt: at() });
    } catch (e) {
      const message = `Could not clean up after it: ${messageOf(e)}`;
      await this.options.store.addStep(op.id, { name: 'cleanup', status: 'failed', message, startedAt: at(), finishedAt: at() });
    }
  }

  /**
   * Deletes ended operations older than the retention (`gsvOps.operations.retention`) from the audit log, in batches;
   * dry runs have their own, shorter retention. Returns how many were deleted of each.
   */
  async pruneAuditLog(): Promise<{ operations: number; dryRuns: number }> {
    const now = this.options.now();
    const { operationsMs, dryRunsMs } = this.options.config.retention;
    const prune = async (dryRun: boolean, finishedBefore: number) => {
      let total = 0;
      for (;;) {
        const deleted = await this.options.store.deleteEnded({ dryRun, finishedBefore, limit: 500 });
        total += deleted;
        if (deleted < 500) return total;
      }
    };
    return { operations: await prune(false, now - operationsMs), dryRuns: await prune(true, now - dryRunsMs) };
  }
}
