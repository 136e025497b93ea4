import type { BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  getRunbook,
  runbookParameterSchemas,
  type ObjectRef,
  type RunbookDefinition,
  type RunbookId,
  type StartOperationRequest,
} from '@gsv/plugin-gsv-ops-common';
import type { GsvOpsCluster } from '../../services/ClusterRegistry/types';
import type { OperationsConfig, OperationLimits } from '../config/readOperationsConfig';
import { messageOf } from '../errors';
import { ClusterAccess } from '../kube/ClusterAccess';
import type { OperationsPolicy, PolicyDecision } from '../policy/OperationsPolicy';
import { principalOf } from '../records';
import type { EntityScope, PreflightResult, Runbook } from '../runbooks/types';
import type { IncidentOverrideCheck } from '../../incidents/incidentOverride';
import type { OperationStore } from '../store/types';
import type { EntityLookup, OperationTargetsProvider } from '../types';
import { authorizeStart, type PermissionCheck } from './authorize';
import { translatePreflightError } from './preflight';
import { checkReview, type ReviewSubject } from './review';
import { entityScope } from './scope';
import { requireTarget } from './targets';

/** Everything admission decided about an operation, before anything was locked or written. */
export interface AdmittedOperation {
  request: StartOperationRequest;
  definition: RunbookDefinition;
  runbook: Runbook<any>;
  params: any;
  cluster: GsvOpsCluster;
  environment: string;
  entity: Entity;
  entityRef: string;
  targetRef: ObjectRef;
  checks: PermissionCheck[];
  decision: PolicyDecision;
  subject: ReviewSubject;
  reviewedDryRunId?: string;
  initiatedBy: string;
  preflight: PreflightResult;
  scope: EntityScope;
  limits: OperationLimits;
  startedAt: number;
}

export interface AdmissionOptions {
  store: OperationStore;
  policy: OperationsPolicy;
  config: OperationsConfig;
  permissions: PermissionsService;
  catalog: EntityLookup;
  targets: OperationTargetsProvider;
  /** Checks an incident override against the declared incidents (see `incidentOverrideCheck`). */
  incidentOverride?: IncidentOverrideCheck;
  runbook(id: RunbookId): Runbook<any>;
  now: () => number;
}

/**
 * Everything that decides whether an operation may start, before a cluster is changed: the input, the entity as the
 * caller sees it, the caller's permissions, that the target is one of the entity's, the policy (windows, freezes,
 * incident override), the review of a real run, and the runbook's read-only preflight against the cluster. Throws
 * the error a caller should see (400, 403, 404, 409, 503); nothing is written.
 */
export class Admission {
  constructor(private readonly options: AdmissionOptions) {}

  async admit(request: StartOperationRequest, credentials: BackstageCredentials, cluster: GsvOpsCluster): Promise<AdmittedOperation> {
    const startedAt = this.options.now();
    const environment = String(cluster.environment);
    const definition = getRunbook(request.runbook)!;
    const runbook = this.options.runbook(request.runbook);
    const { params, entityRef } = validateInput(request);
    const limits = this.options.policy.limits(environment);
    runbook.checkLimits?.(params, limits);
    const target = runbook.target(params);

    const entity = await this.options.catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) throw new NotFoundError(`Entity ${entityRef} was not found in the catalog`);
    const checks = await authorizeStart({ permissions: this.options.permissions, credentials, request, definition, entityRef, cluster });
    if (request.incident) await this.options.incidentOverride?.(entityRef, request.incident);
    await requireTarget({ targets: this.options.targets, credentials, entity, entityRef, cluster, target, definition });
    const readOnly = runbook.readOnly?.(params) ?? false;
    const decision = this.options.policy.evaluate({ runbook: request.runbook, environment, incident: request.incident, now: startedAt, readOnly });

    const targetRef: ObjectRef = { kind: target.kind, ...(target.namespace ? { namespace: target.namespace } : {}), name: target.name };
    const initiatedBy = principalOf(credentials);
    const subject: ReviewSubject = { runbook: request.runbook, entityRef, cluster: cluster.name, target: targetRef, parameters: params };
    const reviewedDryRunId = await this.review(request, subject, environment, initiatedBy, startedAt, definition);

    const scope = entityScope({ targets: this.options.targets, entity, cluster, credentials });
    const preflight = await this.preflight(runbook, { params, cluster, limits, scope });
    return {
      request,
      definition,
      runbook,
      params,
      cluster,
      environment,
      entity,
      entityRef,
      targetRef,
      checks,
      decision,
      subject,
      reviewedDryRunId,
      initiatedBy,
      preflight,
      scope,
      limits,
      startedAt,
    };
  }

  /** A real run names the dry run of this very request that the same person reviewed. */
  private async review(
    request: StartOperationRequest,
    subject: ReviewSubject,
    environment: string,
    initiatedBy: string,
    now: number,
    definition: RunbookDefinition,
  ): Promise<string | undefined> {
    if (request.dryRun && request.reviewedDryRunId) {
      throw new InputError('reviewedDryRunId names the dry run a real run was reviewed as; a dry run takes none');
    }
    if (request.dryRun) return undefined;
    return checkReview({
      store: this.options.store,
      config: this.options.config.review,
      subject,
      environment,
      reviewedDryRunId: request.reviewedDryRunId,
      initiatedBy,
      now,
      title: definition.title,
    });
  }

  /** Read-only checks against the cluster (existence, windows of recoverability, refresh policies, …). */
  async preflight(
    runbook: Runbook<any>,
    context: { params: any; cluster: GsvOpsCluster; limits: OperationLimits; scope: EntityScope },
  ): Promise<PreflightResult> {
    try {
      const kube = new ClusterAccess(context.cluster);
      return (await runbook.preflight?.({ ...context, kube, now: this.options.now, signal: new AbortController().signal })) ?? {};
    } catch (e) {
      throw translatePreflightError(e);
    }
  }
}

/** The parameters against the runbook's schema, and the entity ref in its canonical form: before anything leaves. */
function validateInput(request: StartOperationRequest): { params: any; entityRef: string } {
  const parsed = runbookParameterSchemas[request.runbook].safeParse(request.parameters ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map(i => `${['parameters', ...i.path].join('.')}: ${i.message}`);
    throw new InputError(`Invalid parameters for ${request.runbook}: ${issues.join('; ')}`);
  }
  try {
    return { params: parsed.data, entityRef: stringifyEntityRef(parseEntityRef(request.entityRef)) };
  } catch (e) {
    throw new InputError(`Invalid entityRef '${request.entityRef}': ${messageOf(e)}`);
  }
}
