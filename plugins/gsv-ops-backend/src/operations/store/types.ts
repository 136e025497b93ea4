import type {
  IncidentOverride,
  ObjectRef,
  OperationRecord,
  OperationStatus,
  OperationStep,
  RunbookId,
} from '@gsv/plugin-gsv-ops-common';

/** A new operation, as the engine records it once it holds the lock. */
export interface NewOperation {
  id: string;
  runbook: RunbookId;
  entityRef: string;
  cluster: string;
  environment: string;
  target: ObjectRef;
  parameters: Record<string, unknown>;
  dryRun: boolean;
  initiatedBy: string;
  origin?: string;
  incident?: IncidentOverride;
  /** `pending` (the default): it runs now; `awaiting-approval`: it runs once approved (no holder, no lease yet). */
  status?: 'pending' | 'awaiting-approval';
  /** The backend instance that runs it. */
  holder?: string;
  createdAt: number;
  leaseExpiresAt?: number;
  /** Steps already done before the record existed (validate, policy, lock). */
  steps: OperationStep[];
  /** sha256 of the normalised request (see `requestHash`): what a reviewed dry run and the real run share. */
  requestHash?: string;
  /** For a real run: the dry run it was reviewed as (each dry run serves one real run). */
  reviewedDryRunId?: string;
  /** The approval it needs, or its review after an emergency run (stored with it, in the same transaction). */
  approval?: NewApproval;
}

export interface NewApproval {
  status: 'requested' | 'review-requested';
  required: number;
  group: string;
  requestedAt: number;
  expiresAt?: number;
  emergencyIncident?: string;
}

/** The terminal outcome of an operation. */
export interface OperationOutcome {
  status: Extract<OperationStatus, 'succeeded' | 'failed' | 'cancelled' | 'interrupted' | 'rejected' | 'expired'>;
  summary: string;
  result?: Record<string, unknown>;
}

/** A stored operation plus the engine's bookkeeping that is not part of the public record. */
export interface StoredOperation extends OperationRecord {
  holder?: string;
  leaseExpiresAt?: number;
  cancelRequestedAt?: number;
  cancelRequestedBy?: string;
  requestHash?: string;
}

/** The audit log: every operation and its steps, in the plugin's database. */
export interface OperationStore {
  create(operation: NewOperation): Promise<void>;
  get(id: string): Promise<StoredOperation | undefined>;
  /** The real run that used this dry run as its review, if any. */
  findByReviewedDryRun(dryRunId: string): Promise<string | undefined>;
  /** Most recent first; with `createdAfter`, only those created at or after it (epoch ms). */
  list(options: { entityRef?: string; limit: number; createdAfter?: number }): Promise<StoredOperation[]>;
  /**
   * The latest successful real run (not a dry run) of a runbook on each target it ran on, e.g. the last restore of
   * each database; without steps.
   */
  lastSucceededPerTarget(runbook: RunbookId): Promise<StoredOperation[]>;
  /** The latest successful real run of a runbook on one target of a cluster, e.g. the last bloat report of a database; without steps. */
  lastSucceededOn(runbook: RunbookId, cluster: string, target: ObjectRef): Promise<StoredOperation | undefined>;
  markRunning(id: string, at: number): Promise<void>;
  /** Adds a step; returns its index. */
  addStep(id: string, step: Omit<OperationStep, 'index'>): Promise<number>;
  updateStep(id: string, index: number, patch: Partial<Omit<OperationStep, 'index'>>): Promise<void>;
  /** Ends the operation unless it already ended; returns whether this call ended it. */
  finish(id: string, outcome: OperationOutcome, at: number): Promise<boolean>;
  /** Extends the holder's lease; false when the operation is no longer the holder's or has ended. */
  renewLease(id: string, holder: string, leaseExpiresAt: number): Promise<boolean>;
  requestCancel(id: string, by: string, at: number): Promise<void>;
  /**
   * Deletes up to `limit` ended operations (and their steps) that finished before `finishedBefore`, dry runs or real
   * ones; running and pending operations are never deleted. Returns how many were deleted.
   */
  deleteEnded(options: { dryRun: boolean; finishedBefore: number; limit: number }): Promise<number>;
  /** Who asked to cancel the operation, if anyone (read by its holder on every heartbeat). */
  cancelRequest(id: string): Promise<{ by: string; at: number } | undefined>;
  /** Operations still pending/running whose lease expired before `now` (their backend died). */
  listExpired(now: number): Promise<StoredOperation[]>;

  /** Records a vote on the operation's approval; false when this person already voted. */
  addVote(id: string, vote: { by: string; decision: 'approve' | 'reject'; comment?: string; at: number }): Promise<boolean>;
  /**
   * The approved operation becomes `pending` with this instance as its holder; false when it was no longer awaiting
   * approval (another replica started, rejected, expired or cancelled it first).
   */
  claimApproved(id: string, holder: string, leaseExpiresAt: number, at: number): Promise<boolean>;
  /** Ends an operation that awaits approval (rejected, expired, cancelled); false when it no longer awaited it. */
  endAwaiting(id: string, outcome: OperationOutcome, at: number): Promise<boolean>;
  /** Marks the review after an emergency run as done; false when none was requested. */
  markReviewed(id: string, at: number): Promise<boolean>;
  /** Operations awaiting approval past their expiry. */
  listApprovalsExpired(now: number): Promise<StoredOperation[]>;
  /** Operations awaiting approval or a review after an emergency run, most recent first. */
  listOpenApprovals(options: { entityRef?: string; limit: number }): Promise<StoredOperation[]>;
}

/** A lock on one target, held by one operation. */
export interface LockHolder {
  target: string;
  operationId: string;
  holder: string;
  acquiredAt: number;
  expiresAt: number;
}

export type AcquireResult = { acquired: true } | { acquired: false; heldBy: LockHolder };

/** Per-target locks with a lease, shared by all backend instances on one database. */
export interface LockManager {
  /** Takes all targets or none. */
  acquire(options: { targets: string[]; operationId: string; holder: string; now: number; leaseMs: number }): Promise<AcquireResult>;
  /** Extends every lock of the operation; false if any of them was lost (expired and taken over, or released). */
  renew(options: { targets: string[]; operationId: string; now: number; leaseMs: number }): Promise<boolean>;
  release(options: { operationId: string }): Promise<void>;
  /** The current holder of a target, if its lease is still valid at `now`. */
  holderOf(target: string, now: number): Promise<LockHolder | undefined>;
  /** Deletes expired locks; returns how many. */
  sweep(now: number): Promise<number>;
}
