import type { Knex } from 'knex';
import type { ObjectRef, OperationApproval, OperationStatus, OperationStep, RunbookId } from '@gsv/plugin-gsv-ops-common';
import { APPROVALS, VOTES, expiredApprovalIds, insertApproval, insertVote, moveApproval, openApprovalIds, readApprovals } from './approvalRows';
import type { NewOperation, OperationOutcome, OperationStore, StoredOperation } from './types';

const OPERATIONS = 'gsv_ops_operations';
const STEPS = 'gsv_ops_operation_steps';
const ACTIVE: OperationStatus[] = ['pending', 'running'];
/** Not ended: running, about to, or waiting for approval (never deleted by the retention). */
const OPEN: OperationStatus[] = [...ACTIVE, 'awaiting-approval'];
/** Successful runs of one runbook read to find the latest per target (restores are rare: far more than enough). */
const LAST_RUNS_SCANNED = 5000;

interface OperationRow {
  id: string;
  runbook: string;
  entity_ref: string;
  cluster: string;
  environment: string;
  target_kind: string;
  target_namespace: string | null;
  target_name: string;
  parameters: string;
  dry_run: boolean | number;
  status: string;
  initiated_by: string;
  origin: string | null;
  incident_id: string | null;
  incident_severity: string | null;
  created_at: number | string;
  started_at: number | string | null;
  finished_at: number | string | null;
  summary: string | null;
  result: string | null;
  holder: string | null;
  lease_expires_at: number | string | null;
  cancel_requested_at: number | string | null;
  cancel_requested_by: string | null;
  request_hash: string | null;
  reviewed_dry_run_id: string | null;
}

interface StepRow {
  operation_id: string;
  step_index: number;
  name: string;
  status: string;
  message: string;
  started_at: number | string;
  finished_at: number | string | null;
  detail: string | null;
}

/** The audit log on knex (SQLite and PostgreSQL). Times are epoch ms; PostgreSQL returns bigints as strings. */
export class DatabaseOperationStore implements OperationStore {
  constructor(private readonly db: Knex) {}

  async create(op: NewOperation): Promise<void> {
    await this.db.transaction(async tx => {
      await tx<OperationRow>(OPERATIONS).insert({
        id: op.id,
        runbook: op.runbook,
        entity_ref: op.entityRef,
        cluster: op.cluster,
        environment: op.environment,
        target_kind: op.target.kind,
        target_namespace: op.target.namespace ?? null,
        target_name: op.target.name,
        parameters: JSON.stringify(op.parameters),
        dry_run: op.dryRun,
        status: op.status ?? 'pending',
        initiated_by: op.initiatedBy,
        origin: op.origin ?? null,
        incident_id: op.incident?.id ?? null,
        incident_severity: op.incident?.severity ?? null,
        created_at: op.createdAt,
        holder: op.holder ?? null,
        lease_expires_at: op.leaseExpiresAt ?? null,
        request_hash: op.requestHash ?? null,
        reviewed_dry_run_id: op.reviewedDryRunId ?? null,
      });
      if (op.steps.length > 0) {
        await tx<StepRow>(STEPS).insert(op.steps.map((step, index) => toStepRow(op.id, { ...step, index })));
      }
      if (op.approval) await insertApproval(tx, op.id, op.approval);
    });
  }

  async get(id: string): Promise<StoredOperation | undefined> {
    const row = await this.db<OperationRow>(OPERATIONS).where({ id }).first();
    if (!row) return undefined;
    const steps = await this.db<StepRow>(STEPS).where({ operation_id: id }).orderBy('step_index', 'asc');
    return toOperation(row, steps, (await readApprovals(this.db, [id])).get(id));
  }

  async findByReviewedDryRun(dryRunId: string): Promise<string | undefined> {
    const row = await this.db<OperationRow>(OPERATIONS).where({ reviewed_dry_run_id: dryRunId }).select('id').first();
    return row?.id;
  }

