import type { Knex } from 'knex';
import type { ApprovalVote, OperationApproval } from '@gsv/plugin-gsv-ops-common';
import type { NewApproval } from './types';

export const APPROVALS = 'gsv_ops_approvals';
export const VOTES = 'gsv_ops_approval_votes';

interface ApprovalRow {
  operation_id: string;
  status: string;
  required: number;
  approver_group: string;
  expires_at: number | string | null;
  emergency_incident: string | null;
  requested_at: number | string;
  decided_at: number | string | null;
}

interface VoteRow {
  operation_id: string;
  approver: string;
  decision: string;
  comment: string | null;
  at: number | string;
}

export async function insertApproval(tx: Knex, operationId: string, approval: NewApproval): Promise<void> {
  await tx<ApprovalRow>(APPROVALS).insert({
    operation_id: operationId,
    status: approval.status,
    required: approval.required,
    approver_group: approval.group,
    expires_at: approval.expiresAt ?? null,
    emergency_incident: approval.emergencyIncident ?? null,
    requested_at: approval.requestedAt,
  });
}

/** The approvals (with their votes) of these operations, by operation id. */
export async function readApprovals(db: Knex, operationIds: string[]): Promise<Map<string, OperationApproval>> {
  const out = new Map<string, OperationApproval>();
  if (operationIds.length === 0) return out;
  const rows = await db<ApprovalRow>(APPROVALS).whereIn('operation_id', operationIds);
  if (rows.length === 0) return out;
  const votes = await db<VoteRow>(VOTES)
    .whereIn(
      'operation_id',
      rows.map(r => r.operation_id),
    )
    .orderBy('at', 'asc');
  for (const row of rows) {
    out.set(row.operation_id, {
      status: row.status as OperationApproval['status'],
      required: Number(row.required),
      group: row.approver_group,
      ...(row.expires_at !== null ? { expiresAt: new Date(Number(row.expires_at)).toISOString() } : {}),
      ...(row.emergency_incident ? { emergency: { incident: row.emergency_incident } } : {}),
      votes: votes.filter(v => v.operation_id === row.operation_id).map(toVote),
    });
  }
  return out;
}

function toVote(row: VoteRow): ApprovalVote {
  return {
    by: row.approver,
    decision: row.decision as ApprovalVote['decision'],
    ...(row.comment ? { comment: row.comment } : {}),
    at: new Date(Number(row.at)).toISOString(),
  };
}

/** Records a vote; false when this person already voted on the operation. */
export async function insertVote(db: Knex, operationId: string, vote: { by: string; decision: string; comment?: string; at: number }) {
  try {
    await db<VoteRow>(VOTES).insert({
      operation_id: operationId,
      approver: vote.by,
      decision: vote.decision,
      comment: vote.comment ?? null,
      at: vote.at,
    });
    return true;
  } catch (e) {
    if (/unique|duplicate|SQLITE_CONSTRAINT|23505/i.test(`${(e as any)?.code ?? ''} ${(e as Error)?.message ?? ''}`)) return false;
    throw e;
  }
}

/** Moves an approval from one status to another; false when it was not in `from` (another replica moved it first). */
export async function moveApproval(db: Knex, operationId: string, from: string, to: string, at: number): Promise<boolean> {
  const count = await db<ApprovalRow>(APPROVALS).where({ operation_id: operationId, status: from }).update({ status: to, decided_at: at });
  return count > 0;
}

/** Ids of operations whose approval is still requested after its expiry. */
export async function expiredApprovalIds(db: Knex, now: number): Promise<string[]> {
  const rows = await db<ApprovalRow>(APPROVALS)
    .where({ status: 'requested' })
    .where('expires_at', '<', now)
    .orderBy('expires_at', 'asc')
    .limit(100)
    .select('operation_id');
  return rows.map(r => r.operation_id);
}

/** Ids of operations waiting for a decision: approval requested, or a review after an emergency run. */
export async function openApprovalIds(db: Knex, limit: number): Promise<string[]> {
  const rows = await db<ApprovalRow>(APPROVALS)
    .whereIn('status', ['requested', 'review-requested'])
    .orderBy('requested_at', 'desc')
    .limit(limit)
    .select('operation_id');
  return rows.map(r => r.operation_id);
}
