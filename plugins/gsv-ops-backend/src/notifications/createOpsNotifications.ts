import type {
  AuthService,
  DatabaseService,
  LoggerService,
  RootInstanceMetadataService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { OpsThresholds } from '../domain/thresholds';
import { EntityConditionCheck, type EntityConditionCheckOptions } from './EntityConditionCheck';
import { NotificationsOpsNotifier } from './NotificationsOpsNotifier';
import { NotifiedConditionStore } from './NotifiedConditionStore';
import { noopOpsNotifier, type OpsNotifier } from './OpsNotifier';
import type { OpsTabLink } from './payloads';
import { readNotificationsConfig } from './readNotificationsConfig';

/**
 * The notifier, and the scheduled entity condition check behind it. Without the notifications backend in this
 * backend (or with `gsvOps.notifications.enabled: false`) the notifier sends nothing and says so once; a backend
 * whose notifications plugin runs in another instance sets `enabled: true`.
 */
export async function createOpsNotifications(options: {
  config: Config;
  thresholds: OpsThresholds;
  notifications: NotificationService;
  instanceMetadata: RootInstanceMetadataService;
  database: DatabaseService;
  scheduler: SchedulerService;
  catalog: CatalogService;
  auth: AuthService;
  views: EntityConditionCheckOptions['views'];
  opsTabLink: OpsTabLink;
  logger: LoggerService;
}): Promise<OpsNotifier> {
  const { logger } = options;
  const settings = readNotificationsConfig(options.config, options.thresholds);
  const enabled = settings.enabled ?? (await isInstalledHere(options.instanceMetadata, 'notifications'));
  if (!enabled) {
    logger.info(
      settings.enabled === false
        ? 'GSV Ops notifications are disabled (gsvOps.notifications.enabled: false)'
        : 'GSV Ops sends no notifications: the notifications backend (@backstage/plugin-notifications-backend) is not installed in this backend',
    );
    return noopOpsNotifier;
  }
  const notifier = new NotificationsOpsNotifier({
    notifications: options.notifications,
    opsTabLink: options.opsTabLink,
    logger,
  });
  const check = new EntityConditionCheck({
    catalog: options.catalog,
    auth: options.auth,
    views: options.views,
    claims: new NotifiedConditionStore(await options.database.getClient()),
    notifier,
    certificateDays: settings.certificateDays,
    logger,
  });
  await options.scheduler.scheduleTask({
    id: 'gsv-ops.notify-entity-conditions',
    // One replica at a time; the claims keep it to one notification per condition per day anyway.
    scope: 'global',
    ...settings.schedule,
    fn: async () => {
      const { entities, sent } = await check.run();
      if (sent > 0) logger.info('Notified owners about entity conditions', { entities, sent });
    },
  });
  return notifier;
}

async function isInstalledHere(instanceMetadata: RootInstanceMetadataService, pluginId: string): Promise<boolean> {
  const plugins = await instanceMetadata.getInstalledPlugins();
  return plugins.some(p => p.pluginId === pluginId);
}
