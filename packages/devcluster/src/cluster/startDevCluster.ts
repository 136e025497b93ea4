import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitOpsRepository } from '../gitops/GitOpsRepository';
import { registerGitOpsRoutes } from '../gitops/gitopsRoutes';
import { ClusterApi } from '../api/ClusterApi';
import type { SchemaViolation } from '../api/schemaEnforcement';
import type { KubeObject, UserInfo } from '../api/types';
import { SimulatedClock, type ClockOptions } from '../clock/SimulatedClock';
import { ApplicationController } from '../controllers/ApplicationController';
import { CertificateController } from '../controllers/certManager/CertificateController';
import { CertificateRequestController } from '../controllers/certManager/CertificateRequestController';
import { BackupController } from '../controllers/cnpg/BackupController';
import { ClusterController } from '../controllers/cnpg/ClusterController';
import { PoolerController } from '../controllers/cnpg/PoolerController';
import { ScheduledBackupController } from '../controllers/cnpg/ScheduledBackupController';
import { ControllerManager } from '../controllers/ControllerManager';
import { CronJobController } from '../controllers/CronJobController';
import { DaemonSetController } from '../controllers/DaemonSetController';
import { DeploymentController } from '../controllers/DeploymentController';
import { EndpointsController } from '../controllers/EndpointsController';
import { EventRecorder } from '../controllers/EventRecorder';
import {
  ExternalSecretController,
  SecretStoreController,
} from '../controllers/ExternalSecretController';
import { GarbageCollector } from '../controllers/GarbageCollector';
import { HorizontalPodAutoscalerController } from '../controllers/HorizontalPodAutoscalerController';
import { JobController } from '../controllers/JobController';
import { KubeletController } from '../controllers/KubeletController';
import { NamespaceController } from '../controllers/NamespaceController';
import { ReplicaSetController } from '../controllers/ReplicaSetController';
import { StatefulSetController } from '../controllers/StatefulSetController';
import { DEFAULT_TIMING, type ControllerTiming } from '../controllers/timing';
import { FaultInjector } from '../faults/FaultInjector';
import { attachAccessReviews } from '../rbac/accessReviews';
import { bootstrapPolicy } from '../rbac/bootstrapPolicy';
import { DEFAULT_RBAC_FILES, loadRbacFiles } from '../rbac/loadRbacFiles';
import { AwsTokenVerifier, type AwsAuthOptions } from '../rbac/AwsTokenVerifier';
import { PermissionUsage } from '../rbac/PermissionUsage';
import { RbacAuthorizer } from '../rbac/RbacAuthorizer';
import {
  serviceAccountUser,
  TokenAuthenticator,
  type DevClusterTokens,
} from '../rbac/TokenAuthenticator';
import { attachCustomResourceDefinitions } from '../resources/customResourceDefinitions';
import { ResourceRegistry } from '../resources/ResourceRegistry';
import { CLUSTER_AGE_MS, seedClusterBase } from '../seed/clusterBase';
import { seedGsvPlatform } from '../seed/gsv';
import { seedScale } from '../seed/scaleSeed';
import { Seeder } from '../seed/Seeder';
import { registerAdminRoutes } from '../server/adminRoutes';
import { DevClusterServer } from '../server/DevClusterServer';
import { LogFollowers } from '../server/LogFollowers';
import { RequestLog } from '../server/RequestLog';
import { ResourceHandler } from '../server/ResourceHandler';
import { RouteRegistry } from '../server/RouteRegistry';
import { WatchStreams } from '../server/WatchStreams';
import { kubeletSummary, pvcUsedBytes } from '../simulation/kubeletSummary';
import { renderPodLogs } from '../simulation/podLogs';
import { ResourceUsageModel } from '../simulation/resourceUsage';
import { SimulationState } from '../simulation/SimulationState';
import { workloadKey, workloadOf } from '../simulation/workloads';
import { ObjectStore } from '../store/ObjectStore';
import { DevClusterStore } from './DevClusterStore';
import { buildKubeconfig } from './kubeconfig';
import { loadOrCreateCredentials } from './tlsAndTokens';
import {
  MonitoringServers,
  type MonitoringFault,
  type MonitoringTarget,
} from '../prometheus/MonitoringServers';
import {
  MonitoringSimulation,
  SCRAPE_INTERVAL_MS,
} from '../prometheus/MonitoringSimulation';
import { ruleGroupLoader } from '../prometheus/ruleGroups';
import { registerMonitoringRoutes } from '../prometheus/monitoringRoutes';
import { Tsdb } from '../prometheus/Tsdb';

