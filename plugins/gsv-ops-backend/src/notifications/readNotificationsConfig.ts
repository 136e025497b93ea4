import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { OpsThresholds } from '../domain/thresholds';

export interface NotificationsSettings {
  /** `undefined`: when the notifications backend is installed in this backend. */
  enabled?: boolean;
  /** When the entity condition check runs (one replica at a time). */
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Certificates expiring within this many days are notified (default: the critical threshold). */
  certificateDays: number;
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 1 },
  timeout: { minutes: 10 },
  initialDelay: { minutes: 2 },
};

/** `gsvOps.notifications`. */
export function readNotificationsConfig(config: Config, thresholds: OpsThresholds): NotificationsSettings {
  const section = config.getOptionalConfig('gsvOps.notifications');
  const schedule = section?.getOptionalConfig('schedule');
  const certificateDays = section?.getOptionalNumber('certificateDays') ?? thresholds.certificates.criticalDays;
  if (!(certificateDays >= 0)) throw new Error('gsvOps.notifications.certificateDays must be a number of days, 0 or more');
  return {
    enabled: section?.getOptionalBoolean('enabled'),
    schedule: schedule ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule) : DEFAULT_SCHEDULE,
    certificateDays,
  };
}
