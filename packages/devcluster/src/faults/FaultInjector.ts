import { createHash } from 'node:crypto';
import { ApiError, statusForCode, tooManyRequests } from '../api/errors';
import type { SimulationState } from '../simulation/SimulationState';

/**
 * Fault injection: per-request faults (latency, error codes at a rate, 429 with Retry-After), connection-level
 * faults (dropped watches, forced 410s, the server going down), and faults of the simulated world (a broken
 * issuer, object store or secret store, a crash-looping deployment). Driven from tests through `cluster.faults`
 * or over HTTP at `/devcluster/faults` with the admin token.
 */

/** Which requests a fault applies to. Strings match as path prefixes; every given field must match. @public */
export interface RequestMatcher {
  path?: string | RegExp;
  /** RBAC verb (`get`, `list`, `watch`, `patch`, ...). */
  verb?: string;
  /** Plural resource name (`pods`, `deployments`). */
  resource?: string;
  namespace?: string;
  /** User name as authenticated. */
  user?: string;
}

/** @public */
export interface LatencyFault extends RequestMatcher {
  /** Added delay in real milliseconds. */
  ms: number;
  /** Random extra delay up to this many milliseconds. */
  jitterMs?: number;
}

/** @public */
export interface ErrorFault extends RequestMatcher {
  /** HTTP status to answer with (a matching Status object is sent). */
  status: number;
  /** Probability in [0, 1] that a matching request fails (default 1). */
  rate?: number;
  /** Fail only this many matching requests, then remove the fault. */
  times?: number;
  message?: string;
  /** For 429 (and 503): the Retry-After seconds. */
  retryAfterSeconds?: number;
}

/** @public */
export interface ActiveFault {
  id: string;
  type: 'latency' | 'error';
  spec: LatencyFault | ErrorFault;
  hits: number;
}

/** The request as the fault matcher sees it. */
export interface FaultRequest {
  path: string;
  verb: string;
  resource?: string;
  namespace?: string;
  user: string;
}

/** The server-side actions fault injection drives. */
export interface FaultTargets {
  dropWatches(filter: { resource?: string }): number;
  expireWatches(filter: { resource?: string }): number;
  setDown(down: boolean): Promise<void>;
  simulation: SimulationState;
}

/** @public */
export class FaultInjector {
  private readonly faults = new Map<string, ActiveFault>();
  private nextId = 1;
  private downTimer: NodeJS.Timeout | undefined;
  private isDown = false;

  constructor(private readonly targets: FaultTargets) {}

  /** Adds latency to matching requests. Returns the fault id. */
  latency(spec: LatencyFault): string {
    return this.add('latency', spec);
  }

  /** Makes matching requests fail with `status` (at `rate`, `times` times). Returns the fault id. */
  error(spec: ErrorFault): string {
    if (!Number.isInteger(spec.status) || spec.status < 400 || spec.status > 599) {
      throw new Error(`error fault status must be 4xx or 5xx, got ${spec.status}`);
    }
    return this.add('error', spec);
  }

  /** Answers matching requests with 429 Too Many Requests and a Retry-After header. */
  throttle(spec: RequestMatcher & { retryAfterSeconds?: number; rate?: number; times?: number }): string {
    return this.error({ ...spec, status: 429, retryAfterSeconds: spec.retryAfterSeconds ?? 1 });
  }

  remove(id: string): boolean {
    return this.faults.delete(id);
  }

  /** Removes all request faults and brings the server back up (world faults stay: fix them explicitly). */
  async clear(): Promise<void> {
    this.faults.clear();
    if (this.isDown) await this.up();
  }

  list(): ActiveFault[] {
    return [...this.faults.values()].map(fault => ({ ...fault, spec: { ...fault.spec } }));
  }

  /** Cuts open watch connections (all, or of one plural resource). Returns how many were dropped. */
  dropWatches(filter: { resource?: string } = {}): number {
    return this.targets.dropWatches(filter);
  }

  /**
   * Forces 410 Expired: open watches receive an ERROR 410 event and close, and resuming from any earlier
   * resourceVersion is refused, so clients must relist.
   */
  forceExpired(filter: { resource?: string } = {}): number {
    return this.targets.expireWatches(filter);
  }

  /** Refuses connections (the listener closes and open sockets are destroyed) until `up()`, or for `forMs`. */
  async down(options: { forMs?: number } = {}): Promise<void> {
    if (this.downTimer) clearTimeout(this.downTimer);
    this.downTimer = undefined;
    this.isDown = true;
    await this.targets.setDown(true);
    if (options.forMs !== undefined) {
      this.downTimer = setTimeout(() => {
        this.downTimer = undefined;
        this.up().catch(error => process.emitWarning(`devcluster could not come back up: ${String(error)}`));
      }, options.forMs);
      this.downTimer.unref();
    }
  }

  async up(): Promise<void> {
    if (this.downTimer) clearTimeout(this.downTimer);
    this.downTimer = undefined;
    this.isDown = false;
    await this.targets.setDown(false);
  }

  get serverDown(): boolean {
    return this.isDown;
  }

  /**
   * Breaks a ClusterIssuer (or an Issuer when `namespace` is given): its orders fail (as when the DNS-01 solver's
   * credentials are revoked), so CertificateRequests fail and Certificates record failed issuance attempts.
   */
  breakIssuer(name: string, options: { namespace?: string; message?: string } = {}): void {
    this.targets.simulation.breakIssuer(
      issuerKey(name, options.namespace),
      options.message ?? 'DNS-01 challenge failed: Cloudflare API error for zone "gsv.example": Invalid access token (9109)',
    );
  }

