import type { Environment, ObjectRef } from './types';
import type { RunbookId } from './runbooks';

/** @public */
export type OperationStatus =
  /** Waits for its approvals (see `OperationApproval`); nothing was changed yet. */
  | 'awaiting-approval'
  | 'pending'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  /** The backend that ran it stopped before it finished; the cluster may be half-way. */
  | 'interrupted'
  /** An approver rejected it; nothing was changed. */
  | 'rejected'
  /** Nobody approved it in time; nothing was changed. */
  | 'expired';

/** Every status an operation can have, in the order of its life. @public */
export const OPERATION_STATUSES = [
  'awaiting-approval',
  'pending',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'interrupted',
  'rejected',
  'expired',
] as const satisfies readonly OperationStatus[];

const OPEN_STATUSES: readonly OperationStatus[] = [
  'awaiting-approval',
  'pending',
  'running',
];

/** The statuses after which an operation never changes again. @public */
export const TERMINAL_OPERATION_STATUSES: readonly OperationStatus[] =
  OPERATION_STATUSES.filter(status => !OPEN_STATUSES.includes(status));

/** Whether an operation in this status has ended for good. @public */
export function isTerminalStatus(status: OperationStatus | string): boolean {
  return (TERMINAL_OPERATION_STATUSES as readonly string[]).includes(status);
}

/** An incident that allows an operation outside the maintenance window (ops guide 6.1). @public */
export interface IncidentOverride {
  id: string;
  severity: 'P1' | 'P2';
}

/** `POST /operations`. @public */
export interface StartOperationRequest {
  runbook: RunbookId;
  /** The catalog entity the target belongs to, e.g. `component:default/agent-registry`. */
  entityRef: string;
  cluster: string;
  /** Runbook-specific parameters, validated by the backend (see each runbook's schema). */
  parameters: Record<string, unknown>;
  dryRun: boolean;
  /** Required outside the environment's maintenance window. */
  incident?: IncidentOverride;
  /** Who asked through which channel, e.g. `scaffolder-task:<id>`; recorded in the audit log. */
  origin?: string;
  /**
   * For a real run: the id of the dry run of the same request (runbook, entity, cluster, target, parameters) that
   * the same person reviewed, at most `gsvOps.operations.review.maxAgeMinutes` old (default 15). Required in
   * production, and wherever `gsvOps.operations.review.requiredIn` says (default: every environment). A dry run
   * serves one real run.
   */
  reviewedDryRunId?: string;
}

/** @public */
export interface OperationStep {
  index: number;
  /** e.g. `validate`, `policy`, `lock`, `plan`, `apply`, `wait`, `verify`. */
  name: string;
  status: 'running' | 'succeeded' | 'failed' | 'skipped';
  message: string;
  startedAt: string;
  finishedAt?: string;
  /** For plan steps: the objects and the change that would be (or was) sent, as a diff. */
  detail?: {
    object?: ObjectRef;
    diff?: string;
    [key: string]: unknown;
  };
}

/** @public */
export interface OperationRecord {
  id: string;
  runbook: RunbookId;
  entityRef: string;
  cluster: string;
  environment: Environment;
  target: ObjectRef;
  parameters: Record<string, unknown>;
  dryRun: boolean;
  status: OperationStatus;
  initiatedBy: string;
  origin?: string;
  incident?: IncidentOverride;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** One sentence: what happened, and on failure what to do next. */
  summary?: string;
  result?: Record<string, unknown>;
  /** For a real run: the dry run it was reviewed as. */
  reviewedDryRunId?: string;
  /** For a real run that needs approval (or had it waived under a P1 incident): who must and who did approve. */
  approval?: OperationApproval;
  steps: OperationStep[];
}

/** A vote on an operation's approval. @public */
export interface ApprovalVote {
  /** The approver's user entity ref. */
  by: string;
  decision: 'approve' | 'reject';
  comment?: string;
  at: string;
}

/**
 * The approval an operation needs before it runs (`gsvOps.operations.approvals`): `required` approvers from `group`,
 * never the requester, bound to the reviewed dry run's plan. Under a declared P1 incident the operation runs at once
 * and the approval becomes a review after the fact (`emergency`).
 *
 * @public
 */
export interface OperationApproval {
  status:
    | 'requested'
    | 'approved'
    | 'rejected'
    | 'expired'
    | 'cancelled'
    | 'review-requested'
    | 'reviewed';
  required: number;
  group: string;
  /** Until when the approvals may come (requested approvals only). */
  expiresAt?: string;
  /** The P1 incident that waived the approval before the run. */
  emergency?: { incident: string };
  votes: ApprovalVote[];
}

/** An operation waiting for approval (or a review after a P1 run), with the reviewed plan. @public */
export interface PendingApproval {
  operation: OperationRecord;
  /** The plan steps of the reviewed dry run (their `detail.diff` is what will be sent). */
  plan: OperationStep[];
  /** Whether the caller may approve or reject it now. */
  canDecide: boolean;
  /** Why not, in one sentence, when `canDecide` is false. */
  whyNot?: string;
}

/** `GET /approvals?entityRef=`. @public */
export interface PendingApprovalList {
  items: PendingApproval[];
}

/** `POST /operations/:id/approve` and `/reject`. @public */
export interface ApprovalDecisionRequest {
  comment?: string;
}

/** `GET /operations?entityRef=…`. @public */
export interface OperationList {
  items: OperationRecord[];
}
