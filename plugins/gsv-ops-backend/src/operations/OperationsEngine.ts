import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { AuditorService, BackstageCredentials, LoggerService, PermissionsService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  getRunbook,
  gsvOpsPlatformReadPermission,
  gsvOpsProductionOperatePermission,
  MaintenanceCalendar,
  OperationList,
  OperationRecord,
  OperationStep,
  PendingApprovalList,
  RunbookId,
  StartOperationRequest,
} from '@gsv/plugin-gsv-ops-common';
import type { Request } from 'express';
import type { IncidentOverrideCheck } from '../incidents/incidentOverride';
import type { ClusterRegistry, GsvOpsCluster } from '../services/ClusterRegistry/types';
import { Admission, type AdmittedOperation } from './admission/Admission';
import { admissionSteps, indexed, lockStep, policyStep } from './admission/admissionSteps';
import { requireAll } from './admission/authorize';
import { requestHash } from './admission/review';
import { entityScope } from './admission/scope';
import { ApprovalFlow, type ApprovalListener } from './approvals/ApprovalFlow';
import { approvalRequirement } from './approvals/approvalsConfig';
import type { GroupsOf } from './approvals/approvers';
import type { OperationsConfig } from './config/readOperationsConfig';
import { messageOf, OperationCancelledError } from './errors';
import { deleteJobsOfOperation } from './jobs/interruptedJobs';
import { Maintenance } from './maintenance/Maintenance';
import { maintenanceCalendar } from './policy/maintenanceCalendar';
import type { OperationsPolicy } from './policy/OperationsPolicy';
import { OperationQueries } from './queries/OperationQueries';
import { describeLockTarget, lockTargetOf, principalOf, sentence, toRecord } from './records';
import { RUNBOOK_IMPLEMENTATIONS } from './runbooks';
import type { Runbook } from './runbooks/types';
import { OperationRunner } from './runner/OperationRunner';
import type { LockManager, NewApproval, OperationStore, StoredOperation } from './store/types';
import type { EntityLookup, OperationTargetsProvider } from './types';

export { lockTargetOf } from './records';

export interface OperationsEngineOptions {
  clusters: ClusterRegistry;
  store: OperationStore;
  locks: LockManager;
  policy: OperationsPolicy;
  config: OperationsConfig;
  permissions: PermissionsService;
  catalog: EntityLookup;
  targets: OperationTargetsProvider;
  auditor: AuditorService;
  logger: LoggerService;
  /** Identifies this backend instance in the locks; unique per process by default. */
  instanceId?: string;
  now?: () => number;
  /**
   * The clock of leases (lock expiry, heartbeats, the janitor): real time, shared by all replicas. `now` is the
   * clock of everything else (policy windows, records, runbooks) and can follow a simulated cluster in tests.
   */
  leaseNow?: () => number;
  /** Replaces runbook implementations (tests). */
  runbooks?: Partial<Record<RunbookId, Runbook<any>>>;
  /** The groups of a signed-in user (approvers must be members of the approval's group). */
  groupsOf: GroupsOf;
  /** Told when approvals are requested and decided. */
  approvalListener?: ApprovalListener;
  /** Checks an incident override against the incidents declared in GSV Ops (at admission and again when approved). */
  incidentOverride?: IncidentOverrideCheck;
}

/**
 * The one place every change to a cluster goes through, whoever calls it: admission (input, permission, target,
 * policy, review, preflight — `admission/`), the per-target lock and the record in the audit log (here), the run
 * (`runner/`), housekeeping (`maintenance/`) and the reads of the audit log (`queries/`). Several instances can share
 * one database: locks and the audit log live there.
 */
export class OperationsEngine {
  readonly instanceId: string;
  private readonly now: () => number;
  private readonly leaseNow: () => number;
  private readonly admission: Admission;
  private readonly runner: OperationRunner;
  private readonly maintenance: Maintenance;
  private readonly queries: OperationQueries;
  private readonly approvals: ApprovalFlow;
  private shuttingDown = false;

