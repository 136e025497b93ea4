import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  startDevCluster,
  type ControllerTiming,
  type DevCluster,
} from '@gsv/devcluster';
import type {
  OperationRecord,
  RunbookId,
  StartOperationRequest,
} from '@gsv/plugin-gsv-ops-common';
import knexFactory, { Knex } from 'knex';
import {
  agentRegistryEntity,
  keycloakEntity,
} from '../../__fixtures__/platform';
import { DEFAULT_THRESHOLDS } from '../../domain/thresholds';
import { DefaultClusterRegistry } from '../../services/ClusterRegistry/DefaultClusterRegistry';
import { HttpKubernetesClient } from '../../services/ClusterRegistry/HttpKubernetesClient';
import { DefaultOpsService } from '../../services/OpsService/DefaultOpsService';
import { WatchCache } from '../../services/WatchCache/WatchCache';
import { applyOperationsMigrations } from '../store/migrations';
import type { Runbook } from '../runbooks/types';
import {
  createTestEngine,
  fakePermissions,
  RecordingAuditor,
  startReviewed,
} from './engineHarness';

/** Things happen in seconds, not minutes, in the simulated platform. */
export const FAST_TIMING: Partial<ControllerTiming> = {
  podStartMs: 150,
  podReadyMs: 150,
  podTerminationMs: 100,
  crashRunMs: 150,
  crashBackoffMs: 200,
  backupStartMs: 100,
  backupRunMs: 600,
  switchoverMs: 400,
  instanceStartMs: 300,
  certificateIssueMs: 300,
  argoSyncMs: 300,
  externalSecretRefreshMs: 200,
  jobRunMs: 300,
};

export const jane = mockCredentials.user('user:default/jane');

/**
 * The real thing end to end, minus HTTP: the embedded cluster (HTTPS, RBAC of deploy/base/rbac.yaml, controllers),
 * the read path's cluster client, watch cache and target resolution, and the engine on a database, as the backend's
 * service account. The engine follows the cluster's clock.
 */
