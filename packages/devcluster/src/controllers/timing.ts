/**
 * How long things take in the simulated world (simulated milliseconds). Realistic by default; tests shrink or
 * stretch them through `startDevCluster({ timing })`.
 */
/** @public */
export interface ControllerTiming {
  /** Scheduling to container start (image present, create, start). */
  podStartMs: number;
  /** Start to Ready, added to the readiness probe's initialDelaySeconds. */
  podReadyMs: number;
  /** Graceful termination of a deleted pod (capped by its grace period). */
  podTerminationMs: number;
  /** How long a Job's pod runs before it completes. */
  jobRunMs: number;
  /** How long a crash-looping container runs before it exits. */
  crashRunMs: number;
  /** First CrashLoopBackOff delay (doubles per restart, capped at 5 minutes). */
  crashBackoffMs: number;
  /** Backup: pending → running. */
  backupStartMs: number;
  /** Backup: running → completed/failed. */
  backupRunMs: number;
  /** CNPG switchover duration. */
  switchoverMs: number;
  /** CNPG instance (re)creation or recovery step. */
  instanceStartMs: number;
  /** cert-manager: CertificateRequest created → issued/failed. */
  certificateIssueMs: number;
  /** Argo CD sync operation duration. */
  argoSyncMs: number;
  /** External Secrets refresh duration. */
  externalSecretRefreshMs: number;
  /** HPA sync period and scale-down stabilisation window. */
  hpaSyncMs: number;
  hpaDownscaleStabilizationMs: number;
}

export const DEFAULT_TIMING: ControllerTiming = {
  podStartMs: 1500,
  podReadyMs: 2000,
  podTerminationMs: 1000,
  jobRunMs: 8000,
  crashRunMs: 2000,
  crashBackoffMs: 10_000,
  backupStartMs: 1000,
  backupRunMs: 30_000,
  switchoverMs: 5000,
  instanceStartMs: 5000,
  certificateIssueMs: 3000,
  argoSyncMs: 3000,
  externalSecretRefreshMs: 1000,
  hpaSyncMs: 15_000,
  hpaDownscaleStabilizationMs: 300_000,
};
