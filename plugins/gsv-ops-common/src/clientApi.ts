import type { EntityOpsView, OpsTargetList, PlatformHealthView } from './types';
import type { RunbookTargetKind } from './runbooks';
import type {
  OperationList,
  PendingApprovalList,
  OperationRecord,
  StartOperationRequest,
} from './operations';
import type { EntityMetricsView, PlatformMetricsView } from './metrics';
import type { EntityAlertingView, PlatformAlertingView } from './alerting';
import type { MaintenanceCalendar } from './maintenance';
import type { EntityLogs, EntityLogsQuery, LogLine } from './logs';
import type {
  EntityRightSizingView,
  PlatformRightSizingView,
} from './rightSizing';
import type { EntitySecurityView, PlatformSecurityView } from './security';
import type { DrReadinessView } from './drReadiness';
import type { EntityBloatReports } from './bloatReports';
import type {
  DeclareIncidentRequest,
  Incident,
  IncidentDetail,
  IncidentList,
  IncidentStatus,
  UpdateIncidentRequest,
} from './incidents';

/** The parts of Backstage's discovery API (frontend or backend) the client needs. @public */
export interface GsvOpsDiscovery {
  getBaseUrl(pluginId: string): Promise<string>;
}

/** Per-request options. On the backend, pass a token from `auth.getPluginRequestToken`. @public */
export interface GsvOpsRequestOptions {
  token?: string;
  signal?: AbortSignal;
}

/** Options of the conditional reads that back live updates. @public */
export interface GsvOpsWatchOptions extends GsvOpsRequestOptions {
  /** The etag the caller already has: the server answers 304 (here: `undefined`) while nothing changed. */
  ifNoneMatch?: string;
  /** With ifNoneMatch: hold the request up to this many seconds until something changes (long poll). */
  waitSeconds?: number;
  /** Only this cluster. */
  cluster?: string;
}

/** Options of {@link GsvOpsClient.watchEntityView} and {@link GsvOpsClient.watchPlatformHealth}. @public */
export interface GsvOpsLiveOptions<T> {
  /** Stops the loop (and the request in flight). */
  signal: AbortSignal;
  /** Called with the first view and with every changed one. */
  onView(view: T): void;
  /** Called when a request fails; the loop retries with backoff (1 s doubling to 30 s). */
  onError?(error: unknown): void;
  /** Seconds each long poll may wait on the server (1–30, default 25). */
  waitSeconds?: number;
  cluster?: string;
  token?: string;
}