/** @public */
export interface DevClusterOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Cluster name (default `dev`). A name containing `prod` seeds the healthy prod variant with prod hostnames. */
  name?: string;
  /** `gsv` (default): the GSV platform of the ops guide; `empty`: only nodes and system namespaces. */
  seed?: 'gsv' | 'empty';
  /** A clock to share, or options for a new one (start, speed, manual). */
  clock?: SimulatedClock | ClockOptions;
  /** Scale mode: add this many running pods (deployments of 50 in `load-NN` namespaces, extra nodes). */
  scale?: { pods: number };
  /**
   * RBAC YAML files (ClusterRoles, Roles, bindings, ServiceAccounts). Default: `GSV_DEVCLUSTER_RBAC_FILES`
   * (comma-separated paths, e.g. a `kubectl kustomize` build of an overlay), else the suite's deploy/base RBAC.
   */
  rbacFiles?: string[];
  /**
   * Play an EKS cluster too: accept `k8s-aws-v1.` tokens (presigned STS GetCallerIdentity, as `aws eks get-token` and
   * Backstage's `aws` auth strategy make them) signed for `clusterId` by one of these static key pairs.
   */
  aws?: AwsAuthOptions;
  /** Directory to keep the CA, key and tokens across restarts (and the GitOps repository, `gitops.git`). */
  stateDir?: string;
  /**
   * The GitOps repository (a bare Git repository, created and seeded when missing) that agent-registry's Argo CD
   * Applications reconcile from. Clusters given the same `dir` share it. Default: `<stateDir>/gitops.git`, else a
   * temporary directory removed on stop.
   */
  gitops?: { dir?: string };
  /** How long simulated things take (simulated milliseconds). */
  timing?: Partial<ControllerTiming>;
  /** Watch tuning: bookmark interval and how far back watches can resume (real milliseconds / events). */
  watch?: {
    bookmarkIntervalMs?: number;
    historyWindowMs?: number;
    historySize?: number;
  };
  /** Receives controller errors and notable messages (default: silent unless DEVCLUSTER_DEBUG is set). */
  log?: (message: string) => void;
  /**
   * The embedded Prometheus and Alertmanager (plain HTTP on loopback, like separate in-cluster services). On by
   * default with random ports; `false` turns them off.
   */
  monitoring?: false | { prometheusPort?: number; alertmanagerPort?: number };
}

/** Read access to the simulated world for routes added later (Prometheus, Alertmanager). @public */
export interface DevClusterSimulation {
  state: SimulationState;
  usage: ResourceUsageModel;
  /** Used and capacity bytes of a PVC now. */
  volumeUsage(
    namespace: string,
    claim: string,
  ): { usedBytes: number; capacityBytes: number } | undefined;
}

/** The embedded Prometheus and Alertmanager of a devcluster. @public */
export interface DevClusterMonitoring {
  /** `http://127.0.0.1:<port>`: the Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`, …). */
  readonly prometheusUrl: string;
  /** `http://127.0.0.1:<port>`: the Alertmanager v2 API (`/api/v2/alerts`). */
  readonly alertmanagerUrl: string;
  readonly tsdb: Tsdb;
  /** Scrape the world and evaluate the alert rules now, instead of waiting for the next 15 s tick. */
  scrapeNow(): void;
  setFault(
    target: MonitoringTarget,
    fault: MonitoringFault | undefined,
  ): Promise<void>;
}

