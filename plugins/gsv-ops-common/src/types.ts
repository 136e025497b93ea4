import type { ApplicationPromotion } from './promotion';
/**
 * The HTTP contract between gsv-ops-backend and its clients (the Ops tab, the platform page, the runbook actions).
 * Timestamps are ISO-8601 strings; durations are seconds.
 */

import type { PoolerView } from './poolers';

/** How bad a finding is. `unknown` means the data needed to judge is missing. @public */
export type Level = 'ok' | 'warning' | 'critical' | 'unknown';

/** One judgement with the reason a person understands, e.g. "Certificate keycloak-tls expires in 4 days". @public */
export interface Finding {
  level: Level;
  /** Machine-readable kind, e.g. `certificate.expiring`, `deployment.unavailable`, `backup.stale`. */
  code: string;
  reason: string;
  /** The object the finding is about. */
  object?: ObjectRef;
  /** The cluster it was found in (set on entity- and platform-level summaries). */
  cluster?: string;
}

/** @public */
export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

/** @public */
export type Environment = 'dev' | 'qa' | 'prod' | (string & {});

/** What we know about a cluster's connection, kept per cluster so one bad cluster never hides the others. @public */
export interface ClusterStatus {
  name: string;
  title?: string;
  environment: Environment;
  /** All watched kinds have listed at least once. */
  synced: boolean;
  /** The last time any watch or list of this cluster answered. */
  lastHeardAt?: string;
  /** Seconds since lastHeardAt, when the view was built. */
  ageSeconds?: number;
  /** Set while the cluster is failing; the view then holds the last known data. */
  error?: ClusterError;
  /**
   * Kinds this cluster answers with an error of their own while the cluster itself is reachable (e.g. RBAC forbids
   * them): their cards hold the last known data, or nothing.
   */
  degradedKinds?: { kind: string; reason: string; message: string }[];
  /** Optional kinds the cluster does not serve (the CRD is not installed), e.g. `certificates` without cert-manager. */
  absentKinds?: string[];
}

/** @public */
export interface ClusterError {
  cluster: string;
  message: string;
  /** e.g. `Unreachable`, `Unauthorized`, `Forbidden`, `Timeout`, `TooManyRequests`. */
  reason: string;
  since: string;
}

/** @public */
export interface ContainerView {
  name: string;
  image: string;
  imageTag?: string;
  ready: boolean;
  restartCount: number;
  /** e.g. `Running`, `CrashLoopBackOff`, `ImagePullBackOff`, `Completed`. */
  state: string;
  message?: string;
  lastTerminationReason?: string;
  resources?: {
    requests?: Record<string, string>;
    limits?: Record<string, string>;
  };
}

/** @public */
export interface PodView {
  namespace: string;
  name: string;
  /** The pod phase, or a more telling reason such as `CrashLoopBackOff` or `Terminating`. */
  status: string;
  phase: string;
  ready: boolean;
  readyContainers: number;
  totalContainers: number;
  restarts: number;
  nodeName?: string;
  createdAt?: string;
  owner?: ObjectRef;
  containers: ContainerView[];
  level: Level;
}

/** @public */
export interface RolloutState {
  /** Kubernetes' own definition: observedGeneration caught up and updated == replicas == available. */
  complete: boolean;
  inProgress: boolean;
  /** `Progressing` condition with reason `ProgressDeadlineExceeded`. */
  stalled: boolean;
  message?: string;
}

/** @public */
export interface DeploymentView {
  namespace: string;
  name: string;
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  desiredReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  updatedReplicas: number;
  revision?: string;
  rollout: RolloutState;
  images: string[];
  restarts: number;
  hpa?: HpaView;
  pods: PodView[];
  level: Level;
  findings: Finding[];
}

/** @public */
export interface HpaView {
  namespace: string;
  name: string;
  target: ObjectRef;
  minReplicas: number;
  maxReplicas: number;
  currentReplicas: number;
  desiredReplicas: number;
  lastScaleTime?: string;
  /** e.g. `cpu 72% / 80%`. */
  metrics: string[];
  ableToScale?: boolean;
  scalingLimited?: boolean;
}

/** @public */
export interface JobView {
  namespace: string;
  name: string;
  status: 'Running' | 'Complete' | 'Failed';
  succeeded: number;
  failed: number;
  startTime?: string;
  completionTime?: string;
  owner?: ObjectRef;
}

