import { ConfigReader } from '@backstage/config';
import { DEFAULT_THRESHOLDS } from '../domain/thresholds';
import { readNotificationsConfig } from './readNotificationsConfig';

const read = (notifications?: object) =>
  readNotificationsConfig(new ConfigReader(notifications ? { gsvOps: { notifications } } : {}), DEFAULT_THRESHOLDS);

describe('readNotificationsConfig', () => {
  it('defaults: on when the notifications backend is there, hourly, the critical days of the certificate thresholds', () => {
    expect(read()).toEqual({
      enabled: undefined,
      schedule: { frequency: { hours: 1 }, timeout: { minutes: 10 }, initialDelay: { minutes: 2 } },
      certificateDays: DEFAULT_THRESHOLDS.certificates.criticalDays,
    });
  });

  it('reads the switch, the schedule and the days', () => {
    expect(
      read({ enabled: false, schedule: { frequency: { cron: '0 8 * * *' }, timeout: { minutes: 5 } }, certificateDays: 14 }),
    ).toEqual({
      enabled: false,
      schedule: { frequency: { cron: '0 8 * * *' }, timeout: { minutes: 5 } },
      certificateDays: 14,
    });
    expect(() => read({ certificateDays: -1 })).toThrow(/certificateDays/);
  });
});