  constructor(private readonly options: OperationsEngineOptions) {
    this.instanceId = options.instanceId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.now = options.now ?? Date.now;
    this.leaseNow = options.leaseNow ?? Date.now;
    const shared = { ...options, now: this.now, leaseNow: this.leaseNow, instanceId: this.instanceId };
    this.admission = new Admission({
      ...shared,
      runbook: id => (options.runbooks?.[id] ?? RUNBOOK_IMPLEMENTATIONS[id]) as Runbook<any>,
    });
    this.runner = new OperationRunner(shared);
    this.maintenance = new Maintenance({
      ...shared,
      isRunningHere: id => this.runner.isRunning(id),
      cleanUpInterrupted: op => deleteJobsOfOperation(options.clusters, op),
    });
    this.queries = new OperationQueries(options);
    this.approvals = new ApprovalFlow({
      ...shared,
      listener: options.approvalListener,
      runApproved: (op, approver) => this.runApproved(op, approver),
    });
  }

  /**
   * `POST /operations`. Everything that can be checked is checked before any write; a dry run completes before this
   * returns, a real run continues in the background.
   */
  async start(request: StartOperationRequest, credentials: BackstageCredentials, httpRequest?: Request): Promise<OperationRecord> {
    if (!getRunbook(request.runbook)) throw new InputError(`Unknown runbook '${request.runbook}'`);
    const cluster = this.clusterOf(request.cluster);
    const environment = String(cluster.environment);
    const audit = await this.options.auditor.createEvent({
      eventId: 'operation-start',
      severityLevel: environment === 'prod' ? 'high' : 'medium',
      request: httpRequest,
      meta: {
        runbook: request.runbook,
        entityRef: request.entityRef,
        cluster: request.cluster,
        environment,
        dryRun: request.dryRun,
        ...(request.incident ? { incident: { id: request.incident.id, severity: request.incident.severity } } : {}),
        ...(request.origin ? { origin: request.origin } : {}),
      },
    });
    try {
      const admitted = await this.admission.admit(request, credentials, cluster);
      const requirement = request.dryRun ? undefined : approvalRequirement(this.options.config.approvals, request.runbook, environment);
      const emergency = request.incident?.severity === 'P1';
      const record =
        requirement && !emergency
          ? await this.approvals.request(randomUUID(), admitted, requirement)
          : await this.lockRecordAndRun(admitted, requirement && this.approvals.emergencyReview(admitted, requirement));
      await audit.success({ meta: { operationId: record.id, status: record.status } });
      return record;
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  }

  private clusterOf(name: string): GsvOpsCluster {
    try {
      return this.options.clusters.getCluster(name);
    } catch (e) {
      if ((e as Error)?.name === 'NotFoundError') {
        const known = this.options.clusters.listClusters().map(c => c.name);
        throw new InputError(`Unknown cluster '${name}'; known clusters: ${known.join(', ') || 'none'}`);
      }
      throw e;
    }
  }

  /** Takes the lock, records the operation with its first steps, and hands it to the runner. */
  private async lockRecordAndRun(op: AdmittedOperation, approval?: NewApproval): Promise<OperationRecord> {
    const id = randomUUID();
    const { cluster, preflight } = op;
    const lockTargets = [lockTargetOf(cluster.name, op.targetRef), ...(preflight.extraLocks ?? []).map(r => lockTargetOf(cluster.name, r))];
    const lockedAt = this.now();
    const leaseStart = this.leaseNow();
    await this.lock(id, lockTargets, leaseStart, cluster.name);
    try {
      await this.options.store.create({
        id,
        runbook: op.request.runbook,
        entityRef: op.entityRef,
        cluster: cluster.name,
        environment: op.environment,
        target: op.targetRef,
        parameters: op.params,
        dryRun: op.request.dryRun,
        initiatedBy: op.initiatedBy,
        origin: op.request.origin,
        incident: op.request.incident,
        holder: this.instanceId,
        createdAt: op.startedAt,
        leaseExpiresAt: leaseStart + this.options.config.leaseMs,
        steps: indexed([
          ...admissionSteps(op, lockedAt),
          ...(approval ? [emergencyStep(approval, lockedAt)] : []),
          lockStep(lockTargets, this.options.config.leaseMs, lockedAt, this.now()),
        ]),
        requestHash: requestHash(op.subject),
        reviewedDryRunId: op.reviewedDryRunId,
        approval,
      });
    } catch (e) {
      await this.options.locks.release({ operationId: id });
      if (op.reviewedDryRunId && isUniqueViolation(e)) {
        throw new ConflictError(`The reviewed dry run ${op.reviewedDryRunId} was already used by another run; run the dry run again`);
      }
      throw e;
    }
    const run = this.runner.execute({
      id,
      runbook: op.runbook,
      params: op.params,
      cluster,
      environment: op.environment,
      entityRef: op.entityRef,
      targetRef: op.targetRef,
      lockTargets,
      dryRun: op.request.dryRun,
      initiatedBy: op.initiatedBy,
      scope: op.scope,
      facts: {
        ...(preflight.facts ?? {}),
        verifyMs: this.options.config.verifyMs,
        jobs: this.options.config.jobs,
        migrations: this.options.config.migrations,
        ...(await this.reviewedFacts(op.reviewedDryRunId)),
      },
      limits: op.limits,
      incident: op.request.incident,
    });
    if (op.request.dryRun) await run;
    return toRecord((await this.options.store.get(id))!);
  }

  /**
   * Runs an operation its approvers approved (it is `pending`, held by this instance): the policy, the preflight and
   * the lock are checked again now, with the request exactly as reviewed. Whatever stops it is recorded as its end.
   */
  private async runApproved(op: StoredOperation, approver: BackstageCredentials): Promise<void> {
    const startedAt = this.now();
    let lockTargets: string[] = [];
    try {
      const cluster = this.clusterOf(op.cluster);
      const runbook = (this.options.runbooks?.[op.runbook] ?? RUNBOOK_IMPLEMENTATIONS[op.runbook]) as Runbook<any>;
      const subject = { runbook: op.runbook, entityRef: op.entityRef, cluster: cluster.name, target: op.target, parameters: op.parameters };
      if (requestHash(subject) !== op.requestHash) throw new ConflictError('the stored request is not the one that was reviewed and approved');
      if (op.incident) await this.options.incidentOverride?.(op.entityRef, op.incident);
      const readOnly = runbook.readOnly?.(op.parameters) ?? false;
      const decision = this.options.policy.evaluate({ runbook: op.runbook, environment: op.environment, incident: op.incident, now: startedAt, readOnly });
      runbook.checkLimits?.(op.parameters, decision.limits);
      const entity = await this.options.catalog.getEntityByRef(op.entityRef, { credentials: approver });
      if (!entity) throw new NotFoundError(`entity ${op.entityRef} is no longer in the catalog`);
      const scope = entityScope({ targets: this.options.targets, entity, cluster, credentials: approver });
      const preflight = await this.admission.preflight(runbook, { params: op.parameters, cluster, limits: decision.limits, scope });
      const targets = [lockTargetOf(cluster.name, op.target), ...(preflight.extraLocks ?? []).map(r => lockTargetOf(cluster.name, r))];
      await this.lock(op.id, targets, this.leaseNow(), cluster.name);
      lockTargets = targets;
      await this.options.store.addStep(op.id, policyStep(decision, 'checked again when approved', startedAt, this.now()));
      await this.options.store.addStep(op.id, lockStep(targets, this.options.config.leaseMs, startedAt, this.now()));
      await this.runner.execute({
        id: op.id,
        runbook,
        params: op.parameters,
        cluster,
        environment: op.environment,
        entityRef: op.entityRef,
        targetRef: op.target,
        lockTargets,
        dryRun: false,
        initiatedBy: op.initiatedBy,
        scope,
        facts: {
          ...(preflight.facts ?? {}),
          verifyMs: this.options.config.verifyMs,
          jobs: this.options.config.jobs,
          migrations: this.options.config.migrations,
          ...(await this.reviewedFacts(op.reviewedDryRunId)),
        },
        limits: decision.limits,
        incident: op.incident,
      });
    } catch (e) {
      const summary = `Approved, but it could not start: ${sentence(messageOf(e))} Nothing was changed; run the dry run again and ask again.`;
      const at = new Date(this.now()).toISOString();
      if (await this.options.store.finish(op.id, { status: 'failed', summary }, this.now())) {
        await this.options.store.addStep(op.id, { name: 'start', status: 'failed', message: summary, startedAt: at, finishedAt: at });
      }
      if (lockTargets.length) await this.options.locks.release({ operationId: op.id });
    }
  }

  /** The result of the dry run a real run was reviewed as (`facts.reviewed`): what a runbook binds its run to, e.g. a base commit. */
  private async reviewedFacts(reviewedDryRunId: string | undefined): Promise<Record<string, unknown>> {
    const reviewed = reviewedDryRunId ? await this.options.store.get(reviewedDryRunId) : undefined;
    return reviewed?.result ? { reviewed: reviewed.result } : {};
  }

  /** Takes every lock of the operation or none: a 409 naming the operation that holds one. */
  private async lock(id: string, targets: string[], now: number, cluster: string): Promise<void> {
    const acquired = await this.options.locks.acquire({ targets, operationId: id, holder: this.instanceId, now, leaseMs: this.options.config.leaseMs });
    if (acquired.acquired) return;
    const holder = await this.options.store.get(acquired.heldBy.operationId);
    const what = describeLockTarget(acquired.heldBy.target);
    throw new ConflictError(
      holder
        ? `${what} in cluster ${cluster} is being operated on by operation ${holder.id} (${holder.runbook} by ${holder.initiatedBy}, ${holder.status} since ${holder.startedAt ?? holder.createdAt}); wait for it to finish or cancel it`
        : `${what} in cluster ${cluster} is locked by operation ${acquired.heldBy.operationId}; wait for it to finish`,
    );
  }

  /** `GET /operations/:id`: needs gsv-ops.entity.read on the operation's entity. */
  get(id: string, credentials: BackstageCredentials): Promise<OperationRecord> {
    return this.queries.get(id, credentials);
  }

  /** `GET /operations?entityRef=&limit=`: most recent first, only those of entities the caller may read. */
  list(query: { entityRef?: string; limit?: number }, credentials: BackstageCredentials): Promise<OperationList> {
    return this.queries.list(query, credentials);
  }

  /**
   * `POST /operations/:id/cancel`: needs what starting it needed — the runbook's permission, and in production
   * `gsv-ops.production.operate`. The holder (this or another instance) sees the request on its next heartbeat; a
   * local operation is aborted at once. Cancelling an ended operation changes nothing.
   */
  async cancel(id: string, credentials: BackstageCredentials, httpRequest?: Request): Promise<OperationRecord> {
    const op = await this.options.store.get(id);
    if (!op) throw new NotFoundError(`No operation with id ${id}`);
    const definition = getRunbook(op.runbook)!;
    const audit = await this.options.auditor.createEvent({
      eventId: 'operation-cancel',
      severityLevel: op.environment === 'prod' ? 'high' : 'medium',
      request: httpRequest,
      meta: { operationId: id, runbook: op.runbook, entityRef: op.entityRef, cluster: op.cluster },
    });
    try {
      const checks = [{ permission: definition.permission, why: `cancel '${definition.title}' on ${op.entityRef}` }];
      if (op.environment === 'prod') {
        checks.push({
          permission: gsvOpsProductionOperatePermission,
          why: `cancel an operation on ${op.entityRef} in production (cluster ${op.cluster})`,
        });
      }
      await requireAll(this.options.permissions, checks, op.entityRef, credentials);
      if (op.status === 'awaiting-approval') {
        await this.approvals.cancel(op, principalOf(credentials));
      } else if (op.status === 'pending' || op.status === 'running') {
        const by = principalOf(credentials);
        await this.options.store.requestCancel(id, by, this.now());
        const local = this.runner.abort(id, new OperationCancelledError(by));
        // Give the runner a moment to record the outcome, so the caller sees `cancelled` right away.
        if (local) await Promise.race([local, new Promise(resolve => setTimeout(resolve, 5000))]);
      }
      const after = toRecord((await this.options.store.get(id))!);
      await audit.success({ meta: { status: after.status } });
      return after;
    } catch (e) {
      await audit.fail({ error: e as Error });
      throw e;
    }
  }

  /** `POST /operations/:id/approve|reject` (see ApprovalFlow): the last approval needed starts it on this instance. */
  decide(
    id: string,
    decision: 'approve' | 'reject',
    credentials: BackstageCredentials,
    comment?: string,
    httpRequest?: Request,
  ): Promise<OperationRecord> {
    return this.approvals.decide(id, decision, credentials, comment, httpRequest);
  }

  /**
   * `GET /maintenance?environment=`: the environment's windows, freezes and what may run now — the policy this engine
   * enforces, to read before trying. Needs gsv-ops.platform.read.
   */
  async maintenanceCalendar(environment: string, credentials: BackstageCredentials): Promise<MaintenanceCalendar> {
    const [decision] = await this.options.permissions.authorize([{ permission: gsvOpsPlatformReadPermission }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You are not allowed to read the maintenance calendar (permission ${gsvOpsPlatformReadPermission.name})`);
    }
    const { config, policy } = this.options;
    return maintenanceCalendar({ environment, now: this.now(), config: config.policy, policy, approvals: config.approvals });
  }

  /** `GET /approvals?entityRef=`: what waits for approval (or a review), of entities the caller may read. */
  listApprovals(query: { entityRef?: string }, credentials: BackstageCredentials): Promise<PendingApprovalList> {
    return this.queries.listApprovals(query, credentials, op => this.approvals.whyNot(op, credentials));
  }

  /**
   * Marks operations whose backend died as interrupted, drops expired locks (see Maintenance) and ends approvals that
   * ran out. Returns how many operations it ended.
   */
  async runJanitor(): Promise<number> {
    return (await this.maintenance.runJanitor()) + (await this.approvals.expireOverdue());
  }

  /** Deletes ended operations past the audit log's retention (see Maintenance). */
  pruneAuditLog(): Promise<{ operations: number; dryRuns: number }> {
    return this.maintenance.pruneAuditLog();
  }

  /** Stops local operations (recorded as interrupted, locks released) and waits for them to record it. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    await this.runner.shutdown();
  }

  /** Waits for every operation this instance runs (tests). */
  idle(): Promise<void> {
    return this.runner.idle();
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }
}

/** The step of an operation run at once under a P1 incident, whose approval becomes a review afterwards. */
function emergencyStep(approval: NewApproval, at: number): Omit<OperationStep, 'index'> {
  const when = new Date(at).toISOString();
  return {
    name: 'approval',
    status: 'skipped',
    message: `Approval waived under P1 incident ${approval.emergencyIncident}: it runs now, and a member of ${approval.group} reviews it afterwards`,
    startedAt: when,
    finishedAt: when,
  };
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return /unique|duplicate|SQLITE_CONSTRAINT|23505/i.test(`${e?.code ?? ''} ${e?.message ?? ''}`);
}