/** @public */
export interface CertificateView {
  namespace: string;
  name: string;
  secretName: string;
  dnsNames: string[];
  issuer: { name: string; kind: string; group?: string };
  /** From the condition of type Ready, never from its position. */
  ready: 'True' | 'False' | 'Unknown';
  readyReason?: string;
  readyMessage?: string;
  notBefore?: string;
  notAfter?: string;
  renewalTime?: string;
  /** Whole days until notAfter (negative when expired). */
  daysToExpiry?: number;
  revision?: number;
  issuing: boolean;
  /** Present while the latest issuance failed. */
  failure?: {
    reason?: string;
    message?: string;
    lastFailureTime?: string;
    attempts: number;
    /** lastFailureTime + 1h * 2^(attempts-1), capped at 32h: cert-manager's backoff. */
    nextRetryTime?: string;
  };
  /** The CertificateRequest of the issuance in flight (revision + 1), as `cmctl status` shows it. */
  request?: {
    name: string;
    approved?: 'True' | 'False' | 'Unknown';
    ready: 'True' | 'False' | 'Unknown';
    reason?: string;
    message?: string;
  };
  level: Level;
  findings: Finding[];
}

/** @public */
export interface BackupView {
  namespace: string;
  name: string;
  phase: string;
  method?: string;
  target?: string;
  scheduled: boolean;
  scheduledBackup?: string;
  startedAt?: string;
  stoppedAt?: string;
  durationSeconds?: number;
  error?: string;
  backupId?: string;
  createdAt?: string;
}

/** @public */
export interface ScheduledBackupView {
  namespace: string;
  name: string;
  /** CloudNativePG's 6-field cron (seconds first), or a descriptor such as `@daily`. */
  schedule: string;
  suspended: boolean;
  lastScheduleTime?: string;
  /** From the status, else computed from the schedule (UTC). */
  nextScheduleTime?: string;
  /** Seconds between two runs around now; absent when the schedule cannot be parsed. */
  periodSeconds?: number;
  /** Why the schedule cannot be used (invalid expression, `status.error`). */
  error?: string;
}

/** @public */
export interface DatabaseView {
  namespace: string;
  name: string;
  phase: string;
  phaseReason?: string;
  healthy: boolean;
  instances: number;
  readyInstances: number;
  currentPrimary?: string;
  targetPrimary?: string;
  switchoverInProgress: boolean;
  instanceNames: string[];
  /** Instances that can be promoted: ready replicas (`cnpg.io/instanceRole=replica`). */
  replicas: string[];
  /** Each instance with its role and pod state. */
  instanceStatuses: {
    name: string;
    role: 'primary' | 'replica' | 'unknown';
    ready: boolean;
    status?: string;
  }[];
  image?: string;
  walArchiving: {
    status: 'ok' | 'failing' | 'unknown';
    message?: string;
    /** When the ContinuousArchiving condition last changed (when archiving started failing, if it is). */
    since?: string;
  };
  lastSuccessfulBackup?: BackupView;
  lastFailedBackup?: BackupView;
  /** Seconds since the last successful backup stopped. */
  lastSuccessfulBackupAgeSeconds?: number;
  recoveryWindow?: {
    objectStore: string;
    firstRecoverabilityPoint?: string;
    lastSuccessfulBackupTime?: string;
    lastFailedBackupTime?: string;
  };
  scheduledBackups: ScheduledBackupView[];
  /** The soonest next run of a non-suspended schedule. */
  nextBackupTime?: string;
  /** Most recent first. */
  recentBackups: BackupView[];
  /** The PgBouncer poolers (CloudNativePG Pooler) in front of it. */
  poolers?: PoolerView[];
  level: Level;
  findings: Finding[];
}

/** @public */
export interface GitOpsHistoryEntry {
  id: number;
  revision?: string;
  deployedAt?: string;
  deployStartedAt?: string;
  initiatedBy?: string;
}

/** @public */
export interface ApplicationView {
  namespace: string;
  name: string;
  project?: string;
  repoURL?: string;
  path?: string;
  targetRevision?: string;
  syncStatus: 'Synced' | 'OutOfSync' | 'Unknown' | string;
  healthStatus:
    | 'Healthy'
    | 'Progressing'
    | 'Degraded'
    | 'Suspended'
    | 'Missing'
    | 'Unknown'
    | string;
  healthMessage?: string;
  revision?: string;
  lastSyncedAt?: string;
  reconciledAt?: string;
  images?: string[];
  operationPhase?: string;
  operationMessage?: string;
  outOfSyncResources: ObjectRef[];
  history: GitOpsHistoryEntry[];
  conditions: { type: string; message?: string }[];
  level: Level;
  findings: Finding[];
  /** Set when its overlay's environment comes after another in the promotion order. */
  promotion?: ApplicationPromotion;
}

