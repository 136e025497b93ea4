import type {
  AuditorService,
  AuditorServiceCreateEventOptions,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  OperationRecord,
  OpsTarget,
  RunbookId,
  RunbookTargetKind,
  StartOperationRequest,
} from '@gsv/plugin-gsv-ops-common';
import type { Knex } from 'knex';
import { DefaultClusterRegistry } from '../../services/ClusterRegistry/DefaultClusterRegistry';
import {
  KubeObject,
  KubernetesApiError,
  KubernetesClient,
  KubernetesRequest,
  KubernetesWatchRequest,
  WatchEvent,
} from '../../services/ClusterRegistry/types';
import { readOperationsConfig } from '../config/readOperationsConfig';
import { OperationsEngine } from '../OperationsEngine';
import { OperationsPolicy } from '../policy/OperationsPolicy';
import type { Runbook } from '../runbooks/types';
import { RESOURCES } from '../kube/resources';
import { deploymentRestart } from '../runbooks/deploymentRestart';
import type { ApprovalListener } from '../approvals/ApprovalFlow';
import { DatabaseLockManager } from '../store/DatabaseLockManager';
import { DatabaseOperationStore } from '../store/DatabaseOperationStore';
import type { OperationTargetsProvider } from '../types';
import { ConfigReader } from '@backstage/config';

/** A cluster client that records every request and answers from a handler; watches stay open until aborted. */
export class RecordingClient implements KubernetesClient {
  readonly requests: Array<{ method: string; path: string; query?: KubernetesRequest['query']; body?: unknown }> = [];

  constructor(private readonly handler: (request: KubernetesRequest) => unknown = defaultHandler) {}

  async requestJson<T>(request: KubernetesRequest): Promise<T> {
    this.requests.push({ method: request.method ?? 'GET', path: request.path, query: request.query, body: request.body });
    if (request.signal?.aborted) throw request.signal.reason;
    return (await this.handler(request)) as T;
  }

  async *watch(request: KubernetesWatchRequest): AsyncIterable<WatchEvent> {
    await new Promise<void>(resolve => request.signal?.addEventListener('abort', () => resolve(), { once: true }));
  }

  writes() {
    return this.requests.filter(r => r.method !== 'GET');
  }
}

/** GET answers a deployment; writes answer their body as the server would after applying it. */
function defaultHandler(request: KubernetesRequest): unknown {
  if ((request.method ?? 'GET') === 'GET') {
    const name = request.path.split('/').pop()!;
    return deployment(name);
  }
  return { ...deployment('x'), ...(request.body as object) };
}

export function deployment(name: string, namespace = 'cmp'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, uid: `uid-${name}`, resourceVersion: '1', generation: 1, annotations: {} },
    spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } } } },
    status: { replicas: 2, readyReplicas: 2 },
  };
}

export function notFound(cluster: string): KubernetesApiError {
  return new KubernetesApiError({ cluster, reason: 'NotFound', upstreamStatus: 404, message: `Cluster ${cluster} answered 404: not found` });
}

export interface RecordedAuditEvent {
  options: AuditorServiceCreateEventOptions;
  outcome?: 'success' | 'fail';
  error?: string;
}

export class RecordingAuditor implements AuditorService {
  readonly events: RecordedAuditEvent[] = [];
  async createEvent(options: AuditorServiceCreateEventOptions) {
    const event: RecordedAuditEvent = { options: { ...options, request: undefined } };
    this.events.push(event);
    return {
      success: async () => {
        event.outcome = 'success';
      },
      fail: async ({ error }: { error: Error }) => {
        event.outcome = 'fail';
        event.error = error.message;
      },
    };
  }
  byId(eventId: string) {
    return this.events.filter(e => e.options.eventId === eventId);
  }
}

/** Permissions decided by a function of (permission name, resourceRef, user). */
export function fakePermissions(
  decide: (permission: string, resourceRef: string | undefined, user: string) => boolean = () => true,
): PermissionsService {
  const userOf = (c: BackstageCredentials) => (c.principal as { userEntityRef?: string }).userEntityRef ?? 'none';
  return {
    async authorize(requests, options) {
      return requests.map(r => ({
        result: decide(r.permission.name, (r as { resourceRef?: string }).resourceRef, userOf(options.credentials))
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      }));
    },
    async authorizeConditional(requests, options) {
      return requests.map(r => ({
        result: decide(r.permission.name, undefined, userOf(options.credentials)) ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      })) as any;
    },
  };
}

export const agentRegistry: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'agent-registry', namespace: 'default', annotations: { 'backstage.io/kubernetes-id': 'agent-registry' } },
  spec: { type: 'service', owner: 'group:default/cmp', lifecycle: 'production' },
};

/** Targets as the read path lists them: every object in `objects` belongs to the entity. */
export function staticTargets(objects: Array<Omit<OpsTarget, 'environment'> & { targetKind: RunbookTargetKind }>): OperationTargetsProvider {
  return {
    async listTargets({ kind, cluster }) {
      return {
        items: objects
          .filter(o => o.targetKind === kind && o.cluster === cluster)
          .map(({ targetKind, ...o }) => ({ ...o, environment: 'dev' })),
        errors: [],
      };
    },
  };
}

