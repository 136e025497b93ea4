import type { MetricsSourceError, RecommendationView } from './metrics';
import type { Environment } from './types';

/**
 * What right-sizing says of one resource of a container. `not-enough-data`: Prometheus has less usage history than
 * `gsvOps.rightSizing.minimumHistory`; `no-request`: the container requests nothing, so the scheduler cannot place it
 * by its needs.
 * @public
 */
export type RightSizingVerdict =
  | 'under-provisioned'
  | 'over-provisioned'
  | 'no-request'
  | 'not-enough-data'
  | 'fine';

/** One resource of a container; CPU in cores, memory in bytes. @public */
export interface ResourceRightSizing {
  request?: number;
  limit?: number;
  /** The 95th percentile of usage over the window (the busiest pod's); absent without data. */
  p95?: number;
  /** p95 / request. */
  ratio?: number;
  verdict: RightSizingVerdict;
  /** p95 × headroom rounded up to a sensible quantity (e.g. `150m`, `192Mi`); absent without enough data. */
  suggestedRequest?: string;
  /** The limit the suggested request needs, when it is above the current limit (a request may not exceed it). */
  suggestedLimit?: string;
  /** What applying the suggestion frees over all replicas (cores or bytes); 0 when it frees nothing. */
  reclaimable: number;
}

/** A container of one of the service's workloads. @public */
export interface ContainerRightSizing {
  workload: {
    kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
    namespace: string;
    name: string;
  };
  container: string;
  replicas: number;
  cpu: ResourceRightSizing;
  memory: ResourceRightSizing;
  /** The more telling of the two resources' verdicts. */
  verdict: RightSizingVerdict;
  /** How much usage history the p95 stands on, seconds (the longest-observed pod). */
  historySeconds?: number;
  /** Reclaimable CPU cores plus reclaimable memory in GiB divided by `memoryGiBPerCore`: what the lists sort by. */
  wasteScore: number;
  /** The set-resources runbook prefilled with the suggestion, when a Deployment's container should change. */
  action?: Pick<RecommendationView, 'runbook' | 'target' | 'parameters'>;
}

/** A Bound PVC that no pod mounts. @public */
export interface UnusedPvc {
  namespace: string;
  name: string;
  capacityBytes?: number;
  storageClass?: string;
  createdAt?: string;
}

/** Finished Jobs of a namespace, with the workload-cleanup runbook that deletes old ones. @public */
export interface CompletedJobsSummary {
  namespace: string;
  succeeded: number;
  failed: number;
  /** Of these, Jobs a CronJob owns (it keeps its own history limits). */
  ownedByCronJobs: number;
  /** When the oldest finished (its completion time, or the Failed condition's). */
  oldestFinishedAt?: string;
  action: Pick<RecommendationView, 'runbook' | 'target' | 'parameters'>;
}

/** The settings the figures were computed with (`gsvOps.rightSizing`). @public */
export interface RightSizingSettings {
  /** A Prometheus duration, e.g. `7d`. */
  window: string;
  minimumHistorySeconds: number;
  headroom: number;
  overProvisionedBelow: number;
  underProvisionedAbove: number;
  memoryGiBPerCore: number;
}

/** `GET /entities/:kind/:namespace/:name/right-sizing`. @public */
export interface EntityRightSizingView {
  entityRef: string;
  cluster: string;
  environment: Environment;
  generatedAt: string;
  settings: RightSizingSettings;
  /** False when the cluster has no Prometheus configured: containers carry requests and limits only. */
  usageConfigured: boolean;
  /** Sorted by waste, most first. */
  containers: ContainerRightSizing[];
  unusedPvcs: UnusedPvc[];
  completedJobs: CompletedJobsSummary[];
  errors: MetricsSourceError[];
}

/** One service's requested and used (p95) CPU and memory on the platform page. @public */
export interface ServiceRightSizing {
  entityRef: string;
  title?: string;
  cluster: string;
  environment: Environment;
  requested: { cpu: number; memory: number };
  /** Sum of the containers' p95 × replicas; absent without usage data. */
  used?: { cpu: number; memory: number };
  reclaimable: { cpu: number; memory: number };
  wasteScore: number;
  overProvisioned: number;
  underProvisioned: number;
}

/** `GET /platform/right-sizing`: where the fleet wastes most, sorted by waste. @public */
export interface PlatformRightSizingView {
  generatedAt: string;
  settings: RightSizingSettings;
  services: ServiceRightSizing[];
  /** The most over-provisioned containers across services. */
  containers: (ContainerRightSizing & {
    entityRef: string;
    cluster: string;
    environment: Environment;
  })[];
  unusedPvcs: (UnusedPvc & { cluster: string })[];
  unusedPvcBytes: number;
  /** Per namespace, with the first service found there (its runbook permission gates the cleanup). */
  completedJobs: (CompletedJobsSummary & {
    cluster: string;
    environment: Environment;
    entityRef: string;
  })[];
  errors: (MetricsSourceError & { cluster: string })[];
}