  async list(options: { entityRef?: string; limit: number; createdAfter?: number }): Promise<StoredOperation[]> {
    let query = this.db<OperationRow>(OPERATIONS);
    if (options.entityRef) query = query.where({ entity_ref: options.entityRef });
    if (options.createdAfter !== undefined) query = query.where('created_at', '>=', options.createdAfter);
    const rows = await query.orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]).limit(options.limit);
    return this.withStepsAndApprovals(rows);
  }

  async lastSucceededPerTarget(runbook: RunbookId): Promise<StoredOperation[]> {
    const rows = await this.db<OperationRow>(OPERATIONS)
      .where({ runbook, status: 'succeeded', dry_run: false })
      .orderBy('finished_at', 'desc')
      .limit(LAST_RUNS_SCANNED);
    const latest = new Map<string, OperationRow>();
    for (const row of rows) {
      const key = `${row.cluster}/${row.target_kind}/${row.target_namespace ?? ''}/${row.target_name}`;
      if (!latest.has(key)) latest.set(key, row);
    }
    return [...latest.values()].map(row => toOperation(row, []));
  }

  async lastSucceededOn(runbook: RunbookId, cluster: string, target: ObjectRef): Promise<StoredOperation | undefined> {
    const row = await this.db<OperationRow>(OPERATIONS)
      .where({ runbook, status: 'succeeded', dry_run: false, cluster })
      .where({ target_kind: target.kind, target_namespace: target.namespace ?? null, target_name: target.name })
      .orderBy('finished_at', 'desc')
      .first();
    return row ? toOperation(row, []) : undefined;
  }

  async listOpenApprovals(options: { entityRef?: string; limit: number }): Promise<StoredOperation[]> {
    const ids = await openApprovalIds(this.db, options.limit);
    if (ids.length === 0) return [];
    let query = this.db<OperationRow>(OPERATIONS).whereIn('id', ids);
    if (options.entityRef) query = query.where({ entity_ref: options.entityRef });
    return this.withStepsAndApprovals(await query.orderBy('created_at', 'desc'));
  }

  async listApprovalsExpired(now: number): Promise<StoredOperation[]> {
    const ids = await expiredApprovalIds(this.db, now);
    if (ids.length === 0) return [];
    return this.withStepsAndApprovals(await this.db<OperationRow>(OPERATIONS).whereIn('id', ids).where({ status: 'awaiting-approval' }));
  }

  private async withStepsAndApprovals(rows: OperationRow[]): Promise<StoredOperation[]> {
    if (rows.length === 0) return [];
    const steps = await this.db<StepRow>(STEPS)
      .whereIn(
        'operation_id',
        rows.map(r => r.id),
      )
      .orderBy([
        { column: 'operation_id', order: 'asc' },
        { column: 'step_index', order: 'asc' },
      ]);
    const byOperation = new Map<string, StepRow[]>();
    for (const step of steps) {
      const list = byOperation.get(step.operation_id) ?? [];
      list.push(step);
      byOperation.set(step.operation_id, list);
    }
    const approvals = await readApprovals(
      this.db,
      rows.map(r => r.id),
    );
    return rows.map(row => toOperation(row, byOperation.get(row.id) ?? [], approvals.get(row.id)));
  }

  addVote(id: string, vote: { by: string; decision: 'approve' | 'reject'; comment?: string; at: number }): Promise<boolean> {
    return insertVote(this.db, id, vote);
  }

  async claimApproved(id: string, holder: string, leaseExpiresAt: number, at: number): Promise<boolean> {
    return this.db.transaction(async tx => {
      const count = await tx<OperationRow>(OPERATIONS)
        .where({ id, status: 'awaiting-approval' })
        .update({ status: 'pending', holder, lease_expires_at: leaseExpiresAt });
      if (count === 0) return false;
      await moveApproval(tx, id, 'requested', 'approved', at);
      return true;
    });
  }

  async endAwaiting(id: string, outcome: OperationOutcome, at: number): Promise<boolean> {
    return this.db.transaction(async tx => {
      const count = await tx<OperationRow>(OPERATIONS)
        .where({ id, status: 'awaiting-approval' })
        .update({ status: outcome.status, summary: outcome.summary, finished_at: at });
      if (count === 0) return false;
      await moveApproval(tx, id, 'requested', outcome.status, at);
      return true;
    });
  }

  markReviewed(id: string, at: number): Promise<boolean> {
    return moveApproval(this.db, id, 'review-requested', 'reviewed', at);
  }

  async markRunning(id: string, at: number): Promise<void> {
    await this.db<OperationRow>(OPERATIONS).where({ id, status: 'pending' }).update({ status: 'running', started_at: at });
  }

  async addStep(id: string, step: Omit<OperationStep, 'index'>): Promise<number> {
    // Normally one writer per operation (its holder); the janitor may add its `interrupted` step while a holder that
    // lost its lease still writes, so a taken index is retried with the next one.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(async tx => {
          const last = await tx<StepRow>(STEPS).where({ operation_id: id }).max({ max: 'step_index' }).first();
          const index = last?.max === null || last?.max === undefined ? 0 : Number(last.max) + 1;
          await tx<StepRow>(STEPS).insert(toStepRow(id, { ...step, index }));
          return index;
        });
      } catch (e) {
        if (attempt >= 10 || !/unique|duplicate|SQLITE_CONSTRAINT|23505/i.test(`${(e as any)?.code ?? ''} ${(e as Error)?.message ?? ''}`)) throw e;
      }
    }
  }

  async updateStep(id: string, index: number, patch: Partial<Omit<OperationStep, 'index'>>): Promise<void> {
    const update: Partial<StepRow> = {};
    if (patch.name !== undefined) update.name = patch.name;
    if (patch.status !== undefined) update.status = patch.status;
    if (patch.message !== undefined) update.message = patch.message;
    if (patch.startedAt !== undefined) update.started_at = Date.parse(patch.startedAt);
    if (patch.finishedAt !== undefined) update.finished_at = Date.parse(patch.finishedAt);
    if (patch.detail !== undefined) update.detail = JSON.stringify(patch.detail);
    if (Object.keys(update).length === 0) return;
    await this.db<StepRow>(STEPS).where({ operation_id: id, step_index: index }).update(update);
  }

  async finish(id: string, outcome: OperationOutcome, at: number): Promise<boolean> {
    const count = await this.db<OperationRow>(OPERATIONS)
      .where({ id })
      .whereIn('status', ACTIVE)
      .update({
        status: outcome.status,
        summary: outcome.summary,
        result: outcome.result ? JSON.stringify(outcome.result) : null,
        finished_at: at,
        lease_expires_at: null,
      });
    return count > 0;
  }

  async renewLease(id: string, holder: string, leaseExpiresAt: number): Promise<boolean> {
    const count = await this.db<OperationRow>(OPERATIONS)
      .where({ id, holder })
      .whereIn('status', ACTIVE)
      .update({ lease_expires_at: leaseExpiresAt });
    return count > 0;
  }

  async requestCancel(id: string, by: string, at: number): Promise<void> {
    await this.db<OperationRow>(OPERATIONS)
      .where({ id })
      .whereIn('status', ACTIVE)
      .whereNull('cancel_requested_at')
      .update({ cancel_requested_at: at, cancel_requested_by: by });
  }

  async cancelRequest(id: string): Promise<{ by: string; at: number } | undefined> {
    const row = await this.db<OperationRow>(OPERATIONS)
      .where({ id })
      .select('cancel_requested_at', 'cancel_requested_by')
      .first();
    const at = num(row?.cancel_requested_at);
    return at === undefined ? undefined : { by: row?.cancel_requested_by ?? 'unknown', at };
  }

  async deleteEnded(options: { dryRun: boolean; finishedBefore: number; limit: number }): Promise<number> {
    return this.db.transaction(async (tx): Promise<number> => {
      const rows = await tx<OperationRow>(OPERATIONS)
        .where({ dry_run: options.dryRun })
        .whereNotIn('status', OPEN)
        .where('finished_at', '<', options.finishedBefore)
        .orderBy('finished_at', 'asc')
        .limit(options.limit)
        .select('id');
      const ids = rows.map(row => row.id);
      if (ids.length === 0) return 0;
      // explicitly, not by the foreign key's cascade: SQLite only cascades with `PRAGMA foreign_keys` on
      await tx<StepRow>(STEPS).whereIn('operation_id', ids).delete();
      await tx(VOTES).whereIn('operation_id', ids).delete();
      await tx(APPROVALS).whereIn('operation_id', ids).delete();
      const deleted = await tx<OperationRow>(OPERATIONS).whereIn('id', ids).whereNotIn('status', OPEN).delete();
      return Number(deleted);
    });
  }

  async listExpired(now: number): Promise<StoredOperation[]> {
    const rows = await this.db<OperationRow>(OPERATIONS)
      .whereIn('status', ACTIVE)
      .where(q => q.whereNull('lease_expires_at').orWhere('lease_expires_at', '<', now))
      .orderBy('created_at', 'asc')
      .limit(100);
    return rows.map(row => toOperation(row, []));
  }
}

