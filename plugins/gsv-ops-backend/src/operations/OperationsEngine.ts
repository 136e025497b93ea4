import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type {
  AuditorService,
  AuditorServiceEvent,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { AuthorizeResult, type ResourcePermission } from '@backstage/plugin-permission-common';
import {
  getRunbook,
  gsvOpsEntityReadPermission,
  gsvOpsMaintenanceWindowOverridePermission,
  gsvOpsProductionOperatePermission,
  ObjectRef,
  OperationList,
  OperationRecord,
  OperationStep,
  runbookParameterSchemas,
  RunbookId,
  StartOperationRequest,
} from '@gsv/plugin-gsv-ops-common';
import type { Request } from 'express';
import type { JsonObject } from '@backstage/types';
import { entityTargets } from '../domain/selectors';
import type { ClusterRegistry, GsvOpsCluster, KubeObject } from '../services/ClusterRegistry/types';
import type { OperationsConfig } from './config/readOperationsConfig';
import { checkReview, requestHash, type ReviewSubject } from './admission/review';
import { LeaseLostError, messageOf, OperationCancelledError, ShutdownError } from './errors';
import { ClusterAccess, ClusterRequestError } from './kube/ClusterAccess';
import { changesAnything, objectDiff } from './kube/diff';
import { apiVersionOf } from './kube/resources';
import { WaitFailedError } from './kube/waitFor';
import type { OperationsPolicy, PolicyDecision } from './policy/OperationsPolicy';
import { RUNBOOK_IMPLEMENTATIONS } from './runbooks';
import type { Change, EntityScope, Runbook, RunbookContext, RunbookTarget, StepHandle } from './runbooks/types';
import type { LockManager, OperationStore, StoredOperation } from './store/types';
import type { EntityLookup, OperationTargetsProvider } from './types';

/** How often a step's progress message is written while it changes (the final message is always written). */
const PROGRESS_WRITE_INTERVAL_MS = 1000;

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
}

interface RunningOperation {
  controller: AbortController;
  done: Promise<void>;
}

/** Writes a step and its progress, serialised so the final state is never overwritten by a late progress write. */
class StepRecorder {
  private message: string;
  private detail: Record<string, unknown> = {};
  private chain: Promise<unknown> = Promise.resolve();
  private lastWrite = 0;
  private pending?: NodeJS.Timeout;
  private finished = false;

  private constructor(
    private readonly store: OperationStore,
    private readonly operationId: string,
    private readonly index: number,
    message: string,
    private readonly now: () => number,
  ) {
    this.message = message;
  }

  static async start(store: OperationStore, operationId: string, name: string, message: string, now: () => number) {
    const index = await store.addStep(operationId, { name, status: 'running', message, startedAt: new Date(now()).toISOString() });
    return new StepRecorder(store, operationId, index, message, now);
  }

  readonly handle: StepHandle = {
    progress: (message: string) => {
      if (this.finished || message === this.message) return;
      this.message = message;
      const wait = this.lastWrite + PROGRESS_WRITE_INTERVAL_MS - Date.now();
      if (wait <= 0) this.write();
      else this.pending ??= setTimeout(() => this.write(), wait);
    },
    detail: (detail: Record<string, unknown>) => {
      Object.assign(this.detail, detail);
    },
  };

  private write() {
    if (this.pending) clearTimeout(this.pending);
    this.pending = undefined;
    if (this.finished) return;
    this.lastWrite = Date.now();
    const message = this.message;
    this.chain = this.chain.then(() => this.store.updateStep(this.operationId, this.index, { message })).catch(() => undefined);
  }

  async finish(status: 'succeeded' | 'failed', message?: string) {
    if (this.pending) clearTimeout(this.pending);
    this.finished = true;
    const final = message ?? this.message;
    await this.chain;
    await this.store.updateStep(this.operationId, this.index, {
      status,
      message: final,
      finishedAt: new Date(this.now()).toISOString(),
      ...(Object.keys(this.detail).length ? { detail: this.detail } : {}),
    });
  }
}

