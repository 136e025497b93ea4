import { createDevApp } from '@backstage/dev-utils';
import {
  createApiFactory,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  EntityMetricsView,
  EntityOpsView,
  GsvOpsApi,
  GsvOpsWatchOptions,
} from '@gsv/plugin-gsv-ops-common';
import {
  EntityGsvOpsCard,
  EntityGsvOpsContent,
  GsvPlatformHealthPage,
  gsvOpsPlugin,
} from '../src/plugin';
import { gsvOpsApiRef } from '../src/api/GsvOpsApi';
import {
  clusterErrorView,
  degradedView,
  expiringCertificateView,
  failedBackupView,
  healthyView,
  largeView,
  multiClusterView,
} from '../src/__fixtures__/entityViews';
import {
  agentRegistryEntity,
  notAnnotatedEntity,
} from '../src/__fixtures__/entities';
import { platformHealthView } from '../src/__fixtures__/platformHealth';
import {
  platformAlertingView,
  seededAlertingView,
} from '../src/__fixtures__/alerting';
import { openCalendar } from '../src/__fixtures__/maintenance';
import {
  entityRightSizingView,
  platformRightSizingView,
} from '../src/__fixtures__/rightSizing';
import {
  agentRegistrySecurityCluster,
  entitySecurity,
  keycloakSecurityCluster,
  platformSecurity,
} from '../src/__fixtures__/security';
import {
  drReadinessView,
  notReadyLine,
  readyLine,
} from '../src/__fixtures__/drReadiness';
import {
  backlogMetricsView,
  failingSourcesMetricsView,
  noDataMetricsView,
  notConfiguredMetricsView,
  platformMetricsView,
  prodLatencyMetricsView,
  seededMetricsView,
} from '../src/__fixtures__/metrics';

/**
 * `backstage-cli package start` in this folder: the plugin alone, on fixtures. Each page shows one scenario; the
 * fake API behaves like the backend (a long poll answers 304 after the wait when nothing changed).
 */
const scenarios: Record<string, () => EntityOpsView> = {
  healthy: healthyView,
  degraded: degradedView,
  'expiring-certificate': expiringCertificateView,
  'failed-backup': failedBackupView,
  'cluster-error': clusterErrorView,
  'multi-cluster': multiClusterView,
  large: largeView,
};

/**
 * The metrics of the shown cluster: `?metrics=` picks a scenario for gsv-dev (default: the seeded cluster, disk
 * critical); gsv-prod has P99 above 2 s; any other cluster has no Prometheus configured.
 */
const metricsScenarios: Record<string, () => EntityMetricsView> = {
  seeded: seededMetricsView,
  backlog: backlogMetricsView,
  'no-data': noDataMetricsView,
  failing: failingSourcesMetricsView,
  'not-configured': () => notConfiguredMetricsView('gsv-dev', 'dev'),
};

