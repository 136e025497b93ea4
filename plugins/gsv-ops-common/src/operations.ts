import type { Environment, ObjectRef } from './types';
import type { RunbookId } from './runbooks';

/** @public */
export type OperationStatus =
  | 'pending'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  /** The backend that ran it stopped before it finished; the cluster may be half-way. */
  | 'interrupted';

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
  steps: OperationStep[];
}

/** `GET /operations?entityRef=…`. @public */
export interface OperationList {
  items: OperationRecord[];
}