/** The lock key of a target: one per object per cluster. */
export function lockTargetOf(cluster: string, ref: { kind: string; namespace?: string; name: string }): string {
  return `${cluster}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

/**
 * The one place every change to a cluster goes through: validates, authorizes, applies policy, locks the target,
 * records the operation and its steps in the audit log, runs the runbook (dry run: with `dryRun=All`) and reports
 * the outcome. Several instances can share one database: locks and the audit log live there.
 */
export class OperationsEngine {
  readonly instanceId: string;
  private readonly now: () => number;
  private readonly leaseNow: () => number;
  private readonly running = new Map<string, RunningOperation>();
  private shuttingDown = false;

  constructor(private readonly options: OperationsEngineOptions) {
    this.instanceId = options.instanceId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.now = options.now ?? Date.now;
    this.leaseNow = options.leaseNow ?? Date.now;
  }

  private runbook(id: RunbookId): Runbook<any> {
    return (this.options.runbooks?.[id] ?? RUNBOOK_IMPLEMENTATIONS[id]) as Runbook<any>;
  }

  /**
   * `POST /operations`. Everything that can be checked is checked before any write; a dry run completes before this
   * returns, a real run continues in the background.
   */
  async start(
    request: StartOperationRequest,
    credentials: BackstageCredentials,
    httpRequest?: Request,
  ): Promise<OperationRecord> {
    const definition = getRunbook(request.runbook);
    if (!definition) throw new InputError(`Unknown runbook '${request.runbook}'`);
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
      const record = await this.startChecked(request, credentials, cluster);
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

  private async startChecked(
    request: StartOperationRequest,
    credentials: BackstageCredentials,
    cluster: GsvOpsCluster,
  ): Promise<OperationRecord> {
    const startedAt = this.now();
    const environment = String(cluster.environment);
    const runbook = this.runbook(request.runbook);
    const definition = getRunbook(request.runbook)!;

    // 1. Input, before anything leaves this process.
    const parsed = runbookParameterSchemas[request.runbook].safeParse(request.parameters ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map(i => `${['parameters', ...i.path].join('.')}: ${i.message}`);
      throw new InputError(`Invalid parameters for ${request.runbook}: ${issues.join('; ')}`);
    }
    const params = parsed.data as any;
    let entityRef: string;
    try {
      entityRef = stringifyEntityRef(parseEntityRef(request.entityRef));
    } catch (e) {
      throw new InputError(`Invalid entityRef '${request.entityRef}': ${messageOf(e)}`);
    }
    const limits = this.options.policy.limits(environment);
    runbook.checkLimits?.(params, limits);
    const target: RunbookTarget = runbook.target(params);

    // 2. The entity, as the caller sees it.
    const entity = await this.options.catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) throw new NotFoundError(`Entity ${entityRef} was not found in the catalog`);

    // 3. Permissions, with the caller's credentials.
    const checks: Array<{ permission: ResourcePermission<'catalog-entity'>; why: string }> = [
      { permission: definition.permission, why: `run '${definition.title}' on ${entityRef}` },
    ];
    if (environment === 'prod') {
      checks.push({ permission: gsvOpsProductionOperatePermission, why: `operate on ${entityRef} in production (cluster ${cluster.name})` });
    }
    if (request.incident) {
      checks.push({ permission: gsvOpsMaintenanceWindowOverridePermission, why: `override the maintenance window under incident ${request.incident.id}` });
    }
    const decisions = await this.options.permissions.authorize(
      checks.map(c => ({ permission: c.permission, resourceRef: entityRef })),
      { credentials },
    );
    decisions.forEach((d, i) => {
      if (d.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(`You are not allowed to ${checks[i].why} (permission ${checks[i].permission.name})`);
      }
    });

    // 4. The target belongs to the entity.
    const { items: candidates, errors: clusterErrors } = await this.options.targets.listTargets({
      entity,
      kind: target.targetKind,
      cluster: cluster.name,
      credentials,
    });
    const match = candidates.find(
      t => t.cluster === cluster.name && t.kind === target.kind && t.name === target.name && (t.namespace ?? '') === (target.namespace ?? ''),
    );
    if (!match) {
      const clusterError = clusterErrors.find(e => e.cluster === cluster.name);
      if (clusterError) {
        throw new ServiceUnavailableError(
          `Cannot check the targets of ${entityRef}: cluster ${cluster.name} is not readable right now (${clusterError.message}); try again later`,
        );
      }
      const own = candidates.filter(t => t.cluster === cluster.name).map(t => `${t.namespace ? `${t.namespace}/` : ''}${t.name}`);
      throw new InputError(
        `${target.kind} ${target.namespace ? `${target.namespace}/` : ''}${target.name} in cluster ${cluster.name} is not one of the ${definition.targetKind} targets of ${entityRef}${
          own.length ? `; its targets there: ${own.join(', ')}` : '; it has none there'
        }`,
      );
    }

    // 5. Policy: maintenance windows, freezes, incident override.
    const decision = this.options.policy.evaluate({
      runbook: request.runbook,
      environment,
      incident: request.incident,
      now: startedAt,
    });

    // 5b. A real run names the dry run of this very request that the same person reviewed.
    const initiatedBy = principalOf(credentials);
    const subject: ReviewSubject = {
      runbook: request.runbook,
      entityRef,
      cluster: cluster.name,
      target: { kind: target.kind, ...(target.namespace ? { namespace: target.namespace } : {}), name: target.name },
      parameters: params,
    };
    if (request.dryRun && request.reviewedDryRunId) {
      throw new InputError('reviewedDryRunId names the dry run a real run was reviewed as; a dry run takes none');
    }
    const reviewedDryRunId = request.dryRun
      ? undefined
      : await checkReview({
          store: this.options.store,
          config: this.options.config.review,
          subject,
          environment,
          reviewedDryRunId: request.reviewedDryRunId,
          initiatedBy,
          now: startedAt,
          title: definition.title,
        });

    // 6. Read-only checks against the cluster (existence, windows of recoverability, refresh policies, …).
    const scope = this.scopeOf(entity, cluster, credentials);
    const reader = new ClusterAccess(cluster);
    let preflight;
    try {
      preflight = (await runbook.preflight?.({ params, cluster, kube: reader, limits, scope, now: this.now, signal: new AbortController().signal })) ?? {};
    } catch (e) {
      throw translatePreflightError(e);
    }

    // 7. The lock.
    const id = randomUUID();
    const targetRef: ObjectRef = { kind: target.kind, ...(target.namespace ? { namespace: target.namespace } : {}), name: target.name };
    const lockTargets = [lockTargetOf(cluster.name, targetRef), ...(preflight.extraLocks ?? []).map(r => lockTargetOf(cluster.name, r))];
    const lockedAt = this.now();
    const leaseStart = this.leaseNow();
    const acquired = await this.options.locks.acquire({
      targets: lockTargets,
      operationId: id,
      holder: this.instanceId,
      now: leaseStart,
      leaseMs: this.options.config.leaseMs,
    });
    if (!acquired.acquired) {
      const holder = await this.options.store.get(acquired.heldBy.operationId);
      // the key is cluster/kind/namespace/name: say `Kind namespace/name`, as everywhere else
      const [, kind, namespace, ...name] = acquired.heldBy.target.split('/');
      const what = describeRef({ kind, ...(namespace ? { namespace } : {}), name: name.join('/') });
      throw new ConflictError(
        holder
          ? `${what} in cluster ${cluster.name} is being operated on by operation ${holder.id} (${holder.runbook} by ${holder.initiatedBy}, ${holder.status} since ${holder.startedAt ?? holder.createdAt}); wait for it to finish or cancel it`
          : `${what} in cluster ${cluster.name} is locked by operation ${acquired.heldBy.operationId}; wait for it to finish`,
      );
    }

    const iso = (t: number) => new Date(t).toISOString();
    const validated = [
      `Parameters valid; ${target.kind} ${target.namespace ? `${target.namespace}/` : ''}${target.name} belongs to ${entityRef} in cluster ${cluster.name} (${environment})`,
      ...(reviewedDryRunId ? [`reviewed as dry run ${reviewedDryRunId}`] : []),
      ...(preflight.notes ?? []),
    ].join('; ');
    const steps: OperationStep[] = [
      { index: 0, name: 'validate', status: 'succeeded', message: validated, startedAt: iso(startedAt), finishedAt: iso(lockedAt) },
      {
        index: 1,
        name: 'policy',
        status: 'succeeded',
        message: `${decision.message}; permission ${checks.map(c => c.permission.name).join(', ')} granted`,
        startedAt: iso(startedAt),
        finishedAt: iso(lockedAt),
        detail: policyDetail(decision),
      },
      {
        index: 2,
        name: 'lock',
        status: 'succeeded',
        message: `Holding ${lockTargets.length === 1 ? 'the lock' : `${lockTargets.length} locks`} on ${lockTargets.join(', ')} (lease ${Math.round(this.options.config.leaseMs / 1000)} s, renewed while running)`,
        startedAt: iso(lockedAt),
        finishedAt: iso(this.now()),
      },
    ];
    try {
      await this.options.store.create({
        id,
        runbook: request.runbook,
        entityRef,
        cluster: cluster.name,
        environment,
        target: targetRef,
        parameters: params,
        dryRun: request.dryRun,
        initiatedBy,
        origin: request.origin,
        incident: request.incident,
        holder: this.instanceId,
        createdAt: startedAt,
        leaseExpiresAt: leaseStart + this.options.config.leaseMs,
        steps,
        requestHash: requestHash(subject),
        reviewedDryRunId,
      });
    } catch (e) {
      await this.options.locks.release({ operationId: id });
      if (reviewedDryRunId && isUniqueViolation(e)) {
        throw new ConflictError(`The reviewed dry run ${reviewedDryRunId} was already used by another run; run the dry run again`);
      }
      throw e;
    }

    const run = this.execute({
      id,
      runbook,
      params,
      cluster,
      environment,
      entity,
      entityRef,
      targetRef,
      lockTargets,
      dryRun: request.dryRun,
      initiatedBy,
      scope,
      facts: { ...(preflight.facts ?? {}), verifyMs: this.options.config.verifyMs },
      limits,
      incident: request.incident,
    });
    if (request.dryRun) {
      await run;
    }
    const record = await this.options.store.get(id);
    return toRecord(record!);
  }

  private scopeOf(entity: Entity, cluster: GsvOpsCluster, credentials: BackstageCredentials): EntityScope {
    let deployments: Promise<Array<{ namespace: string; name: string }>> | undefined;
    return {
      entity,
      deployments: () => {
        deployments ??= this.options.targets
          .listTargets({ entity, kind: 'deployment', cluster: cluster.name, credentials })
          .then(list =>
            list.items
              .filter(t => t.cluster === cluster.name && t.kind === 'Deployment' && t.namespace)
              .map(t => ({ namespace: t.namespace!, name: t.name })),
          );
        return deployments;
      },
      labelSelector: () => entityTargets(entity, stringifyEntityRef(entity)).selectorText,
    };
  }

  private execute(op: {
    id: string;
    runbook: Runbook<any>;
    params: any;
    cluster: GsvOpsCluster;
    environment: string;
    entity: Entity;
    entityRef: string;
    targetRef: ObjectRef;
    lockTargets: string[];
    dryRun: boolean;
    initiatedBy: string;
    scope: EntityScope;
    facts: Record<string, unknown>;
    limits: ReturnType<OperationsPolicy['limits']>;
    incident?: { id: string; severity: string };
  }): Promise<void> {
    const controller = new AbortController();
    const { store, locks, config, logger } = this.options;
    const applied: AppliedChange[] = [];
    let heartbeat: NodeJS.Timeout | undefined;

    const beat = async () => {
      try {
        const now = this.leaseNow();
        const [lockOk, leaseOk] = await Promise.all([
          locks.renew({ targets: op.lockTargets, operationId: op.id, now, leaseMs: config.leaseMs }),
          store.renewLease(op.id, this.instanceId, now + config.leaseMs),
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
      if (!controller.signal.aborted) heartbeat = setTimeout(beat, heartbeatMs(config.leaseMs));
    };

    const done = (async () => {
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
      heartbeat = setTimeout(beat, heartbeatMs(config.leaseMs));
      let status: 'succeeded' | 'failed' | 'cancelled' | 'interrupted' = 'failed';
      let summary = '';
      let result: Record<string, unknown> | undefined;
      let failure: Error | undefined;
      try {
        await store.markRunning(op.id, this.now());
        const context = this.contextFor(op, controller.signal, applied);
        const outcome = await op.runbook.run(context);
        status = 'succeeded';
        summary = outcome.summary;
        result = outcome.result;
      } catch (e) {
        const reason = controller.signal.aborted ? controller.signal.reason : e;
        failure = reason instanceof Error ? reason : new Error(messageOf(reason));
        const changed = applied.length
          ? ` The change was already applied (${applied.map(a => a.what).join('; ')}): check ${[...new Set(applied.map(a => a.object))].join(
              ', ',
            )} before running the runbook again.`
          : ' No change was made.';
        if (reason instanceof OperationCancelledError) {
          status = 'cancelled';
          summary = `Cancelled by ${reason.by}.${changed}`;
        } else if (reason instanceof ShutdownError || reason instanceof LeaseLostError) {
          status = 'interrupted';
          summary = `Interrupted: ${sentence(reason.message)}${changed}`;
        } else if (isExpected(reason)) {
          status = 'failed';
          summary = `Failed: ${sentence(capitalizeFirst(messageOf(reason)))}${applied.length ? changed : ''}`;
        } else {
          status = 'failed';
          summary = `Failed with an internal error: ${sentence(messageOf(reason))}${changed}`;
          logger.error('Operation failed unexpectedly', { operationId: op.id, runbook: op.runbook.id, error: messageOf(reason) });
        }
      } finally {
        clearTimeout(heartbeat);
      }
      try {
        const ended = await store.finish(op.id, { status, summary, result }, this.now());
        if (!ended) {
          logger.warn('Operation had already been ended by someone else (its lease ran out)', { operationId: op.id });
        }
      } catch (e) {
        logger.error('Could not record the end of an operation', { operationId: op.id, error: messageOf(e) });
      }
      await locks.release({ operationId: op.id }).catch(e =>
        logger.warn('Could not release the locks of an operation; they expire with their lease', { operationId: op.id, error: messageOf(e) }),
      );
      if (status === 'succeeded') {
        await audit.success({ meta: { status, summary } });
      } else {
        await audit.fail({ error: failure ?? new Error(summary), meta: { status, summary } });
      }
      logger.info('Operation finished', { operationId: op.id, runbook: op.runbook.id, cluster: op.cluster.name, status, dryRun: op.dryRun });
    })();
    const tracked = done.finally(() => this.running.delete(op.id));
    this.running.set(op.id, { controller, done: tracked });
    return tracked;
  }

  private contextFor(
    op: Parameters<OperationsEngine['execute']>[0],
    signal: AbortSignal,
    applied: AppliedChange[],
  ): RunbookContext<any> {
    const access = new ClusterAccess(op.cluster, signal);
    const step = async <T>(name: string, message: string, fn: (handle: StepHandle) => Promise<T>): Promise<T> => {
      signal.throwIfAborted();
      const recorder = await StepRecorder.start(this.options.store, op.id, name, message, this.now);
      try {
        const value = await fn(recorder.handle);
        await recorder.finish('succeeded', typeof value === 'string' ? value : undefined);
        return value;
      } catch (e) {
        const reason = signal.aborted ? signal.reason : e;
        await recorder.finish('failed', capitalizeFirst(messageOf(reason)));
        throw e;
      }
    };
    const mutate = async (changes: Change[], dryRun: boolean): Promise<{ results: Array<KubeObject | undefined>; diffs: string[] }> => {
      const results: Array<KubeObject | undefined> = [];
      const diffs: string[] = [];
      for (const change of changes) {
        signal.throwIfAborted();
        const audit = await this.mutationAudit(op, change, dryRun);
        let after: KubeObject | undefined;
        try {
          after = await access.send(change, dryRun);
          await audit.success();
        } catch (e) {
          await audit.fail({ error: e as Error });
          if (!dryRun && results.length > 0) {
            throw new ClusterRequestError(
              `${messageOf(e)} (after ${results.length} of ${changes.length} changes were applied: ${changes.slice(0, results.length).map(c => c.what).join('; ')})`,
              'Partial',
            );
          }
          throw e;
        }
        // the object changed, which is not always the target: a restore creates a new cluster next to its source
        if (!dryRun) applied.push({ what: change.what, object: describeRef({ kind: change.type.kind, namespace: change.namespace, name: change.name }) });
        results.push(after);
        const label = `${change.type.plural}/${change.namespace}/${change.name}${change.subresource ? `/${change.subresource}` : ''}`;
        const afterForDiff = change.verb === 'delete' ? undefined : after;
        diffs.push(
          change.verb !== 'delete' && after && !changesAnything(change.before, afterForDiff)
            ? `# ${label}: no change`
            : objectDiff(label, change.before, afterForDiff),
        );
      }
      return { results, diffs };
    };
    const record = (name: 'plan' | 'apply', dryRun: boolean) => async (changes: Change[], title?: string) => {
      if (changes.length === 0) return [];
      const verb = name === 'plan' ? 'Planned (sent with dryRun=All, accepted by the API server)' : 'Applied';
      return step(name, `${name === 'plan' ? 'Planning' : 'Applying'}${title ? ` (${title})` : ''}: ${changes.map(c => c.what).join('; ')}`, async handle => {
        const { results, diffs } = await mutate(changes, dryRun);
        const first = changes[0];
        handle.detail({
          object: { kind: first.type.kind, namespace: first.namespace, name: first.name },
          ...(changes.length > 1 ? { objects: changes.map(c => ({ kind: c.type.kind, namespace: c.namespace, name: c.name })) } : {}),
          diff: diffs.join('\n'),
          dryRun,
        });
        handle.progress(`${verb}${title ? ` (${title})` : ''}: ${changes.map(c => c.what).join('; ')}`);
        return results;
      });
    };
    return {
      operationId: op.id,
      params: op.params,
      cluster: op.cluster,
      dryRun: op.dryRun,
      signal,
      limits: op.limits,
      initiatedBy: op.initiatedBy,
      scope: op.scope,
      facts: op.facts,
      kube: access,
      now: this.now,
      step,
      skip: async (name, message) => {
        const at = new Date(this.now()).toISOString();
        await this.options.store.addStep(op.id, { name, status: 'skipped', message, startedAt: at, finishedAt: at });
      },
      plan: record('plan', true),
      apply: async (changes, title) => (op.dryRun ? [] : record('apply', false)(changes, title)),
    };
  }

  private async mutationAudit(
    op: Parameters<OperationsEngine['execute']>[0],
    change: Change,
    dryRun: boolean,
  ): Promise<AuditorServiceEvent> {
    return this.options.auditor.createEvent({
      eventId: 'kubernetes-mutation',
      severityLevel: op.environment === 'prod' && !dryRun ? 'high' : 'medium',
      meta: {
        operationId: op.id,
        runbook: op.runbook.id,
        initiatedBy: op.initiatedBy,
        cluster: op.cluster.name,
        environment: op.environment,
        apiVersion: apiVersionOf(change.type),
        kind: change.type.kind,
        namespace: change.namespace,
        name: change.name,
        verb: change.verb,
        ...(change.subresource ? { subresource: change.subresource } : {}),
        dryRun,
        bodySha256: createHash('sha256').update(JSON.stringify(change.body ?? null)).digest('hex'),
      },
    });
  }

  /** `GET /operations/:id`: needs gsv-ops.entity.read on the operation's entity. */
  async get(id: string, credentials: BackstageCredentials): Promise<OperationRecord> {
    const op = await this.options.store.get(id);
    if (!op) throw new NotFoundError(`No operation with id ${id}`);
    await this.require(gsvOpsEntityReadPermission, op.entityRef, credentials, `see the operations of ${op.entityRef}`);
    return toRecord(op);
  }

  /** `GET /operations?entityRef=&limit=`: most recent first, only those of entities the caller may read. */
  async list(query: { entityRef?: string; limit?: number }, credentials: BackstageCredentials): Promise<OperationList> {
    const limit = Math.min(query.limit ?? this.options.config.listDefaultLimit, this.options.config.listMaxLimit);
    let entityRef: string | undefined;
    if (query.entityRef) {
      try {
        entityRef = stringifyEntityRef(parseEntityRef(query.entityRef));
      } catch (e) {
        throw new InputError(`Invalid entityRef '${query.entityRef}': ${messageOf(e)}`);
      }
      await this.require(gsvOpsEntityReadPermission, entityRef, credentials, `see the operations of ${entityRef}`);
      const items = await this.options.store.list({ entityRef, limit });
      return { items: items.map(toRecord) };
    }
    const items = await this.options.store.list({ limit });
    const refs = [...new Set(items.map(i => i.entityRef))];
    const decisions = refs.length
      ? await this.options.permissions.authorize(
          refs.map(resourceRef => ({ permission: gsvOpsEntityReadPermission, resourceRef })),
          { credentials },
        )
      : [];
    const allowed = new Set(refs.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW));
    return { items: items.filter(i => allowed.has(i.entityRef)).map(toRecord) };
  }

  /**
   * `POST /operations/:id/cancel`: needs what starting it needed — the runbook's permission, and in production
   * `gsv-ops.production.operate`. The holder (this or another instance) sees the
   * request on its next heartbeat; a local operation is aborted at once. Cancelling an ended operation changes
   * nothing.
   */
  async cancel(id: string, credentials: BackstageCredentials, httpRequest?: Request): Promise<OperationRecord> {
    const op = await this.options.store.get(id);
    if (!op) throw new NotFoundError(`No operation with id ${id}`);
    const definition = getRunbook(op.runbook);
    const audit = await this.options.auditor.createEvent({
      eventId: 'operation-cancel',
      severityLevel: op.environment === 'prod' ? 'high' : 'medium',
      request: httpRequest,
      meta: { operationId: id, runbook: op.runbook, entityRef: op.entityRef, cluster: op.cluster },
    });
    try {
      await this.require(definition!.permission, op.entityRef, credentials, `cancel '${definition!.title}' on ${op.entityRef}`);
      if (op.environment === 'prod') {
        await this.require(
          gsvOpsProductionOperatePermission,
          op.entityRef,
          credentials,
          `cancel an operation on ${op.entityRef} in production (cluster ${op.cluster})`,
        );
      }
      if (op.status === 'pending' || op.status === 'running') {
        const by = principalOf(credentials);
        await this.options.store.requestCancel(id, by, this.now());
        const local = this.running.get(id);
        if (local) {
          local.controller.abort(new OperationCancelledError(by));
          // Give the runner a moment to record the outcome, so the caller sees `cancelled` right away.
          await Promise.race([local.done, new Promise(resolve => setTimeout(resolve, 5000))]);
        }
      }
      const after = toRecord((await this.options.store.get(id))!);
      await audit.success({ meta: { status: after.status } });
      return after;
    } catch (e) {
      await audit.fail({ error: e as Error });
      throw e;
    }
  }

  private async require(
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    credentials: BackstageCredentials,
    what: string,
  ) {
    const [decision] = await this.options.permissions.authorize([{ permission, resourceRef: entityRef }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You are not allowed to ${what} (permission ${permission.name})`);
    }
  }

  /**
   * Marks operations whose backend died (lease ran out without renewal) as interrupted, never leaving them "running",
   * and drops expired locks. Safe to run on every instance at once.
   */
  async runJanitor(): Promise<number> {
    const now = this.leaseNow();
    const expired = await this.options.store.listExpired(now);
    let count = 0;
    for (const op of expired) {
      if (this.running.has(op.id)) continue;
      const summary = `Interrupted: the backend that ran this operation (${op.holder ?? 'unknown'}) stopped before it finished (its lease ran out${
        op.leaseExpiresAt ? ` at ${new Date(op.leaseExpiresAt).toISOString()}` : ''
      }). The cluster may be half-way: check ${describeRef(op.target)} and run the runbook again if needed.`;
      const ended = await this.options.store.finish(op.id, { status: 'interrupted', summary }, this.now());
      if (!ended) continue;
      count++;
      const at = new Date(this.now()).toISOString();
      await this.options.store.addStep(op.id, { name: 'interrupted', status: 'failed', message: summary, startedAt: at, finishedAt: at });
      await this.options.locks.release({ operationId: op.id });
      const audit = await this.options.auditor.createEvent({
        eventId: 'operation-execution',
        severityLevel: op.environment === 'prod' ? 'high' : 'medium',
        meta: { operationId: op.id, runbook: op.runbook, entityRef: op.entityRef, cluster: op.cluster, holder: op.holder ?? null },
      });
      await audit.fail({ error: new Error(summary), meta: { status: 'interrupted' } });
      this.options.logger.warn('Marked an operation interrupted: its backend stopped', { operationId: op.id, holder: op.holder });
    }
    await this.options.locks.sweep(now);
    return count;
  }

  /**
   * Deletes ended operations older than the retention (`gsvOps.operations.retention`) from the audit log, in batches;
   * dry runs have their own, shorter retention. Returns how many were deleted of each.
   */
  async pruneAuditLog(): Promise<{ operations: number; dryRuns: number }> {
    const now = this.now();
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

  /** Stops local operations (recorded as interrupted, locks released) and waits for them to record it. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    const running = [...this.running.values()];
    for (const r of running) r.controller.abort(new ShutdownError());
    await Promise.allSettled(running.map(r => r.done));
  }

  /** Waits for every operation this instance runs (tests). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running.values()].map(r => r.done));
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }
}

function toRecord(op: StoredOperation): OperationRecord {
  const { holder, leaseExpiresAt, cancelRequestedAt, cancelRequestedBy, requestHash: _hash, ...record } = op;
  return record;
}

function policyDetail(decision: PolicyDecision): Record<string, unknown> {
  return {
    overrideUsed: decision.overrideUsed,
    ...(decision.window ? { window: decision.window } : {}),
  };
}

function principalOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as { type: string; userEntityRef?: string; subject?: string };
  if (p.type === 'user' && p.userEntityRef) return p.userEntityRef;
  if (p.type === 'service' && p.subject) return `service:${p.subject}`;
  return p.type;
}

interface AppliedChange {
  what: string;
  /** "Cluster cmp/cmp-postgres-pitr" */
  object: string;
}

function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/**
 * How often a running operation renews its lease and looks for a cancel request from another replica: a third of
 * the lease, at most every 5 s (so a cancel through another replica takes effect within seconds).
 */
function heartbeatMs(leaseMs: number): number {
  return Math.max(100, Math.min(leaseMs / 3, 5000));
}

/** Ends a message with a full stop unless it already ends a sentence. */
function sentence(s: string): string {
  return /[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`;
}

function capitalizeFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Failures we explain ourselves (cluster refused, wait failed, input wrong) as opposed to bugs. */
function isExpected(error: unknown): boolean {
  const name = (error as Error)?.name;
  return (
    error instanceof WaitFailedError ||
    error instanceof ClusterRequestError ||
    name === 'InputError' ||
    name === 'ConflictError' ||
    name === 'NotFoundError' ||
    name === 'NotAllowedError' ||
    name === 'WaitTimeoutError'
  );
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return /unique|duplicate|SQLITE_CONSTRAINT|23505/i.test(`${e?.code ?? ''} ${e?.message ?? ''}`);
}

/** Preflight reads: a missing object is the caller's mistake (404), an unreachable cluster a 503. */
function translatePreflightError(error: unknown): Error {
  if (error instanceof ClusterRequestError) {
    if (error.reason === 'NotFound') return new NotFoundError(error.message);
    if (error.reason === 'Unreachable' || error.reason === 'Timeout' || error.reason === 'TooManyRequests') {
      return new ServiceUnavailableError(error.message);
    }
  }
  return error as Error;
}
