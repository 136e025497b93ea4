import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  getRunbook,
  gsvOpsPermissions,
  opsTabUrl,
  type RunbookId,
} from '@gsv/plugin-gsv-ops-common';
import { readGsvOpsConfig } from './config/readGsvOpsConfig';
import { clusterRefreshSeconds, clusterSource } from './clusters/clusterSource';
import { kubernetesAccessHandoffServiceRef } from './clusters/kubernetesAccess';
import { syncClusters } from './clusters/syncClusters';
import {
  GsvOpsClusterSupplier,
  gsvOpsClusterSupplierExtensionPoint,
  gsvOpsRunbooksExtensionPoint,
  type Runbook,
} from '@gsv/plugin-gsv-ops-node';
import { createRouter } from './service/router';
import { createLogsRouter } from './logs/createLogsRouter';
import { approvalNotifications } from './notifications/approvalNotifications';
import { LogsService } from './logs/LogsService';
import { DefaultClusterRegistry } from './services/ClusterRegistry/DefaultClusterRegistry';
import { EntityIndex } from './services/EntityIndex/EntityIndex';
import { AuthorizedOpsService } from './services/OpsService/AuthorizedOpsService';
import { DefaultOpsService } from './services/OpsService/DefaultOpsService';
import { PvcUsageCollector } from './services/PvcUsage/PvcUsageCollector';
import { WatchCache } from './services/WatchCache/WatchCache';
import { createOperations } from './operations/createOperations';
import { createMetrics } from './metrics/createMetrics';
import { createRightSizing } from './rightSizing/createRightSizing';
import { createSecurity } from './security/createSecurity';
import { BloatReportService } from './bloatReports/BloatReportService';
import { createBloatReportsRouter } from './bloatReports/createBloatReportsRouter';
import { createDrReadinessRouter } from './drReadiness/createDrReadinessRouter';
import { DrReadinessService } from './drReadiness/DrReadinessService';
import { readDrReadinessConfig } from './drReadiness/readDrReadinessConfig';
import { registerGsvOpsActions } from './actions/registerActions';
import { createOpsNotifications } from './notifications/createOpsNotifications';
import { connectOpsSignals } from './signals/connectOpsSignals';
import { createIncidents, createIncidentStore } from './incidents/createIncidents';
import { readPromotionConfig } from './promotion/promotionConfig';

/**
 * GSV Ops backend: a shared watch cache over the configured clusters and the Ops views served from it.
 *
 * @public
 */
