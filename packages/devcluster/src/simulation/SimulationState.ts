import type { CommandRun, SimulatedMigration } from './containerCommands';
import type { SimulatedTable } from './postgresCommands';

/**
 * The hidden state of the simulated world that is not an API object: which external dependencies are broken,
 * which deployments crash, how full the volumes are, how loaded the services are. Controllers read it; fault
 * injection writes it; the metric APIs (kubelet summary, metrics.k8s.io, and later Prometheus) derive from it.
 */

export type SimulationChange =
  | { kind: 'issuer'; key: string }
  | { kind: 'objectStore'; key: string }
  | { kind: 'secretStore'; key: string }
  | { kind: 'crashLoop'; key: string }
  | { kind: 'application'; key: string }
  | { kind: 'load'; key: string };

/** A Git change waiting in an Argo CD application's source repository (drift). */
export interface PendingGitChange {
  /** The Git commit the application's source moved to. */
  revision: string;
  message?: string;
  author?: string;
  /** A new image for the application's (first) Deployment: the usual content of a GitOps change. */
  image?: string;
  /** Further merge patches the sync applies (resource as in `deployments.apps`). */
  patches?: Array<{ resource: string; namespace: string; name: string; patch: Record<string, unknown> }>;
}

/** A command run of a pod's container, with when its lines are written (simulated ms). */
export interface StartedCommandRun extends CommandRun {
  startedAt: number;
  durationMs: number;
}

export interface VolumeUsage {
  /** Bytes used at `since` (simulated epoch ms). */
  usedBytes: number;
  since: number;
  /** Growth in bytes per simulated day. */
  growthPerDay: number;
}

export class SimulationState {
  /** Keys: `ClusterIssuer/<name>` or `Issuer/<namespace>/<name>`. */
  readonly brokenIssuers = new Map<string, string>();
  /** Keys: `<namespace>/<name>` of barmancloud ObjectStores. */
  readonly brokenObjectStores = new Map<string, string>();
  /** Keys: `ClusterSecretStore/<name>` or `SecretStore/<namespace>/<name>`. */
  readonly brokenSecretStores = new Map<string, string>();
  /** Keys: `<namespace>/<deployment>` (also StatefulSets and CNPG clusters by name). */
  readonly crashLooping = new Set<string>();
  /** Keys: `<namespace>/<application>`. */
  readonly pendingGitChanges = new Map<string, PendingGitChange>();
  /** Keys: `<namespace>/<pvc>`. */
  readonly volumes = new Map<string, VolumeUsage>();
  /**
   * Offered load per workload (`<namespace>/<deployment>`), in "busy pods" at 100% of their CPU request: the HPA,
   * metrics.k8s.io and later Prometheus derive utilisation and latency from it.
   */
  readonly load = new Map<string, number>();
  /**
   * Memory working set of each container of a workload (`<namespace>/<deployment>`), bytes, where the application's
   * footprint is known; other containers sit at a share of their memory request.
   */
  readonly memoryWorkingSet = new Map<string, number>();
  /** Celery-style queue inflow per worker deployment, tasks per simulated minute. */
  readonly queueInflow = new Map<string, number>();
  /** Django migrations per service (`<namespace>/<image repository name>`), in the order `migrate` applies them. */
  readonly migrations = new Map<string, SimulatedMigration[]>();
  /** Services (`<namespace>/<image repository name>`) whose next `migrate` fails, with the database's error. */
  readonly failingMigrations = new Map<string, string>();
  /** The tables of the app database of a CloudNativePG cluster (`<namespace>/<cluster>`), as pg_stat_user_tables sees them. */
  readonly databaseTables = new Map<string, SimulatedTable[]>();
  /** What the container of a run-to-completion pod does (by pod uid), decided when it starts. */
  readonly commandRuns = new Map<string, StartedCommandRun>();

  private readonly listeners = new Set<(change: SimulationChange) => void>();

  onChange(listener: (change: SimulationChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  breakIssuer(key: string, message: string): void {
    this.brokenIssuers.set(key, message);
    this.emit({ kind: 'issuer', key });
  }

  fixIssuer(key: string): void {
    this.brokenIssuers.delete(key);
    this.emit({ kind: 'issuer', key });
  }

  breakObjectStore(key: string, message: string): void {
    this.brokenObjectStores.set(key, message);
    this.emit({ kind: 'objectStore', key });
  }

  fixObjectStore(key: string): void {
    this.brokenObjectStores.delete(key);
    this.emit({ kind: 'objectStore', key });
  }

  breakSecretStore(key: string, message: string): void {
    this.brokenSecretStores.set(key, message);
    this.emit({ kind: 'secretStore', key });
  }

  fixSecretStore(key: string): void {
    this.brokenSecretStores.delete(key);
    this.emit({ kind: 'secretStore', key });
  }

  setCrashLoop(key: string, enabled: boolean): void {
    if (enabled) this.crashLooping.add(key);
    else this.crashLooping.delete(key);
    this.emit({ kind: 'crashLoop', key });
  }

  setPendingGitChange(key: string, change: PendingGitChange | undefined): void {
    if (change) this.pendingGitChanges.set(key, change);
    else this.pendingGitChanges.delete(key);
    this.emit({ kind: 'application', key });
  }

  setLoad(key: string, busyPods: number): void {
    this.load.set(key, busyPods);
    this.emit({ kind: 'load', key });
  }

  /** Bytes used by a volume at simulated time `now`. */
  volumeUsedBytes(key: string, now: number, capacityBytes: number): number | undefined {
    const usage = this.volumes.get(key);
    if (!usage) return undefined;
    const grown = usage.usedBytes + (usage.growthPerDay * (now - usage.since)) / 86_400_000;
    return Math.max(0, Math.min(capacityBytes, Math.round(grown)));
  }

  setVolumeUsage(key: string, usage: VolumeUsage): void {
    this.volumes.set(key, usage);
  }

  private emit(change: SimulationChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