  fixIssuer(name: string, options: { namespace?: string } = {}): void {
    this.targets.simulation.fixIssuer(issuerKey(name, options.namespace));
  }

  /** Breaks a Barman Cloud ObjectStore: backups fail and WAL archiving reports failures. */
  breakObjectStore(namespace: string, name: string, message?: string): void {
    this.targets.simulation.breakObjectStore(
      `${namespace}/${name}`,
      message ?? 'rpc error: code = Unknown desc = while uploading backup: operation error S3: PutObject, https response error StatusCode: 403, api error AccessDenied: Access Denied',
    );
  }

  fixObjectStore(namespace: string, name: string): void {
    this.targets.simulation.fixObjectStore(`${namespace}/${name}`);
  }

  /** Breaks a ClusterSecretStore (or a SecretStore when `namespace` is given): ExternalSecret refreshes fail. */
  breakSecretStore(name: string, options: { namespace?: string; message?: string } = {}): void {
    this.targets.simulation.breakSecretStore(
      secretStoreKey(name, options.namespace),
      options.message ?? 'could not get secret data from provider: Error making API request. Code: 503. Errors: * Vault is sealed',
    );
  }

  fixSecretStore(name: string, options: { namespace?: string } = {}): void {
    this.targets.simulation.fixSecretStore(secretStoreKey(name, options.namespace));
  }

  /** Makes the pods of a deployment crash on start (restartCount, CrashLoopBackOff, BackOff events). */
  crashLoop(namespace: string, deployment: string, enabled = true): void {
    this.targets.simulation.setCrashLoop(`${namespace}/${deployment}`, enabled);
  }

  /**
   * Makes the next `manage.py migrate` of a service (`<namespace>/<image repository name>`, e.g. cmp/agent-registry)
   * fail at its last unapplied migration with `django.db.utils.ProgrammingError: <message>` (exit code 1); the
   * migrations before it are applied. `enabled: false` lets it succeed again.
   */
  failMigration(namespace: string, service: string, options: { message?: string; enabled?: boolean } = {}): void {
    const key = `${namespace}/${service}`;
    if (options.enabled === false) this.targets.simulation.failingMigrations.delete(key);
    else this.targets.simulation.failingMigrations.set(key, options.message ?? 'column "retry_count" of relation "agents_webhookdelivery" already exists');
  }

  /**
   * Moves an Argo CD application's Git source ahead of the cluster: the application turns OutOfSync, and a sync
   * applies the change (a new image for its Deployment when `image` is given). Automated apps sync by themselves.
   */
  driftApplication(name: string, change: { namespace?: string; image?: string; revision?: string; message?: string } = {}): void {
    const key = `${change.namespace ?? 'argocd'}/${name}`;
    const message = change.message ?? (change.image ? `chore: update ${name} to ${change.image.split(':').pop()}` : `chore: update ${name}`);
    this.targets.simulation.setPendingGitChange(key, {
      revision: change.revision ?? createHash('sha1').update(`${key}/${message}/${Date.now()}`).digest('hex'),
      message,
      author: 'devcluster <devcluster@gsv.example>',
      image: change.image,
    });
  }

  /** The per-request decision the server applies before handling a request. */
  evaluate(request: FaultRequest): { delayMs: number; error?: ApiError } {
    let delayMs = 0;
    let error: ApiError | undefined;
    for (const fault of this.faults.values()) {
      if (!matches(fault.spec, request)) continue;
      if (fault.type === 'latency') {
        const spec = fault.spec as LatencyFault;
        delayMs += spec.ms + (spec.jitterMs ? Math.random() * spec.jitterMs : 0);
        fault.hits++;
      } else if (!error) {
        const spec = fault.spec as ErrorFault;
        if (Math.random() >= (spec.rate ?? 1)) continue;
        fault.hits++;
        if (spec.times !== undefined && fault.hits >= spec.times) this.faults.delete(fault.id);
        error =
          spec.status === 429
            ? tooManyRequests(spec.retryAfterSeconds ?? 1, spec.message)
            : statusForCode(spec.status, spec.message);
        if (spec.retryAfterSeconds !== undefined && spec.status !== 429) {
          error.status.details = { ...error.status.details, retryAfterSeconds: spec.retryAfterSeconds };
        }
      }
    }
    return { delayMs, error };
  }

  dispose(): void {
    if (this.downTimer) clearTimeout(this.downTimer);
    this.downTimer = undefined;
  }

  private add(type: ActiveFault['type'], spec: LatencyFault | ErrorFault): string {
    const id = `fault-${this.nextId++}`;
    this.faults.set(id, { id, type, spec, hits: 0 });
    return id;
  }
}

export function issuerKey(name: string, namespace?: string): string {
  return namespace ? `Issuer/${namespace}/${name}` : `ClusterIssuer/${name}`;
}

export function secretStoreKey(name: string, namespace?: string): string {
  return namespace ? `SecretStore/${namespace}/${name}` : `ClusterSecretStore/${name}`;
}

function matches(matcher: RequestMatcher, request: FaultRequest): boolean {
  if (matcher.path !== undefined) {
    if (typeof matcher.path === 'string' ? !request.path.startsWith(matcher.path) : !matcher.path.test(request.path)) return false;
  }
  if (matcher.verb !== undefined && matcher.verb !== request.verb) return false;
  if (matcher.resource !== undefined && matcher.resource !== request.resource) return false;
  if (matcher.namespace !== undefined && matcher.namespace !== request.namespace) return false;
  if (matcher.user !== undefined && matcher.user !== request.user) return false;
  return true;
}
