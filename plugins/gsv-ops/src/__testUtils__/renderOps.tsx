import { ReactElement } from 'react';
import { SWRConfig } from 'swr';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type {
  EntityMetricsView,
  EntityOpsView,
  GsvOpsApi,
  EntityLogs,
  Incident,
  IncidentDetail,
  MaintenanceCalendar,
  OperationRecord,
  PendingApproval,
  PlatformHealthView,
  PlatformMetricsView,
  EntityAlertingView,
  PlatformAlertingView,
  EntityRightSizingView,
  PlatformRightSizingView,
  EntitySecurityView,
  PlatformSecurityView,
  DrReadinessView,
  EntityBloatReports,
} from '@gsv/plugin-gsv-ops-common';
import { gsvOpsApiRef } from '../api/GsvOpsApi';
import { createFromTemplateRouteRef } from '../routes';
import { agentRegistryEntity } from '../__fixtures__/entities';
import { emptyLogs, openCalendar } from '../__fixtures__/maintenance';
import {
  entityRightSizingView,
  platformRightSizingView,
} from '../__fixtures__/rightSizing';

/** A typed fake of the GSV Ops API: answers with the given views (or errors), counting the calls. */
export function fakeGsvOpsApi(
  options: {
    entityView?:
      | EntityOpsView
      | Error
      | ((call: number) => Promise<EntityOpsView | undefined>);
    platformHealth?: PlatformHealthView | Error;
    operations?: OperationRecord[] | Error;
    approvals?: PendingApproval[];
    maintenance?: MaintenanceCalendar | Error;
    logs?: EntityLogs | Error;
    /** Per cluster; by default a "not configured" answer for the asked cluster. */
    entityMetrics?:
      | EntityMetricsView
      | Error
      | ((cluster: string | undefined) => Promise<EntityMetricsView>);
    platformMetrics?: PlatformMetricsView | Error;
    /** By default: no dashboards, no rules, no Prometheus configured. */
    entityAlerting?: EntityAlertingView | Error;
    platformAlerting?: PlatformAlertingView | Error;
    rightSizing?: EntityRightSizingView | Error;
    platformRightSizing?: PlatformRightSizingView | Error;
    entitySecurity?: EntitySecurityView | Error;
    platformSecurity?: PlatformSecurityView | Error;
    /** The entity's and the platform's DR readiness; by default no database. */
    drReadiness?: DrReadinessView | Error;
    /** The entity's latest bloat reports; by default none ran yet. */
    bloatReports?: EntityBloatReports | Error;
    /** The incidents listed (any entity, any status), and the detail of the one asked for. */
    incidents?: Incident[] | Error;
    incidentDetail?: (id: string) => IncidentDetail;
  } = {},
): jest.Mocked<GsvOpsApi> {
  let calls = 0;
  const never = () => new Promise<never>(() => {});
  return {
    getEntityView: jest.fn(async (_ref, opts) => {
      calls += 1;
      const view = options.entityView;
      if (typeof view === 'function') return view(calls);
      if (view instanceof Error) throw view;
      // A long poll with the current etag waits for a change that never comes in these tests.
      if (view && opts?.ifNoneMatch === view.etag && opts?.waitSeconds)
        return never();
      if (view && opts?.ifNoneMatch === view.etag) return undefined;
      return view;
    }),
    getPlatformHealth: jest.fn(async opts => {
      const view = options.platformHealth;
      if (view instanceof Error) throw view;
      if (view && opts?.ifNoneMatch === view.etag && opts?.waitSeconds)
        return never();
      if (view && opts?.ifNoneMatch === view.etag) return undefined;
      return view;
    }),
    listTargets: jest.fn(),
    startOperation: jest.fn(),
    getOperation: jest.fn(),
    cancelOperation: jest.fn(),
    listOperations: jest.fn(async () => {
      if (options.operations instanceof Error) throw options.operations;
      return { items: options.operations ?? [] };
    }),
    listPendingApprovals: jest.fn(async () => ({
      items: options.approvals ?? [],
    })),
    decideApproval: jest.fn(),
    getMaintenanceCalendar: jest.fn(async environment => {
      if (options.maintenance instanceof Error) throw options.maintenance;
      return options.maintenance ?? openCalendar(environment);
    }),
    getEntityLogs: jest.fn(async (_ref, query) => {
      if (options.logs instanceof Error) throw options.logs;
      return options.logs ?? emptyLogs(query.cluster);
    }),
    followEntityLogs: jest.fn(async () => 'The log stream closed'),
    getEntityMetrics: jest.fn(async (entityRef, opts) => {
      const answer = options.entityMetrics;
      if (typeof answer === 'function') return answer(opts?.cluster);
      if (answer instanceof Error) throw answer;
      return (
        answer ?? {
          entityRef,
          generatedAt: new Date().toISOString(),
          cluster: opts?.cluster ?? 'gsv-dev',
          environment: 'dev',
          configured: false,
          metrics: [],
          alerts: [],
          recommendations: [],
          errors: [],
        }
      );
    }),
    getPlatformMetrics: jest.fn(async () => {
      const answer = options.platformMetrics;
      if (answer instanceof Error) throw answer;
      return (
        answer ?? {
          generatedAt: new Date().toISOString(),
          services: [],
          errors: [],
        }
      );
    }),
    getEntityAlerting: jest.fn(async (entityRef, opts) => {
      const answer = options.entityAlerting;
      if (answer instanceof Error) throw answer;
      return (
        answer ?? {
          entityRef,
          cluster: opts?.cluster ?? 'gsv-dev',
          environment: 'dev',
          namespace: 'cmp',
          dashboards: [],
          rules: [],
          prometheusConfigured: false,
          alertmanagerConfigured: false,
          errors: [],
        }
      );
    }),
    getPlatformAlerting: jest.fn(async () => {
      const answer = options.platformAlerting;
      if (answer instanceof Error) throw answer;
      return (
        answer ?? {
          generatedAt: new Date().toISOString(),
          rules: [],
          errors: [],
        }
      );
    }),
    getEntityRightSizing: jest.fn(async (entityRef, opts) => {
      const answer = options.rightSizing;
      if (answer instanceof Error) throw answer;
      return (
        answer ??
        entityRightSizingView({
          entityRef,
          cluster: opts?.cluster ?? 'gsv-dev',
        })
      );
    }),
    getPlatformRightSizing: jest.fn(async () => {
      const answer = options.platformRightSizing;
      if (answer instanceof Error) throw answer;
      return answer ?? platformRightSizingView();
    }),
    getEntitySecurity: jest.fn(async entityRef => {
      const answer = options.entitySecurity;
      if (answer instanceof Error) throw answer;
      return (
        answer ?? {
          entityRef,
          generatedAt: new Date().toISOString(),
          clusters: [],
          errors: [],
        }
      );
    }),
    getPlatformSecurity: jest.fn(async () => {
      const answer = options.platformSecurity;
      if (answer instanceof Error) throw answer;
      return (
        answer ?? {
          generatedAt: new Date().toISOString(),
          rows: [],
          hiddenServices: 0,
          failedLoginErrors: [],
          errors: [],
        }
      );
    }),
    getEntityDrReadiness: jest.fn(async () =>
      drReadinessOf(options.drReadiness),
    ),
    getPlatformDrReadiness: jest.fn(async () =>
      drReadinessOf(options.drReadiness),
    ),
    getEntityBloatReports: jest.fn(async entityRef => {
      if (options.bloatReports instanceof Error) throw options.bloatReports;
      return (
        options.bloatReports ?? {
          entityRef,
          generatedAt: new Date().toISOString(),
          reports: [],
        }
      );
    }),
    listIncidents: jest.fn(async query => {
      if (options.incidents instanceof Error) throw options.incidents;
      return {
        items: (options.incidents ?? []).filter(
          i => !query.status || i.status === query.status,
        ),
      };
    }),
    getIncident: jest.fn(async id => options.incidentDetail!(id)),
    declareIncident: jest.fn(),
    updateIncident: jest.fn(),
    addIncidentNote: jest.fn(),
    resolveIncident: jest.fn(),
    getIncidentRecord: jest.fn(),
  } as unknown as jest.Mocked<GsvOpsApi>;
}