/** @public */
export interface DevCluster {
  readonly name: string;
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Base64 PEM of the CA (kubeconfig `certificate-authority-data`). */
  readonly caData: string;
  /** The CA as PEM, for Node clients (`ca` option). */
  readonly caPem: string;
  readonly tokens: DevClusterTokens;
  /** A kubeconfig for `admin` (default), `backend` or `viewer`. */
  kubeconfig(
    user?: keyof DevClusterTokens,
    options?: { namespace?: string },
  ): string;
  readonly requestLog: RequestLog;
  readonly faults: FaultInjector;
  readonly clock: SimulatedClock;
  readonly store: DevClusterStore;
  /** Add HTTP routes served next to the Kubernetes API (see RouteRegistry). */
  readonly routes: RouteRegistry;
  readonly simulation: DevClusterSimulation;
  /** Undefined when started with `monitoring: false`. */
  readonly monitoring?: DevClusterMonitoring;
  /** Controller failures since start (should stay empty). */
  readonly controllerErrors: ReadonlyArray<{
    controller: string;
    key: string;
    error: string;
  }>;
  /**
   * What the seed and the controllers wrote that the kinds' schemas refuse or prune (should stay empty; the
   * package's tests fail on any).
   */
  readonly schemaViolations: ReadonlyArray<SchemaViolation>;
  /** Registers another identity and returns its bearer token. */
  issueToken(user: UserInfo): string;
  /**
   * Every permission exercised by a request, per user. With `GSV_DEVCLUSTER_USAGE_DIR` set, written there when the
   * cluster stops (see `bin/least-privilege`).
   */
  readonly permissionUsage: PermissionUsage;
  /** Resolves once the controllers have reacted to everything that happened so far. */
  settle(): Promise<void>;
  /** The GitOps repository the Git-backed Applications reconcile from (`url` is `file://…`, `dir` its Git directory). */
  readonly gitops: { url: string; dir: string };
  /** Closes the server, watches, timers and controllers. */
  stop(): Promise<void>;
}

