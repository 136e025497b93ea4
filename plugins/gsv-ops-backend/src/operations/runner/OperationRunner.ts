import type { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import type { OperationsConfig } from '../config/readOperationsConfig';
import { LeaseLostError, messageOf, OperationCancelledError, ShutdownError } from '../errors';
import type { LockManager, OperationStore } from '../store/types';
import { failureOutcome, type AppliedChange, type EndStatus } from './outcome';
import { createRunbookContext } from './runbookContext';
import type { Execution } from './types';

export interface OperationRunnerOptions {
  store: OperationStore;
  locks: LockManager;
  config: OperationsConfig;
  auditor: AuditorService;
  logger: LoggerService;
  instanceId: string;
  now: () => number;
  leaseNow: () => number;
}

interface Running {
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Runs admitted operations on this backend instance: the runbook's steps, a heartbeat that renews the lease and
 * picks up cancel requests from any replica, and an honest end — succeeded, failed, cancelled or interrupted, with
 * what was already changed — recorded, audited and unlocked whatever happens.
 */
export class OperationRunner {
  private readonly running = new Map<string, Running>();

  constructor(private readonly options: OperationRunnerOptions) {}

  /** Starts the operation; the promise settles when it has ended and its end is recorded. */
  execute(op: Execution): Promise<void> {
    const controller = new AbortController();
    const done = this.run(op, controller).finally(() => this.running.delete(op.id));
    this.running.set(op.id, { controller, done });
    return done;
  }

  /** Aborts a local operation with a reason (a cancel, a shutdown); false when it does not run here. */
  abort(id: string, reason: Error): Promise<void> | undefined {
    const local = this.running.get(id);
    if (!local) return undefined;
    local.controller.abort(reason);
    return local.done;
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  /** Stops every local operation (recorded as interrupted, locks released) and waits until each recorded it. */
  async shutdown(): Promise<void> {
    const running = [...this.running.values()];
    for (const r of running) r.controller.abort(new ShutdownError());
    await Promise.allSettled(running.map(r => r.done));
  }

  /** Waits for every operation this instance runs (tests). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running.values()].map(r => r.done));
  }

  private async run(op: Execution, controller: AbortController): Promise<void> {
    const { store, logger } = this.options;
    const audit = await this.options.auditor.createEvent({
      eventId: 'operation-execution',
      severityLevel: op.environment === 'prod' ? 'high' : 'medium',
      meta: {
        operationId: op.id,
        runbook: op.runbook.id,
        entityRef: op.entityRef,
        cluster: op.cluster.name,
        environment: op.environment,
        target: op.targetRef as unknown as JsonObject,
        dryRun: op.dryRun,
        initiatedBy: op.initiatedBy,
        ...(op.incident ? { incident: { id: op.incident.id, severity: op.incident.severity } } : {}),
      },
    });
    const stopHeartbeat = this.heartbeat(op, controller);
    const applied: AppliedChange[] = [];
    let end: { status: EndStatus; summary: string; result?: Record<string, unknown>; failure?: Error };
    try {
      await store.markRunning(op.id, this.options.now());
      const outcome = await op.runbook.run(createRunbookContext(op, controller.signal, applied, { ...this.options }));
      end = { status: 'succeeded', summary: outcome.summary, result: outcome.result };
    } catch (e) {
      const reason = controller.signal.aborted ? controller.signal.reason : e;
      const failure = reason instanceof Error ? reason : new Error(messageOf(reason));
      end = { ...failureOutcome(reason, applied, { logger, operationId: op.id, runbook: op.runbook.id }), failure };
    } finally {
      stopHeartbeat();
    }
    await this.recordEnd(op, end);
    if (end.status === 'succeeded') await audit.success({ meta: { status: end.status, summary: end.summary } });
    else await audit.fail({ error: end.failure ?? new Error(end.summary), meta: { status: end.status, summary: end.summary } });
    logger.info('Operation finished', { operationId: op.id, runbook: op.runbook.id, cluster: op.cluster.name, status: end.status, dryRun: op.dryRun });
  }

  /** Writes the end and releases the locks; neither failing stops the other (leases expire anyway). */
  private async recordEnd(op: Execution, end: { status: EndStatus; summary: string; result?: Record<string, unknown> }) {
    const { store, locks, logger } = this.options;
    try {
      const ended = await store.finish(op.id, { status: end.status, summary: end.summary, result: end.result }, this.options.now());
      if (!ended) logger.warn('Operation had already been ended by someone else (its lease ran out)', { operationId: op.id });
    } catch (e) {
      logger.error('Could not record the end of an operation', { operationId: op.id, error: messageOf(e) });
    }
    await locks.release({ operationId: op.id }).catch(e =>
      logger.warn('Could not release the locks of an operation; they expire with their lease', { operationId: op.id, error: messageOf(e) }),
    );
  }

  /**
   * Renews the locks and the lease while the operation runs, and aborts it when they were lost or when someone asked
   * to cancel it (through any replica). Returns the function that stops it.
   */
  private heartbeat(op: Execution, controller: AbortController): () => void {
    const { store, locks, config, logger } = this.options;
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const beat = async () => {
      try {
        const now = this.options.leaseNow();
        const [lockOk, leaseOk] = await Promise.all([
          locks.renew({ targets: op.lockTargets, operationId: op.id, now, leaseMs: config.leaseMs }),
          store.renewLease(op.id, this.options.instanceId, now + config.leaseMs),
        ]);
        if (!lockOk || !leaseOk) {
          controller.abort(new LeaseLostError());
          return;
        }
        const cancel = await store.cancelRequest(op.id);
        if (cancel) controller.abort(new OperationCancelledError(cancel.by));
      } catch (e) {
        logger.warn('Could not renew the lease of an operation; will retry', { operationId: op.id, error: messageOf(e) });
      }
      if (!stopped && !controller.signal.aborted) timer = setTimeout(beat, heartbeatMs(config.leaseMs));
    };
    timer = setTimeout(beat, heartbeatMs(config.leaseMs));
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }
}

/**
 * How often a running operation renews its lease and looks for a cancel request from another replica: a third of
 * the lease, at most every 5 s (so a cancel through another replica takes effect within seconds).
 */
function heartbeatMs(leaseMs: number): number {
  return Math.max(100, Math.min(leaseMs / 3, 5000));
}