function drReadinessOf(answer: DrReadinessView | Error | undefined) {
  if (answer instanceof Error) throw answer;
  return (
    answer ?? {
      generatedAt: new Date().toISOString(),
      items: [],
      metricErrors: [],
    }
  );
}

/** Allow everything, deny everything, or decide per permission name. */
export type PermissionRule =
  | 'allow'
  | 'deny'
  | ((permissionName: string) => boolean);

export function permissionApi(rule: PermissionRule = 'allow') {
  return mockApis.permission({
    authorize: request => {
      const allowed =
        typeof rule === 'function'
          ? rule(request.permission.name)
          : rule === 'allow';
      return allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY;
    },
  });
}

/** Renders an Ops component for an entity inside a Backstage test app, with the entity route mounted. */
export function renderOps(
  ui: ReactElement,
  options: {
    api: GsvOpsApi;
    entity?: Entity;
    permissions?: PermissionRule;
    routeEntries?: string[];
    bindTemplates?: boolean;
  },
) {
  const {
    api,
    entity = agentRegistryEntity,
    permissions = 'allow',
    routeEntries,
    bindTemplates = true,
  } = options;
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [gsvOpsApiRef, api],
        [permissionApiRef, permissionApi(permissions)],
      ]}
    >
      {/* usePermission caches answers in SWR; a fresh cache per render keeps tests apart */}
      <SWRConfig value={{ provider: () => new Map() }}>
        <EntityProvider entity={entity}>{ui}</EntityProvider>
      </SWRConfig>
    </TestApiProvider>,
    {
      routeEntries,
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        ...(bindTemplates
          ? {
              '/create/templates/:namespace/:templateName':
                createFromTemplateRouteRef,
            }
          : {}),
      },
    },
  );
}