export async function startDevCluster(
  options: DevClusterOptions = {},
): Promise<DevCluster> {
  const name = options.name ?? 'dev';
  const environment = /prod/i.test(name) ? 'prod' : 'dev';
  const ownsClock = !(options.clock instanceof SimulatedClock);
  const clock =
    options.clock instanceof SimulatedClock
      ? options.clock
      : new SimulatedClock(options.clock);
  const log =
    options.log ??
    (process.env.DEVCLUSTER_DEBUG
      ? (message: string) => process.stderr.write(`[devcluster] ${message}\n`)
      : () => undefined);
  const timing: ControllerTiming = { ...DEFAULT_TIMING, ...options.timing };

  const store = new ObjectStore({
    historySize: options.watch?.historySize,
    historyWindowMs: options.watch?.historyWindowMs,
    freeze: process.env.JEST_WORKER_ID !== undefined,
  });
  const registry = new ResourceRegistry();
  const api = new ClusterApi(store, registry, clock);
  const simulation = new SimulationState();
  const usage = new ResourceUsageModel(store, simulation);
  const authorizer = new RbacAuthorizer(store);
  const permissionUsage = new PermissionUsage();
  const rbacFiles = options.rbacFiles ?? rbacFilesFromEnvironment() ?? DEFAULT_RBAC_FILES;
  registry.attachVirtual('metrics.k8s.io', 'v1beta1', 'pods', {
    list: namespace => usage.podMetrics(namespace, clock.now()),
  });
  registry.attachVirtual('metrics.k8s.io', 'v1beta1', 'nodes', {
    list: () => usage.nodeMetrics(clock.now()),
  });
  attachAccessReviews(registry, authorizer);
  attachCustomResourceDefinitions(registry, clock.now() - CLUSTER_AGE_MS);

  const credentials = await loadOrCreateCredentials(options.stateDir);
  const authenticator = new TokenAuthenticator(
    credentials.tokens,
    // signed with real time by real clients, so checked against real time
    options.aws ? new AwsTokenVerifier(options.aws) : undefined,
  );

  const gitops = openGitOps(options);

  // Seed the world, then let the controllers catch up before anyone can look.
  const seeder = new Seeder(api, simulation);
  seedClusterBase(seeder, environment);
  if ((options.seed ?? 'gsv') === 'gsv')
    seedGsvPlatform(seeder, { environment, gitopsUrl: gitops.repository.url });
  if (options.scale?.pods) seedScale(seeder, options.scale.pods, environment);
  seedRbac(seeder, api, rbacFiles);

  const events = new EventRecorder(api, registry);
  for (const event of store.list('/events')) events.remember(event);
  const manager = new ControllerManager(
    { api, store, registry, clock, events, simulation, usage, timing },
    log,
  );
  const context = manager.controllerContext;
  for (const controller of [
    new GarbageCollector(context),
    new NamespaceController(context),
    new KubeletController(context),
    new ReplicaSetController(context),
    new DeploymentController(context),
    new StatefulSetController(context),
    new DaemonSetController(context),
    new JobController(context),
    new CronJobController(context),
    new HorizontalPodAutoscalerController(context),
    new EndpointsController(context),
    new CertificateRequestController(context),
    new CertificateController(context),
    new ClusterController(context),
    new BackupController(context),
    new ScheduledBackupController(context),
    new PoolerController(context),
    new ApplicationController(context, gitops.repository),
    new SecretStoreController(context),
    new ExternalSecretController(context),
  ]) {
    manager.register(controller);
  }
  manager.start();
  manager.drainNow();
  clock.onSettle(() => manager.settle());

  const requestLog = new RequestLog();
  const routes = new RouteRegistry();
  const watches = new WatchStreams(api, registry, {
    bookmarkIntervalMs: options.watch?.bookmarkIntervalMs,
  });
  // The fault injector and the server refer to each other; the server is created right after.
  const serverRef: { current?: DevClusterServer } = {};
  const faults = new FaultInjector({
    dropWatches: filter => watches.drop(filter),
    expireWatches: filter => {
      for (const definition of registry.all()) {
        if (!filter.resource || definition.resource === filter.resource)
          store.compact(api.storageKey(definition));
      }
      return watches.expire(filter);
    },
    setDown: down => serverRef.current!.setDown(down),
    simulation,
  });
  registerAdminRoutes(routes, { faults, clock, requestLog });
  registerGitOpsRoutes(routes, gitops.repository.dir);

  const logFollowers = new LogFollowers();
  const resources = new ResourceHandler({
    api,
    registry,
    clock,
    watches,
    logFollowers,
    podLogs: (pod, request) =>
      renderPodLogs(
        pod,
        request,
        clock.now(),
        simulation.crashLooping.has(workloadKey(workloadOf(store, pod))),
        simulation.commandRuns.get(pod.metadata.uid),
      ),
    nodeProxy: (node, path) => {
      if (path === 'stats/summary')
        return {
          contentType: 'application/json',
          body: JSON.stringify(
            kubeletSummary(store, simulation, usage, node, clock.now()),
          ),
        };
      if (path === 'healthz') return { contentType: 'text/plain', body: 'ok' };
      return undefined;
    },
    issueServiceAccountToken: (namespace, account) => authenticator.issue(serviceAccountUser(namespace, account)),
  });
  const server = new DevClusterServer({
    tls: { key: credentials.key, cert: credentials.cert },
    registry,
    clock,
    authenticator,
    authorizer,
    permissionUsage,
    resources,
    routes,
    requestLog,
    faults: () => faults,
    longRunning: () => [
      ...watches.active().map(watch => ({ verb: 'WATCH' as const, ...watch })),
      ...Array.from({ length: logFollowers.size }, () => ({
        verb: 'GET' as const,
        definition: { group: '', version: 'v1', resource: 'pods' },
        subresource: 'log',
      })),
    ],
  });
  serverRef.current = server;

  let monitoring: MonitoringServers | undefined;
  const tsdb = new Tsdb();
  if (options.monitoring !== false) {
    monitoring = new MonitoringServers({
      tsdb,
      simulation: new MonitoringSimulation({ store, simulation, usage, tsdb }),
      ruleGroups: ruleGroupLoader(
        () => store.list('monitoring.coreos.com/prometheusrules'),
        SCRAPE_INTERVAL_MS,
        log,
      ),
      clock,
      log,
    });
    await monitoring.start({
      prometheus: options.monitoring?.prometheusPort,
      alertmanager: options.monitoring?.alertmanagerPort,
    });
    registerMonitoringRoutes(routes, monitoring);
  }
  const port = await server.listen(options.port ?? 0);
  const url = `https://127.0.0.1:${port}`;
  const caData = Buffer.from(credentials.cert).toString('base64');
  let stopped = false;

  return {
    name,
    url,
    port,
    caData,
    caPem: credentials.cert,
    tokens: credentials.tokens,
    kubeconfig: (user = 'admin', kubeconfigOptions = {}) =>
      buildKubeconfig({
        clusterName: name,
        server: url,
        caData,
        user,
        token: credentials.tokens[user],
        namespace: kubeconfigOptions.namespace,
      }),
    requestLog,
    faults,
    clock,
    store: new DevClusterStore(api),
    routes,
    simulation: {
      state: simulation,
      usage,
      volumeUsage: (namespace, claim) => {
        const pvc = store.get('/persistentvolumeclaims', namespace, claim);
        if (!pvc) return undefined;
        const { used, capacity } = pvcUsedBytes(simulation, pvc, clock.now());
        return { usedBytes: used, capacityBytes: capacity };
      },
    },
    monitoring: monitoring && {
      prometheusUrl: monitoring.prometheusUrl,
      alertmanagerUrl: monitoring.alertmanagerUrl,
      tsdb,
      scrapeNow: () => monitoring!.scrapeNow(),
      setFault: (target, fault) => monitoring!.setFault(target, fault),
    },
    controllerErrors: manager.errors,
    schemaViolations: api.schemas.violations,
    issueToken: user => authenticator.issue(user),
    permissionUsage,
    settle: () => clock.settle(),
    gitops: { url: gitops.repository.url, dir: gitops.repository.dir },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      const usageDirectory = process.env.GSV_DEVCLUSTER_USAGE_DIR;
      if (usageDirectory) permissionUsage.writeTo(usageDirectory, { cluster: name, rbacFiles });
      watches.closeAll();
      logFollowers.closeAll();
      faults.dispose();
      manager.stop();
      await monitoring?.stop();
      if (ownsClock) clock.dispose();
      await server.close();
      gitops.dispose();
    },
  };
}