const wait = (seconds: number, signal?: AbortSignal) =>
  new Promise<void>(resolve => {
    const timer = setTimeout(resolve, seconds * 1000);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

const fixtureApi: GsvOpsApi = {
  async getEntityView(entityRef: string, options?: GsvOpsWatchOptions) {
    const scenario =
      new URLSearchParams(window.location.search).get('scenario') ?? 'healthy';
    const view = { ...(scenarios[scenario] ?? healthyView)(), entityRef };
    if (options?.ifNoneMatch === view.etag) {
      if (options.waitSeconds) await wait(options.waitSeconds, options.signal);
      return undefined;
    }
    return view;
  },
  async getPlatformHealth(options?: GsvOpsWatchOptions) {
    const view = platformHealthView();
    if (options?.ifNoneMatch === view.etag) {
      if (options.waitSeconds) await wait(options.waitSeconds, options.signal);
      return undefined;
    }
    return view;
  },
  listTargets: async () => ({ items: [], errors: [] }),
  startOperation: () =>
    Promise.reject(new Error('Not available in the dev app')),
  getOperation: () => Promise.reject(new Error('Not available in the dev app')),
  cancelOperation: () =>
    Promise.reject(new Error('Not available in the dev app')),
  listOperations: async () => ({ items: [] }),
  listPendingApprovals: async () => ({ items: [] }),
  getMaintenanceCalendar: async environment => openCalendar(environment),
  getEntityLogs: () =>
    Promise.reject(new Error('Not available in the dev app')),
  getEntitySecurity: async (entityRef, options) =>
    entitySecurity(
      [
        entityRef.endsWith('/keycloak')
          ? keycloakSecurityCluster()
          : agentRegistrySecurityCluster(),
      ].map(c => ({ ...c, cluster: options?.cluster ?? c.cluster })),
      entityRef,
    ),
  getPlatformSecurity: async () => platformSecurity(),
  getEntityDrReadiness: async () => drReadinessView([readyLine()]),
  getPlatformDrReadiness: async () =>
    drReadinessView([notReadyLine(), readyLine()]),
  followEntityLogs: () =>
    Promise.reject(new Error('Not available in the dev app')),
  decideApproval: () =>
    Promise.reject(new Error('Not available in the dev app')),
  async getEntityMetrics(entityRef, options) {
    await wait(0.4, options?.signal);
    const cluster = options?.cluster ?? 'gsv-dev';
    let view: EntityMetricsView;
    if (cluster === 'gsv-dev') {
      const scenario =
        new URLSearchParams(window.location.search).get('metrics') ?? 'seeded';
      view = (metricsScenarios[scenario] ?? seededMetricsView)();
    } else if (cluster === 'gsv-prod') {
      view = prodLatencyMetricsView();
    } else {
      view = notConfiguredMetricsView(cluster, 'qa');
    }
    return { ...view, entityRef, generatedAt: new Date().toISOString() };
  },
  async getPlatformMetrics(options) {
    await wait(0.4, options?.signal);
    return { ...platformMetricsView(), generatedAt: new Date().toISOString() };
  },
  async getEntityAlerting(entityRef, options) {
    await wait(0.4, options?.signal);
    const cluster = options?.cluster ?? 'gsv-dev';
    return { ...seededAlertingView({ cluster }), entityRef };
  },
  async getPlatformAlerting(options) {
    await wait(0.4, options?.signal);
    return platformAlertingView();
  },
  async getEntityRightSizing(entityRef, options) {
    await wait(0.4, options?.signal);
    return entityRightSizingView({
      entityRef,
      cluster: options?.cluster ?? 'gsv-dev',
    });
  },
  async getPlatformRightSizing(options) {
    await wait(0.4, options?.signal);
    return platformRightSizingView();
  },
  listIncidents: async () => ({ items: [] }),
  getEntityBloatReports: async entityRef => ({
    entityRef,
    generatedAt: new Date().toISOString(),
    reports: [],
  }),
  getIncident: () => Promise.reject(new Error('Not available in the dev app')),
  declareIncident: () =>
    Promise.reject(new Error('Not available in the dev app')),
  updateIncident: () =>
    Promise.reject(new Error('Not available in the dev app')),
  addIncidentNote: () =>
    Promise.reject(new Error('Not available in the dev app')),
  resolveIncident: () =>
    Promise.reject(new Error('Not available in the dev app')),
  getIncidentRecord: () =>
    Promise.reject(new Error('Not available in the dev app')),
};

/** Mounts the catalog's entity route, so the platform page's links to Ops tabs resolve in the dev app. */
const EntityPageStub = gsvOpsPlugin.provide(
  createRoutableExtension({
    name: 'EntityPageStub',
    component: async () => () =>
      (
        <p style={{ padding: 24 }}>
          The entity page lives in the app; this is the plugin dev app.
        </p>
      ),
    mountPoint: entityRouteRef,
  }),
);

createDevApp()
  .registerPlugin(gsvOpsPlugin)
  .registerApi(createApiFactory(gsvOpsApiRef, fixtureApi))
  .registerApi(
    createApiFactory(permissionApiRef, {
      authorize: async () => ({ result: AuthorizeResult.ALLOW }),
    }),
  )
  .addPage({
    title: 'Ops tab',
    path: '/ops',
    element: (
      <EntityProvider entity={agentRegistryEntity}>
        <EntityGsvOpsContent />
      </EntityProvider>
    ),
  })
  .addPage({
    title: 'Overview card',
    path: '/card',
    element: (
      <EntityProvider entity={agentRegistryEntity}>
        <div style={{ maxWidth: 640, padding: 24 }}>
          <EntityGsvOpsCard />
        </div>
      </EntityProvider>
    ),
  })
  .addPage({
    title: 'Not annotated',
    path: '/not-annotated',
    element: (
      <EntityProvider entity={notAnnotatedEntity}>
        <EntityGsvOpsContent />
      </EntityProvider>
    ),
  })
  .addPage({
    title: 'Platform health',
    path: '/platform-health',
    element: <GsvPlatformHealthPage />,
  })
  .addPage({
    path: '/catalog/:namespace/:kind/:name',
    element: <EntityPageStub />,
  })
  .render();
