import type { Entity } from '@backstage/catalog-model';
import type { OpsTarget, RunbookId, RunbookParameters, RunbookTargetKind } from '@gsv/plugin-gsv-ops-common';
import type { GsvOpsCluster, KubeObject } from './clusters';

// The contract of a runbook implementation: what the engine asks of it (its target, its caps, a read-only preflight,
// its steps) and what it gets to run with. A backend module can replace the implementation of a runbook declared in
// `@gsv/plugin-gsv-ops-common` through `gsvOpsRunbooksExtensionPoint`.

/** API coordinates of the kinds the runbooks read and write. @public */
export interface ResourceType {
  kind: string;
  group: string;
  version: string;
  plural: string;
  /** Older versions with the same shape, used when the cluster does not serve `version`. */
  fallbackVersions?: string[];
}

/** Blast-radius caps: the most one operation may change. @public */
export interface OperationLimits {
  /** The most replicas a deployment may be scaled to, and the highest maxReplicas an HPA may be given. */
  maxReplicas: number;
  /** The fewest replicas a deployment may be scaled to (0 allows scaling a service off); an HPA's min is at least 1. */
  minReplicas: number;
  /** The fewest and most PostgreSQL instances a CloudNativePG cluster may be scaled to. */
  minDatabaseInstances: number;
  maxDatabaseInstances: number;
  /** The most instances of a cluster created by a point-in-time restore. */
  maxRestoreInstances: number;
  /** The most objects one clean-up may delete (the request's maxDeletions is capped to it). */
  maxObjectsDeleted: number;
  /** A clean-up always keeps at least this many old ReplicaSets per deployment, for rollbacks. */
  minKeepReplicaSets: number;
  /** The most consumer deployments a secret rotation restarts. */
  maxConsumerRestarts: number;
  /** The most CPU (cores) and memory (bytes) a container may be given as request or limit. */
  maxContainerCpuCores: number;
  maxContainerMemoryBytes: number;
  /** The least CPU (cores) and memory (bytes) a container may be given: below it a pod cannot do useful work. */
  minContainerCpuCores: number;
  minContainerMemoryBytes: number;
  /** The most PgBouncer instances, default_pool_size and max_client_conn a CloudNativePG Pooler may be given. */
  maxPoolerInstances: number;
  maxPoolerDefaultPoolSize: number;
  maxPoolerClientConnections: number;
}

/**
 * The object a runbook operates on: what the lock is keyed on and what must belong to the entity.
 *
 * @public
 */
export interface RunbookTarget {
  kind: OpsTarget['kind'];
  namespace?: string;
  name: string;
  /** The kind the entity's targets are listed with (`GET /entities/…/targets?kind=`). */
  targetKind: RunbookTargetKind;
}

/**
 * Reads a runbook may do before anything is locked or written.
 *
 * @public
 */
export interface KubeReader {
  get(type: ResourceType, namespace: string, name: string, subresource?: string): Promise<KubeObject>;
  /** undefined on 404. */
  tryGet(type: ResourceType, namespace: string, name: string): Promise<KubeObject | undefined>;
  list(type: ResourceType, namespace: string, selectors?: { labelSelector?: string; fieldSelector?: string }): Promise<KubeObject[]>;
  /** The type at the version the cluster serves (API discovery), for kinds with fallback versions. */
  served(type: ResourceType): Promise<ResourceType>;
}

/**
 * The entity's objects a runbook may need beyond its target (consumers to restart, deployments to verify).
 *
 * @public
 */
export interface EntityScope {
  entity: Entity;
  /** The entity's deployments in this cluster. */
  deployments(): Promise<Array<{ namespace: string; name: string }>>;
  /** The label selector of the entity's objects (`backstage.io/kubernetes-id=…` or the entity's own selector). */
  labelSelector(): string | undefined;
}

/** @public */
export interface PreflightContext<P> {
  params: P;
  cluster: GsvOpsCluster;
  kube: KubeReader;
  limits: OperationLimits;
  scope: EntityScope;
  now(): number;
  signal: AbortSignal;
}

/**
 * What a preflight learned: further objects to lock and facts to show in the validate step.
 *
 * @public
 */
export interface PreflightResult {
  extraLocks?: Array<{ kind: string; namespace?: string; name: string }>;
  notes?: string[];
  /** Carried into run() so it need not read again (it re-reads what it writes). */
  facts?: Record<string, unknown>;
}

/**
 * One write to a cluster: planned with `dryRun=All`, then applied.
 *
 * @public
 */
export interface Change {
  type: ResourceType;
  namespace: string;
  name: string;
  verb: 'create' | 'patch' | 'update' | 'delete';
  subresource?: 'status' | 'scale';
  body?: unknown;
  contentType?: string;
  /** The live object, for the diff (absent for a create). */
  before?: KubeObject;
  /** What the change does, in words: "set kubectl.kubernetes.io/restartedAt on the pod template". */
  what: string;
  /**
   * Read-modify-write with optimistic locking (client-go's RetryOnConflict): on 409 the engine reads the object again
   * and rebuilds the body from it. Returning undefined drops the change (nothing left to do).
   */
  rebuild?: (fresh: KubeObject) => unknown | undefined;
}

/** @public */
export interface StepHandle {
  /** Replaces the step's message (e.g. wait progress); throttled when stored. */
  progress(message: string): void;
  /** Adds fields to the step's detail. */
  detail(detail: Record<string, unknown>): void;
}

/** @public */
export interface RunbookContext<P> {
  operationId: string;
  params: P;
  cluster: GsvOpsCluster;
  dryRun: boolean;
  signal: AbortSignal;
  limits: OperationLimits;
  initiatedBy: string;
  scope: EntityScope;
  facts: Record<string, unknown>;
  kube: KubeReader;
  now(): number;
  /** Runs one recorded step; its message is replaced by the function's string result when it returns one. */
  step<T>(name: string, message: string, fn: (step: StepHandle) => Promise<T>): Promise<T>;
  /** A recorded step that did nothing, with the reason. */
  skip(name: string, message: string): Promise<void>;
  /** Sends the changes with `dryRun=All` and records the plan and its diff (step `plan`). */
  plan(changes: Change[], title?: string): Promise<Array<KubeObject | undefined>>;
  /** Sends the changes for real and records the diff (step `apply`); in a dry run it does nothing. */
  apply(changes: Change[], title?: string): Promise<Array<KubeObject | undefined>>;
}

/** @public */
export interface RunbookOutcome {
  summary: string;
  result?: Record<string, unknown>;
}

/** @public */
export interface Runbook<T extends RunbookId = RunbookId> {
  id: T;
  target(params: RunbookParameters<T>): RunbookTarget;
  /** Caps that depend only on the parameters; throws InputError. */
  checkLimits?(params: RunbookParameters<T>, limits: OperationLimits): void;
  /**
   * Whether a run with these parameters changes nothing (a report, a diagnosis): the policy then needs no maintenance
   * window and no freeze exemption. Default: it is a change.
   */
  readOnly?(params: RunbookParameters<T>): boolean;
  /** Read-only checks against the cluster: InputError (400), ConflictError (409), NotFoundError (404). */
  preflight?(ctx: PreflightContext<RunbookParameters<T>>): Promise<PreflightResult>;
  run(ctx: RunbookContext<RunbookParameters<T>>): Promise<RunbookOutcome>;
}

/**
 * The engine's annotation on objects it changes.
 *
 * @public
 */
export const OPERATION_ID_ANNOTATION = 'gsv.io/operation-id';
