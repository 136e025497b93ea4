import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DEFAULT_THRESHOLDS } from '../domain/thresholds';
import { createOpsNotifications } from './createOpsNotifications';
import { noopOpsNotifier } from './OpsNotifier';

function setup(installed: string[], notifications?: object) {
  const logger = mockServices.logger.mock();
  const scheduler = mockServices.scheduler.mock();
  const create = () =>
    createOpsNotifications({
      config: new ConfigReader(notifications ? { gsvOps: { notifications } } : {}),
      thresholds: DEFAULT_THRESHOLDS,
      notifications: { send: jest.fn() },
      instanceMetadata: { getInstalledPlugins: async () => installed.map(pluginId => ({ pluginId, modules: [] })) },
      database: mockServices.database.mock({ getClient: async () => ({}) as any }),
      scheduler,
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
      views: { getEntityView: jest.fn() },
      opsTabLink: ref => ref,
      logger,
    });
  return { create, logger, scheduler };
}

describe('createOpsNotifications', () => {
  it('sends nothing without the notifications backend, and says so once', async () => {
    const { create, logger, scheduler } = setup(['catalog', 'gsv-ops']);
    expect(await create()).toBe(noopOpsNotifier);
    expect(logger.info).toHaveBeenCalledTimes(1);
    expect(logger.info.mock.calls[0][0]).toMatch(/notifications backend .* is not installed/);
    expect(scheduler.scheduleTask).not.toHaveBeenCalled();
  });

  it('with it, notifies and schedules the daily check on one replica at a time', async () => {
    const { create, scheduler } = setup(['gsv-ops', 'notifications']);
    expect(await create()).not.toBe(noopOpsNotifier);
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'gsv-ops.notify-entity-conditions', scope: 'global', frequency: { hours: 1 } }),
    );
  });

  it('follows gsvOps.notifications.enabled over what is installed here', async () => {
    expect(await setup(['notifications'], { enabled: false }).create()).toBe(noopOpsNotifier);
    expect(await setup([], { enabled: true }).create()).not.toBe(noopOpsNotifier);
  });
});