export const gsvOpsPlugin = createBackendPlugin({
  pluginId: 'gsv-ops',
  register(env) {
    let supplier: GsvOpsClusterSupplier | undefined;
    env.registerExtensionPoint(gsvOpsClusterSupplierExtensionPoint, {
      setClusterSupplier(next) {
        if (supplier)
          throw new Error('The GSV Ops cluster supplier was already set');
        supplier = next;
      },
    });
    const runbooks: Partial<Record<RunbookId, Runbook<any>>> = {};
    env.registerExtensionPoint(gsvOpsRunbooksExtensionPoint, {
      setRunbook(runbook) {
        if (!getRunbook(runbook.id))
          throw new Error(
            `Unknown runbook '${runbook.id}': declare it in @gsv/plugin-gsv-ops-common first`,
          );
        if (runbooks[runbook.id])
          throw new Error(
            `The implementation of runbook '${runbook.id}' was already replaced`,
          );
        runbooks[runbook.id] = runbook;
      },
    });

    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        database: coreServices.database,
        auditor: coreServices.auditor,
        userInfo: coreServices.userInfo,
        kubernetesAccess: kubernetesAccessHandoffServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        notifications: notificationService,
        signals: signalsServiceRef,
        instanceMetadata: coreServices.rootInstanceMetadata,
      },
      async init({
        httpRouter,
        httpAuth,
        auth,
        permissions,
        permissionsRegistry,
        config,
        logger,
        scheduler,
        lifecycle,
        catalog,
        database,
        auditor,
        userInfo,
        kubernetesAccess,
        actionsRegistry,
        notifications,
        signals,
        instanceMetadata,
      }) {
        permissionsRegistry.addPermissions(gsvOpsPermissions);

        const settings = readGsvOpsConfig(config);
        // The clusters arrive once every plugin has started (the official Kubernetes plugin hands them over then).
        const registry = supplier
          ? DefaultClusterRegistry.fromClusters(await supplier.getClusters())
          : DefaultClusterRegistry.fromConfig([]);
        const watchCache = new WatchCache({
          clusters: registry.listClusters(),
          logger,
        });
        const usage =
          settings.pvcUsage.source === 'kubelet'
            ? new PvcUsageCollector({
                watchCache,
                intervalSeconds: settings.pvcUsage.intervalSeconds,
                logger,
              })
            : undefined;
        const entityIndex = new EntityIndex({ catalog, auth, logger });
        const readService = new DefaultOpsService({
          catalog,
          watchCache,
          usage,
          thresholds: settings.thresholds,
          promotionEnvironments: readPromotionConfig(config).environments,
          logger,
          entityRefOf: object => entityIndex.lookup(object),
        });
        const opsService = new AuthorizedOpsService(readService, permissions);
        // without app.baseUrl, links name the Ops tab by its path, relative to the app
        const appBaseUrl = config.getOptionalString('app.baseUrl') ?? '';
        const opsTabLink = (entityRef: string) =>
          opsTabUrl(appBaseUrl, entityRef);
        const opsSignals = connectOpsSignals({
          signals,
          views: readService,
          logger,
        });
        const notifier = await createOpsNotifications({
          config,
          thresholds: settings.thresholds,
          notifications,
          instanceMetadata,
          database,
          scheduler,
          catalog,
          auth,
          views: readService,
          opsTabLink,
          logger,
        });
        const incidentStore = await createIncidentStore({ config, database });
        // The operations engine: writes through the same cluster clients, checks targets with the read side.
        const operations = await createOperations({
          config,
          database,
          clusters: registry,
          targets: {
            listTargets: ({ entity, kind, cluster, credentials }) =>
              readService.listTargets({
                entityRef: stringifyEntityRef(entity),
                kind,
                cluster,
                credentials,
              }),
          },
          catalog,
          permissions,
          auditor,
          httpAuth,
          logger,
          scheduler,
          lifecycle,
          runbooks,
          groupsOf: async credentials =>
            (
              await userInfo.getUserInfo(credentials)
            ).ownershipEntityRefs,
          approvalListener: approvalNotifications(notifier),
          incidentOverride: incidentStore.overrideCheck,
          listener: {
            changed: id => opsSignals.publisher.operationChanged(id),
            ended: record => void notifier.operationEnded(record),
          },
        });

        lifecycle.addStartupHook(async () => {
          const source = supplier
            ? undefined
            : clusterSource({ kubernetesAccess, config, auth, logger });
          if (source)
            await syncClusters({ source, registry, watchCache, logger });
          watchCache.start();
          if (source?.refreshes) {
            const seconds = clusterRefreshSeconds(config);
            await scheduler.scheduleTask({
              id: 'gsv-ops.clusters',
              scope: 'local',
              frequency: { seconds },
              timeout: { seconds },
              initialDelay: { seconds: Math.min(seconds, 10) },
              fn: () => syncClusters({ source, registry, watchCache, logger }),
            });
          }
        });
        if (usage) {
          await scheduler.scheduleTask({
            id: 'gsv-ops.pvc-usage',
            scope: 'local',
            frequency: { seconds: settings.pvcUsage.intervalSeconds },
            timeout: { seconds: settings.pvcUsage.intervalSeconds },
            initialDelay: { seconds: 5 },
            fn: signal => usage.collectOnce(signal),
          });
        }
        await scheduler.scheduleTask({
          id: 'gsv-ops.entity-index',
          scope: 'local',
          frequency: { minutes: 5 },
          timeout: { minutes: 1 },
          initialDelay: { seconds: 3 },
          fn: () => entityIndex.refresh(),
        });
        lifecycle.addShutdownHook(async () => {
          opsSignals.stop();
          readService.close();
          await watchCache.stop();
          registry.close();
        });

        const metrics = createMetrics({
          config,
          opsService,
          catalog,
          watchCache,
          httpAuth,
          permissions,
        });
        const rightSizing = createRightSizing({
          config,
          opsService,
          catalog,
          watchCache,
          metrics: metrics.service,
          httpAuth,
          permissions,
        });
        const incidents = await createIncidents({
          store: incidentStore.store,
          operations: operations.store,
          catalog,
          permissions,
          auditor,
          httpAuth,
          auth,
          scheduler,
          logger,
          opsService,
          entityMetrics: metrics.entityMetrics,
          opsTabLink,
          onChanged: entityRef => opsSignals.publisher.incidentsChanged(entityRef),
        });
        const drReadiness = new DrReadinessService({
          opsService,
          store: operations.store,
          monitoring: metrics.settings.clusters,
          cacheTtlMs: metrics.settings.cacheTtlMs,
          settings: readDrReadinessConfig(config),
        });
        registerGsvOpsActions(actionsRegistry, {
          opsService,
          engine: operations.engine,
          catalog,
          entityMetrics: metrics.entityMetrics,
          drReadiness,
          opsTabUrl: opsTabLink,
        });

        httpRouter.use(
          await createRouter({
            opsService,
            httpAuth,
            logger,
            routers: [
              operations.router,
              metrics.router,
              metrics.alertingRouter,
              rightSizing.router,
              createSecurity({
                config,
                opsService,
                watchCache,
                permissions,
                httpAuth,
                entityRefOf: object => entityIndex.lookup(object),
              }).router,
              createDrReadinessRouter({ service: drReadiness, httpAuth }),
              createBloatReportsRouter({
                service: new BloatReportService({ opsService, store: operations.store }),
                httpAuth,
                catalog,
              }),
              incidents.router,
              createLogsRouter({
                logs: new LogsService({ registry, opsService, permissions }),
                registry,
                httpAuth,
              }),
            ],
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