/** @public */
export interface ExternalSecretView {
  namespace: string;
  name: string;
  store?: string;
  refreshInterval?: string;
  refreshPolicy?: string;
  ready: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  refreshTime?: string;
  /** The Secret it writes (`spec.target.name`, default the ExternalSecret's name). Its data never leaves the cluster. */
  targetSecret: string;
  /** Whether changing an annotation (force-sync) refreshes it, given `refreshPolicy`/`refreshInterval`. */
  forceSync: { effective: boolean; reason?: string };
  /** Which deployments mount or reference the target Secret (consumers to restart after a rotation). */
  consumers: ObjectRef[];
  level: Level;
  findings: Finding[];
}

/** @public */
export interface EventView {
  namespace: string;
  type: 'Normal' | 'Warning' | string;
  reason: string;
  message: string;
  involvedObject: ObjectRef;
  count: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
}

/** @public */
export interface PvcView {
  namespace: string;
  name: string;
  phase: string;
  storageClass?: string;
  capacityBytes?: number;
  /** From the kubelet's volume stats; absent when unknown (never shown as 0). */
  usedBytes?: number;
  usedRatio?: number;
  /** When the usage was measured (kubelet summary). */
  usageMeasuredAt?: string;
  usedByPods: string[];
  level: Level;
  findings: Finding[];
}

/** The Ops view of one entity in one cluster. @public */
export interface ClusterOpsView {
  cluster: ClusterStatus;
  level: Level;
  findings: Finding[];
  deployments: DeploymentView[];
  /** Pods not owned by any listed deployment (e.g. jobs, database instances). */
  otherPods: PodView[];
  jobs: JobView[];
  certificates: CertificateView[];
  databases: DatabaseView[];
  applications: ApplicationView[];
  externalSecrets: ExternalSecretView[];
  /** Most recent first. */
  events: EventView[];
  pvcs: PvcView[];
}

/** `GET /entities/:kind/:namespace/:name/view`. @public */
export interface EntityOpsView {
  entityRef: string;
  generatedAt: string;
  /** Worst level over all clusters, with the findings that made it so (worst first). */
  level: Level;
  findings: Finding[];
  clusters: ClusterOpsView[];
  /**
   * One entry per cluster that is failing right now. A failing cluster that had synced before still appears in
   * `clusters` with its last known data, `cluster.error` and `cluster.lastHeardAt`; one that never synced appears
   * only here.
   */
  errors: ClusterError[];
  /**
   * Changes whenever the content changes (not when only time passes); send it back as `If-None-Match`. Compute
   * ages on the client from `lastHeardAt`: a 304 keeps the old body, whose `ageSeconds` was true when generated.
   */
  etag: string;
}

/** @public */
export interface NodeView {
  cluster: string;
  name: string;
  ready: boolean;
  roles: string[];
  kubeletVersion?: string;
  conditions: {
    type: string;
    status: string;
    reason?: string;
    message?: string;
  }[];
  cpuUsage?: string;
  memoryUsage?: string;
  level: Level;
}

/** A row of the platform page, linked to the entity that owns the object when one does. @public */
export interface PlatformRow<T> {
  cluster: string;
  environment: Environment;
  entityRef?: string;
  item: T;
}

/** `GET /platform/health`: the ops guide's morning health check across clusters. @public */
export interface PlatformHealthView {
  generatedAt: string;
  level: Level;
  findings: Finding[];
  clusters: ClusterStatus[];
  nodes: NodeView[];
  nonRunningPods: PlatformRow<PodView>[];
  applications: PlatformRow<ApplicationView>[];
  /** Soonest expiry first. */
  certificates: PlatformRow<CertificateView>[];
  /** Fullest first. */
  pvcs: PlatformRow<PvcView>[];
  databases: PlatformRow<DatabaseView>[];
  /** Most recent first. */
  warningEvents: PlatformRow<EventView>[];
  /** Failing clusters (their last known rows stay in the lists). */
  errors: ClusterError[];
  /** Sections cut to their first rows, with the full count, e.g. `{ nonRunningPods: 1204 }`. */
  truncated?: Partial<
    Record<'nonRunningPods' | 'pvcs' | 'certificates' | 'warningEvents', number>
  >;
  etag: string;
}

/** `GET /entities/:kind/:namespace/:name/targets?kind=…`: what the runbook forms may offer. @public */
export interface OpsTarget {
  cluster: string;
  environment: Environment;
  kind:
    | 'Deployment'
    | 'Cluster'
    | 'Certificate'
    | 'ExternalSecret'
    | 'Application'
    | 'Namespace'
    | 'HorizontalPodAutoscaler'
    | 'Pooler';
  namespace?: string;
  name: string;
  /** A short description for the picker, e.g. "3/3 ready, v1.2.3". */
  description?: string;
  /** Extra facts the form uses, e.g. the replicas of a database or the recovery window. */
  details?: Record<string, unknown>;
}

/** @public */
export interface OpsTargetList {
  items: OpsTarget[];
  errors: ClusterError[];
}