export async function startTestbed(
  options: {
    name?: string;
    environment?: 'dev' | 'prod';
    timing?: Partial<ControllerTiming>;
    operationsConfig?: Record<string, unknown>;
    permissions?: PermissionsService;
    knex?: Knex;
    /** Simulated milliseconds per real millisecond (default 10: a 10 s readiness delay takes 1 s). */
    speed?: number;
    /** Runbook implementations that need the testbed's clusters or auditor (e.g. image-promote). */
    runbooks?: (testbed: {
      registry: DefaultClusterRegistry;
      auditor: RecordingAuditor;
    }) => Partial<Record<RunbookId, Runbook<any>>>;
  } = {},
) {
  const name = options.name ?? 'gsv-dev';
  const dev: DevCluster = await startDevCluster({
    port: 0,
    name,
    clock: { speed: options.speed ?? 10 },
    timing: { ...FAST_TIMING, ...options.timing },
  });
  const registry = DefaultClusterRegistry.fromConfig([
    {
      name,
      environment: options.environment ?? 'dev',
      namespaces: [],
      requestTimeoutMs: 10_000,
      probeIntervalMs: 30_000,
      connection: { url: dev.url, token: dev.tokens.backend, caPem: dev.caPem },
    },
  ]);
  const logger = mockServices.logger.mock();
  const watchCache = new WatchCache({
    clusters: registry.listClusters(),
    logger,
  });
  watchCache.start();
  for (let i = 0; i < 500 && !watchCache.hasSynced(); i++)
    await new Promise(r => setTimeout(r, 20));
  if (!watchCache.hasSynced())
    throw new Error('the watch cache did not sync with the embedded cluster');

  const ownKnex = !options.knex;
  const knex =
    options.knex ??
    knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
  await applyOperationsMigrations(knex);
  const catalog = catalogServiceMock({
    entities: [agentRegistryEntity, keycloakEntity],
  });
  const readService = new DefaultOpsService({
    catalog,
    watchCache,
    thresholds: DEFAULT_THRESHOLDS,
    logger,
  });
  const auditor = new RecordingAuditor();
  const harness = createTestEngine({
    knex,
    clusters: registry
      .listClusters()
      .map(c => ({
        name: c.name,
        environment: String(c.environment),
        client: c.client,
      })),
    targets: {
      listTargets: ({ entity, kind, cluster, credentials }) =>
        readService.listTargets({
          entityRef: `${entity.kind.toLocaleLowerCase('en-US')}:${
            entity.metadata.namespace ?? 'default'
          }/${entity.metadata.name}`,
          kind,
          cluster,
          credentials,
        }),
    },
    entities: [agentRegistryEntity, keycloakEntity],
    runbooks: options.runbooks?.({ registry, auditor }),
    permissions: options.permissions ?? fakePermissions(),
    auditor,
    operationsConfig: {
      verifySeconds: 1,
      leaseSeconds: 10,
      ...options.operationsConfig,
    },
    now: () => dev.clock.now(),
  });
  const { engine } = harness;

  /**
   * Starts an operation as jane on agent-registry (or the given entity) in this cluster. A real run is reviewed first,
   * as the forms do it: the dry run of the same request, then the run naming it.
   */
  const start = async (
    runbook: RunbookId,
    parameters: Record<string, unknown>,
    extra: Partial<StartOperationRequest> = {},
  ): Promise<OperationRecord> => {
    const request = {
      runbook,
      entityRef: 'component:default/agent-registry',
      cluster: name,
      parameters,
      dryRun: false,
      ...extra,
    };
    if (request.dryRun || request.reviewedDryRunId)
      return engine.start(request, jane);
    return startReviewed(engine, request, jane);
  };

  /** Waits until the operation ended and returns its record. */
  const finished = async (
    id: string,
    timeoutMs = 20_000,
  ): Promise<OperationRecord> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const op = await engine.get(id, jane);
      if (!['pending', 'running'].includes(op.status)) return op;
      if (Date.now() > until)
        throw new Error(
          `operation ${id} still ${op.status}: ${JSON.stringify(
            op.steps.at(-1),
          )}`,
        );
      await new Promise(r => setTimeout(r, 25));
    }
  };

  /** The cluster as its administrator: for setting up a test (never used by the engine). */
  const admin = new HttpKubernetesClient({
    cluster: name,
    connection: { url: dev.url, token: dev.tokens.admin, caPem: dev.caPem },
    requestTimeoutMs: 10_000,
  });

  const stop = async () => {
    admin.destroy();
    await engine.shutdown();
    await watchCache.stop();
    registry.close();
    await dev.stop();
    if (ownKnex) await knex.destroy();
  };

  /** Reads a path of the cluster's API as the backend's service account. */
  const read = (path: string) =>
    registry.getCluster(name).client.requestJson<any>({ path });

  return {
    dev,
    engine,
    store: harness.store,
    auditor,
    knex,
    name,
    start,
    finished,
    read,
    stop,
    registry,
    admin,
    readService,
  };
}

export type Testbed = Awaited<ReturnType<typeof startTestbed>>;

/**
 * The testbed of a describe block: started before its first test, stopped after its last, with the cluster's request
 * log cleared before each test. The answer stands for the running testbed (it throws when used outside the tests).
 */
export function useTestbed(
  options: Parameters<typeof startTestbed>[0] = {},
): Testbed {
  let bed: Testbed | undefined;
  beforeAll(async () => {
    bed = await startTestbed(options);
  });
  afterAll(async () => {
    await bed?.stop();
  });
  beforeEach(() => {
    bed?.dev.requestLog.clear();
  });
  return new Proxy({} as Testbed, {
    get: (_target, property) => {
      if (!bed)
        throw new Error(
          'the testbed runs only inside the tests of the describe block that asked for it',
        );
      return bed[property as keyof Testbed];
    },
  });
}

/** The steps of a write runbook that went through, in order. */
export const WRITE_STEPS_SUCCEEDED = [
  'validate',
  'policy',
  'lock',
  'read',
  'plan',
  'apply',
  'wait',
  'verify',
].map(step => `${step}:succeeded`);

/** An operation's steps as `name:status`. */
export const stepStates = (op: OperationRecord) =>
  op.steps.map(step => `${step.name}:${step.status}`);

/** Successful real writes the backend's service account sent (dry runs excluded). */
export function backendWrites(dev: DevCluster) {
  return dev.requestLog.writes(entry => entry.user.includes('gsv-backstage'));
}