/** @public */
export interface GsvOpsApi {
  getEntityView(
    entityRef: string,
    options?: GsvOpsWatchOptions,
  ): Promise<EntityOpsView | undefined>;
  getPlatformHealth(
    options?: GsvOpsWatchOptions,
  ): Promise<PlatformHealthView | undefined>;
  listTargets(
    entityRef: string,
    kind: RunbookTargetKind,
    options?: GsvOpsRequestOptions,
  ): Promise<OpsTargetList>;
  startOperation(
    request: StartOperationRequest,
    options?: GsvOpsRequestOptions,
  ): Promise<OperationRecord>;
  getOperation(
    id: string,
    options?: GsvOpsRequestOptions,
  ): Promise<OperationRecord>;
  cancelOperation(
    id: string,
    options?: GsvOpsRequestOptions,
  ): Promise<OperationRecord>;
  listOperations(
    query: { entityRef?: string; limit?: number },
    options?: GsvOpsRequestOptions,
  ): Promise<OperationList>;
  /** Operations of the entity (or all the caller may read) that wait for approval or a review after the fact. */
  listPendingApprovals(
    query: { entityRef?: string },
    options?: GsvOpsRequestOptions,
  ): Promise<PendingApprovalList>;
  /** Approves (or rejects) an operation that waits for approval; the last approval needed starts it. */
  decideApproval(
    id: string,
    decision: 'approve' | 'reject',
    comment?: string,
    options?: GsvOpsRequestOptions,
  ): Promise<OperationRecord>;
  /** The maintenance windows, freezes and what may run now in an environment. */
  getMaintenanceCalendar(
    environment: string,
    options?: GsvOpsRequestOptions,
  ): Promise<MaintenanceCalendar>;
  /** The recent log lines of the entity's pods in a cluster, filtered, with the guide's pattern counts. */
  getEntityLogs(
    entityRef: string,
    query: EntityLogsQuery,
    options?: GsvOpsRequestOptions,
  ): Promise<EntityLogs>;
  /** Follows one container's log until the signal aborts or the backend ends it; resolves with why it ended. */
  followEntityLogs(
    entityRef: string,
    query: EntityLogsQuery & { pod: string },
    onLine: (line: LogLine) => void,
    options?: GsvOpsRequestOptions,
  ): Promise<string>;
  /** The key metrics, firing alerts and recommendations of an entity in one cluster (default: its first). */
  getEntityMetrics(
    entityRef: string,
    options?: GsvOpsRequestOptions & { cluster?: string },
  ): Promise<EntityMetricsView>;
  /** The key metrics of every service, for the platform page. */
  getPlatformMetrics(
    options?: GsvOpsRequestOptions,
  ): Promise<PlatformMetricsView>;
  /** The dashboards of an entity and the alert rules that watch it, in one cluster (default: its first). */
  getEntityAlerting(
    entityRef: string,
    options?: GsvOpsRequestOptions & { cluster?: string },
  ): Promise<EntityAlertingView>;
  /** Every alert rule of every cluster, firing first, for the platform page. */
  getPlatformAlerting(
    options?: GsvOpsRequestOptions,
  ): Promise<PlatformAlertingView>;
  /** Requests against p95 usage, unmounted volumes and finished Jobs of a service (ops guide §9). */
  getEntityRightSizing(
    entityRef: string,
    options?: GsvOpsRequestOptions & { cluster?: string },
  ): Promise<EntityRightSizingView>;
  /** Where the fleet wastes most, for the platform page. */
  getPlatformRightSizing(
    options?: GsvOpsRequestOptions,
  ): Promise<PlatformRightSizingView>;
  /** Vulnerabilities, service-account RBAC and failed logins of an entity (all its clusters, or one). */
  getEntitySecurity(
    entityRef: string,
    options?: GsvOpsRequestOptions & { cluster?: string },
  ): Promise<EntitySecurityView>;
  /** The security of every service the caller may read, for the platform page. */
  getPlatformSecurity(
    options?: GsvOpsRequestOptions,
  ): Promise<PlatformSecurityView>;
  /** Whether each database of the entity (in one cluster, or all) could be restored now. */
  getEntityDrReadiness(
    entityRef: string,
    options?: GsvOpsRequestOptions & { cluster?: string },
  ): Promise<DrReadinessView>;
  /** The latest bloat report of each database of the entity (in one cluster, or all) that has one. */
  getEntityBloatReports(
    entityRef: string,
    options?: GsvOpsRequestOptions & { cluster?: string },
  ): Promise<EntityBloatReports>;
  /** DR readiness of every database, worst first, for the platform page. */
  getPlatformDrReadiness(
    options?: GsvOpsRequestOptions,
  ): Promise<DrReadinessView>;
  /** Incidents of an entity (or of every entity the caller may read), most recent first. */
  listIncidents(
    query: { entityRef?: string; status?: IncidentStatus },
    options?: GsvOpsRequestOptions,
  ): Promise<IncidentList>;
  /** One incident with its timeline. */
  getIncident(
    id: string,
    options?: GsvOpsRequestOptions,
  ): Promise<IncidentDetail>;
  declareIncident(
    request: DeclareIncidentRequest,
    options?: GsvOpsRequestOptions,
  ): Promise<Incident>;
  updateIncident(
    id: string,
    patch: UpdateIncidentRequest,
    options?: GsvOpsRequestOptions,
  ): Promise<Incident>;
  addIncidentNote(
    id: string,
    text: string,
    options?: GsvOpsRequestOptions,
  ): Promise<Incident>;
  resolveIncident(
    id: string,
    options?: GsvOpsRequestOptions,
  ): Promise<Incident>;
  /** The post-incident record of a resolved incident, as Markdown. */
  getIncidentRecord(
    id: string,
    options?: GsvOpsRequestOptions,
  ): Promise<string>;
}