export function createTestEngine(options: {
  knex: Knex;
  clusters: Array<{ name: string; environment: string; client: KubernetesClient }>;
  targets: OperationTargetsProvider;
  entities?: Entity[];
  permissions?: PermissionsService;
  auditor?: AuditorService;
  operationsConfig?: Record<string, unknown>;
  runbooks?: Partial<Record<RunbookId, Runbook<any>>>;
  instanceId?: string;
  now?: () => number;
  /** The groups of each user (approvers); by default pat and paula are in group:default/platform-team. */
  groups?: Record<string, string[]>;
  approvalListener?: ApprovalListener;
}) {
  const groups = options.groups ?? {
    'user:default/pat': ['group:default/platform-team'],
    'user:default/paula': ['group:default/platform-team'],
  };
  // Approvals are off unless a test configures them: the approval tests cover the defaults.
  const operations = { approvals: { rules: [] }, ...options.operationsConfig };
  const config = readOperationsConfig(new ConfigReader({ gsvOps: { operations } } as any));
  const store = new DatabaseOperationStore(options.knex);
  const locks = new DatabaseLockManager(options.knex);
  const auditor = options.auditor ?? new RecordingAuditor();
  const entities = options.entities ?? [agentRegistry];
  const engine = new OperationsEngine({
    clusters: DefaultClusterRegistry.fromClusters(
      options.clusters.map(c => ({ name: c.name, environment: c.environment, namespaces: [], requestTimeoutMs: 5000, client: c.client })),
    ),
    store,
    locks,
    policy: new OperationsPolicy(config.policy),
    config,
    permissions: options.permissions ?? fakePermissions(),
    catalog: {
      async getEntityByRef(ref: string) {
        return entities.find(e => `${e.kind.toLocaleLowerCase('en-US')}:${e.metadata.namespace ?? 'default'}/${e.metadata.name}` === ref);
      },
    },
    targets: options.targets,
    auditor,
    logger: mockServices.logger.mock(),
    instanceId: options.instanceId,
    now: options.now,
    runbooks: options.runbooks,
    groupsOf: async credentials => {
      const user = (credentials.principal as { userEntityRef?: string }).userEntityRef ?? '';
      return [user, ...(groups[user] ?? [])];
    },
    approvalListener: options.approvalListener,
  });
  return { engine, store, locks, auditor, config };
}

/**
 * A real run as the forms start it: the dry run of the same request first, then the run naming it as reviewed.
 * Returns the real run's record (the dry run must succeed).
 */
export async function startReviewed(
  engine: OperationsEngine,
  request: StartOperationRequest,
  credentials: BackstageCredentials,
): Promise<OperationRecord> {
  const review = await engine.start({ ...request, dryRun: true, reviewedDryRunId: undefined }, credentials);
  if (review.status !== 'succeeded') {
    throw new Error(`the review's dry run of ${request.runbook} ended ${review.status}: ${review.summary}`);
  }
  return engine.start({ ...request, dryRun: false, reviewedDryRunId: review.id }, credentials);
}

/** A promise with its resolve function, to hold a runbook in a step until the test lets it go. */
export function gate<T = void>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>(resolve => {
    open = resolve;
  });
  return { promise, open };
}


/** Polls an operation until it reaches one of `statuses` (or fails the test after `timeoutMs`). */
export async function waitForStatus(read: () => Promise<OperationRecord>, statuses: string[], timeoutMs = 10_000): Promise<OperationRecord> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const op = await read();
    if (statuses.includes(op.status)) return op;
    if (Date.now() > until) throw new Error(`operation ${op.id} stayed ${op.status}`);
    await new Promise(r => setTimeout(r, 20));
  }
}

/** Empties the engine's tables between tests (children first: SQLite does not cascade without its pragma). */
export async function clearOperationTables(knex: Knex): Promise<void> {
  for (const table of ['gsv_ops_approval_votes', 'gsv_ops_approvals', 'gsv_ops_locks', 'gsv_ops_operation_steps', 'gsv_ops_operations']) {
    await knex(table).delete();
  }
}

function abortable(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/**
 * A runbook with the real target and the engine's real plan/apply/step machinery, whose wait is held by the test:
 * read → plan (dryRun=All) → apply → wait (until released or cancelled).
 */
export function heldRestart(hold: () => Promise<unknown>, seen?: Array<{ id: string; at: number; phase: 'start' | 'end' }>): Runbook<'deployment-restart'> {
  return {
    id: 'deployment-restart',
    target: deploymentRestart.target,
    async run(ctx) {
      const { namespace, deployment: name } = ctx.params;
      const live = await ctx.step('read', 'reading', () => ctx.kube.get(RESOURCES.deployment, namespace, name));
      const change = {
        type: RESOURCES.deployment,
        namespace,
        name,
        verb: 'patch' as const,
        body: { metadata: { annotations: { 'gsv.io/operation-id': ctx.operationId } } },
        before: live,
        what: 'annotate',
      };
      await ctx.plan([change]);
      if (ctx.dryRun) return { summary: 'Dry run: would annotate' };
      await ctx.apply([change]);
      seen?.push({ id: ctx.operationId, at: Date.now(), phase: 'start' });
      try {
        await ctx.step('wait', 'held by the test', () => Promise.race([hold(), abortable(ctx.signal)]));
      } finally {
        seen?.push({ id: ctx.operationId, at: Date.now(), phase: 'end' });
      }
      return { summary: 'Annotated', result: { ok: true } };
    },
  };
}