/** The GitOps repository of the options; a temporary one (removed by `dispose`) when neither dir nor stateDir is given. */
function openGitOps(options: DevClusterOptions): { repository: GitOpsRepository; dispose(): void } {
  const configured = options.gitops?.dir ?? (options.stateDir ? join(options.stateDir, 'gitops.git') : undefined);
  const temporary = configured ? undefined : mkdtempSync(join(tmpdir(), 'gsv-gitops-'));
  const repository = GitOpsRepository.openOrCreate(configured ?? join(temporary!, 'gitops.git'));
  return { repository, dispose: () => temporary && rmSync(temporary, { recursive: true, force: true }) };
}

function rbacFilesFromEnvironment(): string[] | undefined {
  const files = process.env.GSV_DEVCLUSTER_RBAC_FILES?.split(',').map(f => f.trim()).filter(Boolean);
  return files?.length ? files : undefined;
}

/** Bootstrap roles plus the suite's RBAC files (ServiceAccounts and their namespaces included). */
function seedRbac(seeder: Seeder, api: ClusterApi, files: string[]): void {
  const objects: KubeObject[] = [...bootstrapPolicy(), ...loadRbacFiles(files)];
  for (const object of objects) {
    const definition = api.registry.forKind(object.apiVersion, object.kind);
    if (!definition) continue;
    const namespace = definition.namespaced
      ? object.metadata.namespace ?? 'default'
      : undefined;
    if (namespace && !api.store.get('/namespaces', '', namespace))
      seeder.namespace(namespace);
    if (api.tryGet(definition, namespace, object.metadata.name ?? '')) continue;
    seeder.create(
      {
        ...object,
        metadata: { ...object.metadata, ...(namespace ? { namespace } : {}) },
      },
      90 * 86_400_000,
    );
  }
}
