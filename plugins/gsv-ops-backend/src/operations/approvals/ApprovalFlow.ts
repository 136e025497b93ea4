import type { AuditorService, BackstageCredentials, LoggerService, PermissionsService } from '@backstage/backend-plugin-api';
import { ConflictError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { OperationRecord, OperationStep } from '@gsv/plugin-gsv-ops-common';
import type { Request } from 'express';
import type { AdmittedOperation } from '../admission/Admission';
import { admissionSteps, indexed } from '../admission/admissionSteps';
import { requestHash } from '../admission/review';
import type { OperationsConfig } from '../config/readOperationsConfig';
import { principalOf, toRecord } from '../records';
import type { NewApproval, OperationStore, StoredOperation } from '../store/types';
import type { ApprovalRequirement } from './approvalsConfig';
import { describeApprovals, whyNotApprover, type GroupsOf } from './approvers';

export interface ApprovalFlowOptions {
  store: OperationStore;
  config: OperationsConfig;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  groupsOf: GroupsOf;
  instanceId: string;
  now: () => number;
  leaseNow: () => number;
  /** Runs an approved operation on this instance (it is `pending` with this instance as its holder). */
  runApproved(op: StoredOperation, approver: BackstageCredentials): Promise<void>;
  /** Told when an approval is requested or decided (notifications). */
  listener?: ApprovalListener;
}

export interface ApprovalListener {
  approvalRequested?(op: OperationRecord): Promise<void>;
  approvalDecided?(op: OperationRecord, decision: { by: string; decision: 'approve' | 'reject'; final: boolean }): Promise<void>;
}

const iso = (t: number) => new Date(t).toISOString();

/**
 * Approvals (`gsvOps.operations.approvals`): a real run that needs them is recorded as `awaiting-approval`, bound to
 * the dry run its requester reviewed (the request's hash), and waits for `required` members of the group, never the
 * requester. The last approval starts it on the approver's replica (a conditional update: one replica wins); a
 * rejection or the expiry ends it with nothing changed. Under a declared P1 incident it runs at once and asks for a
 * review afterwards.
 */
export class ApprovalFlow {
  constructor(private readonly options: ApprovalFlowOptions) {}

  /** The record of an operation that waits for approval; nothing is locked or changed yet. */
  async request(id: string, op: AdmittedOperation, requirement: ApprovalRequirement): Promise<OperationRecord> {
    const { store, config, now } = this.options;
    const at = now();
    const expiresAt = at + config.approvals.expiresAfterMs;
    const step: Omit<OperationStep, 'index'> = {
      name: 'approval',
      status: 'running',
      message: `Waiting for ${requirement.required} approval${requirement.required === 1 ? '' : 's'} from ${requirement.group} (not ${op.initiatedBy}) until ${iso(expiresAt)}; approvers see the reviewed plan on the Ops tab`,
      startedAt: iso(at),
    };
    await store.create({
      id,
      status: 'awaiting-approval',
      runbook: op.request.runbook,
      entityRef: op.entityRef,
      cluster: op.cluster.name,
      environment: op.environment,
      target: op.targetRef,
      parameters: op.params,
      dryRun: false,
      initiatedBy: op.initiatedBy,
      origin: op.request.origin,
      incident: op.request.incident,
      createdAt: op.startedAt,
      steps: indexed([...admissionSteps(op, at), step]),
      requestHash: requestHash(op.subject),
      reviewedDryRunId: op.reviewedDryRunId,
      approval: { status: 'requested', required: requirement.required, group: requirement.group, requestedAt: at, expiresAt },
    });
    const record = toRecord((await store.get(id))!);
    await this.tell(l => l.approvalRequested?.(record));
    return record;
  }

  /** What an operation run under a P1 incident stores instead: a review the group owes afterwards. */
  emergencyReview(op: AdmittedOperation, requirement: ApprovalRequirement): NewApproval {
    return {
      status: 'review-requested',
      required: 1,
      group: requirement.group,
      requestedAt: this.options.now(),
      emergencyIncident: op.request.incident!.id,
    };
  }

  /**
   * `POST /operations/:id/approve|reject`. Approving the last approval needed starts the operation here; rejecting
   * ends it. On an emergency run, either records the review afterwards.
   */
  async decide(
    id: string,
    decision: 'approve' | 'reject',
    credentials: BackstageCredentials,
    comment: string | undefined,
    httpRequest?: Request,
  ): Promise<OperationRecord> {
    const { store, auditor } = this.options;
    const op = await store.get(id);
    if (!op) throw new NotFoundError(`No operation with id ${id}`);
    const audit = await auditor.createEvent({
      eventId: 'operation-approval',
      severityLevel: 'high',
      request: httpRequest,
      meta: { operationId: id, decision, runbook: op.runbook, entityRef: op.entityRef, cluster: op.cluster },
    });
    try {
      const record = await this.decideOn(op, decision, credentials, comment);
      await audit.success({ meta: { status: record.status } });
      return record;
    } catch (e) {
      await audit.fail({ error: e as Error });
      throw e;
    }
  }

  private async decideOn(
    op: StoredOperation,
    decision: 'approve' | 'reject',
    credentials: BackstageCredentials,
    comment: string | undefined,
  ): Promise<OperationRecord> {
    const { store, now } = this.options;
    const open = op.approval?.status === 'requested' || op.approval?.status === 'review-requested';
    if (!open) {
      throw new ConflictError(`Operation ${op.id} is ${op.status}${op.approval ? ` (approval ${op.approval.status})` : ''}; there is nothing to decide`);
    }
    const whyNot = await whyNotApprover({ op, credentials, permissions: this.options.permissions, groupsOf: this.options.groupsOf });
    if (whyNot) throw new NotAllowedError(whyNot);
    if (op.approval!.status === 'requested' && Date.parse(op.approval!.expiresAt!) < now()) {
      await this.expire(op);
      throw new ConflictError(`The approval of operation ${op.id} expired at ${op.approval!.expiresAt}; the requester must ask again`);
    }
    const by = principalOf(credentials);
    if (!(await store.addVote(op.id, { by, decision, comment, at: now() }))) {
      throw new ConflictError(`You already decided on operation ${op.id}`);
    }
    if (op.approval!.status === 'review-requested') {
      await store.markReviewed(op.id, now());
      return this.told(op.id, { by, decision, final: true });
    }
    if (decision === 'reject') {
      const summary = `Rejected by ${by}${comment ? `: ${comment}` : ''}. Nothing was changed.`;
      await this.endAwaiting(op, 'rejected', summary, 'failed');
      return this.told(op.id, { by, decision, final: true });
    }
    const after = (await store.get(op.id))!;
    const approvals = after.approval!.votes.filter(v => v.decision === 'approve').length;
    if (approvals < after.approval!.required) return this.told(op.id, { by, decision, final: false });
    const leaseExpiresAt = this.options.leaseNow() + this.options.config.leaseMs;
    // Two last approvals at two replicas: both may count enough votes; the conditional update lets one start it.
    if (!(await store.claimApproved(op.id, this.options.instanceId, leaseExpiresAt, now()))) {
      return this.told(op.id, { by, decision, final: false });
    }
    const index = after.steps.find(s => s.name === 'approval')?.index;
    if (index !== undefined) {
      await store.updateStep(op.id, index, { status: 'succeeded', message: `Approved: ${describeApprovals(after.approval!)}`, finishedAt: iso(now()) });
    }
    const started = this.options.runApproved((await store.get(op.id))!, credentials);
    started.catch(e => this.options.logger.error('An approved operation could not be run', { operationId: op.id, error: String(e) }));
    return this.told(op.id, { by, decision, final: true });
  }

  /** Why the caller may not decide on this operation now (undefined: they may). */
  whyNot(op: StoredOperation, credentials: BackstageCredentials): Promise<string | undefined> {
    return whyNotApprover({ op, credentials, permissions: this.options.permissions, groupsOf: this.options.groupsOf });
  }

  /** Ends every operation whose approval ran out (janitor); returns how many. */
  async expireOverdue(): Promise<number> {
    let count = 0;
    for (const op of await this.options.store.listApprovalsExpired(this.options.now())) {
      if (await this.expire(op)) count++;
    }
    return count;
  }

  /** Cancels an operation that waits for approval; false when it no longer waited. */
  cancel(op: StoredOperation, by: string): Promise<boolean> {
    return this.endAwaiting(op, 'cancelled', `Cancelled by ${by} while it waited for approval. Nothing was changed.`, 'skipped');
  }

  private expire(op: StoredOperation): Promise<boolean> {
    const approval = op.approval!;
    const summary = `Expired: ${describeApprovals(approval)} by ${approval.expiresAt}, ${approval.required} needed. Nothing was changed; run the dry run again and ask again.`;
    return this.endAwaiting(op, 'expired', summary, 'failed');
  }

  private async endAwaiting(
    op: StoredOperation,
    status: 'rejected' | 'expired' | 'cancelled',
    summary: string,
    stepStatus: OperationStep['status'],
  ): Promise<boolean> {
    const { store, now } = this.options;
    if (!(await store.endAwaiting(op.id, { status, summary }, now()))) return false;
    const index = op.steps.find(s => s.name === 'approval')?.index;
    if (index !== undefined) await store.updateStep(op.id, index, { status: stepStatus, message: summary, finishedAt: iso(now()) });
    return true;
  }

  private async told(id: string, decision: { by: string; decision: 'approve' | 'reject'; final: boolean }): Promise<OperationRecord> {
    const record = toRecord((await this.options.store.get(id))!);
    await this.tell(l => l.approvalDecided?.(record, decision));
    return record;
  }

  private async tell(call: (listener: ApprovalListener) => Promise<void> | undefined): Promise<void> {
    if (!this.options.listener) return;
    try {
      await call(this.options.listener);
    } catch (e) {
      this.options.logger.warn('Could not tell about an approval', { error: String(e) });
    }
  }
}