function num(value: number | string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function iso(value: number | string | null | undefined): string | undefined {
  const n = num(value);
  return n === undefined ? undefined : new Date(n).toISOString();
}

function toStepRow(operationId: string, step: OperationStep): StepRow {
  return {
    operation_id: operationId,
    step_index: step.index,
    name: step.name,
    status: step.status,
    message: step.message,
    started_at: Date.parse(step.startedAt),
    finished_at: step.finishedAt ? Date.parse(step.finishedAt) : null,
    detail: step.detail ? JSON.stringify(step.detail) : null,
  };
}

function toOperation(row: OperationRow, steps: StepRow[], approval?: OperationApproval): StoredOperation {
  return {
    id: row.id,
    runbook: row.runbook as RunbookId,
    entityRef: row.entity_ref,
    cluster: row.cluster,
    environment: row.environment,
    target: {
      kind: row.target_kind,
      ...(row.target_namespace ? { namespace: row.target_namespace } : {}),
      name: row.target_name,
    },
    parameters: JSON.parse(row.parameters),
    dryRun: Boolean(row.dry_run),
    status: row.status as OperationStatus,
    initiatedBy: row.initiated_by,
    ...(row.origin ? { origin: row.origin } : {}),
    ...(row.incident_id
      ? { incident: { id: row.incident_id, severity: row.incident_severity as 'P1' | 'P2' } }
      : {}),
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    summary: row.summary ?? undefined,
    result: row.result ? JSON.parse(row.result) : undefined,
    ...(row.reviewed_dry_run_id ? { reviewedDryRunId: row.reviewed_dry_run_id } : {}),
    ...(approval ? { approval } : {}),
    steps: steps.map(s => ({
      index: Number(s.step_index),
      name: s.name,
      status: s.status as OperationStep['status'],
      message: s.message,
      startedAt: iso(s.started_at)!,
      finishedAt: iso(s.finished_at),
      ...(s.detail ? { detail: JSON.parse(s.detail) } : {}),
    })),
    holder: row.holder ?? undefined,
    leaseExpiresAt: num(row.lease_expires_at),
    cancelRequestedAt: num(row.cancel_requested_at),
    cancelRequestedBy: row.cancel_requested_by ?? undefined,
    requestHash: row.request_hash ?? undefined,
  };
}
