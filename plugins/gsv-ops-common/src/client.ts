import { ResponseError } from '@backstage/errors';
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
import { logsParams } from './logsParams';
import { readServerSentEvents } from './serverSentEvents';
import { clusterQuery, entityPath, incidentPath, pause } from './clientPaths';
import type {
  EntityRightSizingView,
  PlatformRightSizingView,
} from './rightSizing';

import type {
  GsvOpsApi,
  GsvOpsDiscovery,
  GsvOpsLiveOptions,
  GsvOpsRequestOptions,
  GsvOpsWatchOptions,
} from './clientApi';

/**
 * An HTTP client of the gsv-ops backend that works in the browser (with `discoveryApi` and `fetchApi`) and in other
 * backend plugins (with the discovery service and a plugin request token), like `@backstage/catalog-client`.
 *
 * @public
 */
export class GsvOpsClient implements GsvOpsApi {
  private readonly discoveryApi: GsvOpsDiscovery;
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: GsvOpsDiscovery;
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...args) => fetch(...args) };
  }

  async getEntityView(
    entityRef: string,
    options?: GsvOpsWatchOptions,
  ): Promise<EntityOpsView | undefined> {
    return this.conditionalGet<EntityOpsView>(
      `${entityPath(entityRef)}/view`,
      options,
    );
  }

  async getPlatformHealth(
    options?: GsvOpsWatchOptions,
  ): Promise<PlatformHealthView | undefined> {
    return this.conditionalGet<PlatformHealthView>('/platform/health', options);
  }

  /**
   * Live view of an entity: reads it, then keeps a conditional long poll open (`If-None-Match` +
   * `waitSeconds`) and calls `onView` whenever it changes — typically within a second of the change in the cluster,
   * without any extra request to the cluster. Resolves when `signal` aborts.
   */
  async watchEntityView(
    entityRef: string,
    options: GsvOpsLiveOptions<EntityOpsView>,
  ): Promise<void> {
    await this.live(
      etag =>
        this.getEntityView(entityRef, {
          ...this.liveRequest(options),
          ifNoneMatch: etag,
        }),
      options,
    );
  }

  /** Live platform health view; see {@link GsvOpsClient.watchEntityView}. */
  async watchPlatformHealth(
    options: GsvOpsLiveOptions<PlatformHealthView>,
  ): Promise<void> {
    await this.live(
      etag =>
        this.getPlatformHealth({
          ...this.liveRequest(options),
          ifNoneMatch: etag,
        }),
      options,
    );
  }

  async listTargets(
    entityRef: string,
    kind: RunbookTargetKind,
    options?: GsvOpsRequestOptions,
  ): Promise<OpsTargetList> {
    return this.request<OpsTargetList>(
      `${entityPath(entityRef)}/targets?${new URLSearchParams({ kind })}`,
      options,
    );
  }

  async startOperation(
    request: StartOperationRequest,
    options?: GsvOpsRequestOptions,
  ): Promise<OperationRecord> {
    return this.request<OperationRecord>('/operations', options, {
      method: 'POST',
      body: JSON.stringify(request),
    });
  }

  async getOperation(
    id: string,
    options?: GsvOpsRequestOptions,
  ): Promise<OperationRecord> {
    return this.request<OperationRecord>(
      `/operations/${encodeURIComponent(id)}`,
      options,
    );
  }

  async cancelOperation(
    id: string,
    options?: GsvOpsRequestOptions,
  ): Promise<OperationRecord> {
    return this.request<OperationRecord>(
      `/operations/${encodeURIComponent(id)}/cancel`,
      options,
      {
        method: 'POST',
      },
    );
  }

  async listOperations(
    query: { entityRef?: string; limit?: number },
    options?: GsvOpsRequestOptions,
  ): Promise<OperationList> {
    const params = new URLSearchParams();
    if (query.entityRef) params.set('entityRef', query.entityRef);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    return this.request<OperationList>(`/operations?${params}`, options);
  }

  async listPendingApprovals(
    query: { entityRef?: string },
    options?: GsvOpsRequestOptions,
  ): Promise<PendingApprovalList> {
    const params = new URLSearchParams();
    if (query.entityRef) params.set('entityRef', query.entityRef);
    return this.request<PendingApprovalList>(`/approvals?${params}`, options);
  }

  async decideApproval(
    id: string,
    decision: 'approve' | 'reject',
    comment?: string,
    options?: GsvOpsRequestOptions,
  ): Promise<OperationRecord> {
    return this.request<OperationRecord>(
      `/operations/${encodeURIComponent(id)}/${decision}`,
      options,
      { method: 'POST', body: JSON.stringify(comment ? { comment } : {}) },
    );
  }

  async getMaintenanceCalendar(
    environment: string,
    options?: GsvOpsRequestOptions,
  ): Promise<MaintenanceCalendar> {
    return this.request<MaintenanceCalendar>(
      `/maintenance?${new URLSearchParams({ environment })}`,
      options,
    );
  }

  async getEntityLogs(
    entityRef: string,
    query: EntityLogsQuery,
    options?: GsvOpsRequestOptions,
  ): Promise<EntityLogs> {
    return this.request<EntityLogs>(
      `${entityPath(entityRef)}/logs?${logsParams(query)}`,
      options,
    );
  }

  async followEntityLogs(
    entityRef: string,
    query: EntityLogsQuery & { pod: string },
    onLine: (line: LogLine) => void,
    options?: GsvOpsRequestOptions,
  ): Promise<string> {
    const { previous, sinceSeconds, limit, ...followed } = query;
    const response = await this.send(
      `${entityPath(entityRef)}/logs/follow?${logsParams(followed)}`,
      options,
    );
    let reason = 'The log stream closed';
    await readServerSentEvents(response.body!, (event, data) => {
      if (event === 'line') onLine(data as LogLine);
      if (event === 'end') reason = (data as { reason: string }).reason;
    });
    return reason;
  }

  async getEntityMetrics(
    entityRef: string,
    options?: GsvOpsRequestOptions & { cluster?: string },
  ): Promise<EntityMetricsView> {
    return this.entityPart('metrics', entityRef, options);
  }

  async getPlatformMetrics(
    options?: GsvOpsRequestOptions,
  ): Promise<PlatformMetricsView> {
    return this.request<PlatformMetricsView>('/platform/metrics', options);
  }

  async getEntityAlerting(
    entityRef: string,
    options?: GsvOpsRequestOptions & { cluster?: string },
  ): Promise<EntityAlertingView> {
    return this.entityPart('alerting', entityRef, options);
  }

  async getPlatformAlerting(
    options?: GsvOpsRequestOptions,
  ): Promise<PlatformAlertingView> {
    return this.request('/platform/alerting', options);
  }

  async getEntityRightSizing(
    entityRef: string,
    options?: GsvOpsRequestOptions & { cluster?: string },
  ): Promise<EntityRightSizingView> {
    return this.entityPart('right-sizing', entityRef, options);
  }

  async getPlatformRightSizing(
    options?: GsvOpsRequestOptions,
  ): Promise<PlatformRightSizingView> {
    return this.request('/platform/right-sizing', options);
  }

  async getEntitySecurity(
    entityRef: string,
    options?: GsvOpsRequestOptions & { cluster?: string },
  ): Promise<EntitySecurityView> {
    return this.entityPart('security', entityRef, options);
  }

  async getPlatformSecurity(
    options?: GsvOpsRequestOptions,
  ): Promise<PlatformSecurityView> {
    return this.request<PlatformSecurityView>('/platform/security', options);
  }

  async getEntityDrReadiness(
    entityRef: string,
    options?: GsvOpsRequestOptions & { cluster?: string },
  ): Promise<DrReadinessView> {
    return this.entityPart('dr-readiness', entityRef, options);
  }

  async getEntityBloatReports(
    entityRef: string,
    options?: GsvOpsRequestOptions & { cluster?: string },
  ): Promise<EntityBloatReports> {
    return this.entityPart('bloat-reports', entityRef, options);
  }

  async getPlatformDrReadiness(
    options?: GsvOpsRequestOptions,
  ): Promise<DrReadinessView> {
    return this.request<DrReadinessView>('/platform/dr-readiness', options);
  }

  async listIncidents(
    query: { entityRef?: string; status?: IncidentStatus },
    options?: GsvOpsRequestOptions,
  ): Promise<IncidentList> {
    const params = new URLSearchParams();
    if (query.entityRef) params.set('entityRef', query.entityRef);
    if (query.status) params.set('status', query.status);
    return this.request<IncidentList>(`/incidents?${params}`, options);
  }

  async getIncident(
    id: string,
    options?: GsvOpsRequestOptions,
  ): Promise<IncidentDetail> {
    return this.request<IncidentDetail>(incidentPath(id), options);
  }

  async declareIncident(
    request: DeclareIncidentRequest,
    options?: GsvOpsRequestOptions,
  ): Promise<Incident> {
    return this.request<Incident>('/incidents', options, {
      method: 'POST',
      body: JSON.stringify(request),
    });
  }

  async updateIncident(
    id: string,
    patch: UpdateIncidentRequest,
    options?: GsvOpsRequestOptions,
  ): Promise<Incident> {
    return this.request<Incident>(incidentPath(id), options, {
      method: 'PATCH',
      body: JSON.stringify(patch),
    });
  }

  async addIncidentNote(
    id: string,
    text: string,
    options?: GsvOpsRequestOptions,
  ): Promise<Incident> {
    return this.request<Incident>(`${incidentPath(id)}/notes`, options, {
      method: 'POST',
      body: JSON.stringify({ text }),
    });
  }

  async resolveIncident(
    id: string,
    options?: GsvOpsRequestOptions,
  ): Promise<Incident> {
    return this.request<Incident>(`${incidentPath(id)}/resolve`, options, {
      method: 'POST',
    });
  }

  async getIncidentRecord(
    id: string,
    options?: GsvOpsRequestOptions,
  ): Promise<string> {
    const response = await this.send(`${incidentPath(id)}/record.md`, options);
    return response.text();
  }

  private liveRequest(options: GsvOpsLiveOptions<unknown>): GsvOpsWatchOptions {
    return {
      cluster: options.cluster,
      token: options.token,
      signal: options.signal,
      waitSeconds: Math.min(
        30,
        Math.max(1, Math.round(options.waitSeconds ?? 25)),
      ),
    };
  }

  private async live<T extends { etag: string }>(
    fetchView: (etag: string | undefined) => Promise<T | undefined>,
    options: GsvOpsLiveOptions<T>,
  ): Promise<void> {
    let etag: string | undefined;
    let backoffMs = 1000;
    while (!options.signal.aborted) {
      try {
        const view = await fetchView(etag);
        backoffMs = 1000;
        if (view && view.etag !== etag) {
          etag = view.etag;
          options.onView(view);
        }
      } catch (error) {
        if (options.signal.aborted) return;
        options.onError?.(error);
        await pause(backoffMs, options.signal);
        backoffMs = Math.min(30_000, backoffMs * 2);
      }
    }
  }

  private async conditionalGet<T>(
    path: string,
    options?: GsvOpsWatchOptions,
  ): Promise<T | undefined> {
    const params = new URLSearchParams();
    if (options?.cluster) params.set('cluster', options.cluster);
    if (options?.ifNoneMatch && options.waitSeconds)
      params.set('waitSeconds', String(options.waitSeconds));
    const query = params.toString();
    const headers: Record<string, string> = {};
    if (options?.ifNoneMatch) headers['If-None-Match'] = options.ifNoneMatch;
    const response = await this.send(
      query ? `${path}?${query}` : path,
      options,
      { headers },
    );
    if (response.status === 304) {
      return undefined;
    }
    return (await response.json()) as T;
  }

  /** `GET /entities/<ref>/<part>?cluster=`: one part of an entity's Ops view. */
  private entityPart<T>(
    part: string,
    entityRef: string,
    options?: GsvOpsRequestOptions & { cluster?: string },
  ): Promise<T> {
    return this.request<T>(
      `${entityPath(entityRef)}/${part}${clusterQuery(options?.cluster)}`,
      options,
    );
  }

  private async request<T>(
    path: string,
    options?: GsvOpsRequestOptions,
    init?: RequestInit,
  ): Promise<T> {
    const response = await this.send(path, options, init);
    return (await response.json()) as T;
  }

  private async send(
    path: string,
    options: GsvOpsRequestOptions | undefined,
    init?: RequestInit,
  ) {
    const baseUrl = await this.discoveryApi.getBaseUrl('gsv-ops');
    const headers: Record<string, string> = {
      ...(init?.headers as Record<string, string> | undefined),
    };
    if (init?.body) headers['Content-Type'] = 'application/json';
    if (options?.token) headers.Authorization = `Bearer ${options.token}`;
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      ...init,
      headers,
      signal: options?.signal,
    });
    if (!response.ok && response.status !== 304) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}
