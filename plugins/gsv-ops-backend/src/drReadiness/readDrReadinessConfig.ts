import { Config, readDurationFromConfig } from '@backstage/config';
import { Duration } from 'luxon';
import type { DrReadinessSettings } from '../domain/drReadiness';

const DEFAULTS: Record<keyof DrReadinessSettings, { key: string; seconds: number }> = {
  restorePointAgeSeconds: { key: 'restorePointAge', seconds: 5 * 60 },
  rpoTargetSeconds: { key: 'rpoTarget', seconds: 5 * 60 },
  maxBackupAgeSeconds: { key: 'maxBackupAge', seconds: 26 * 3600 },
  rehearsalIntervalSeconds: { key: 'rehearsalInterval', seconds: 90 * 86_400 },
};

/**
 * `gsvOps.drReadiness.{restorePointAge,rpoTarget,maxBackupAge,rehearsalInterval}`: durations as Backstage reads them
 * (`5m`, `26h`, `90d`, `{ days: 90 }`, ISO 8601). Defaults 5 minutes, 5 minutes, 26 hours (a daily backup plus
 * grace), 90 days.
 */
export function readDrReadinessConfig(config: Config): DrReadinessSettings {
  const root = config.getOptionalConfig('gsvOps.drReadiness');
  const settings = {} as DrReadinessSettings;
  for (const [field, { key, seconds }] of Object.entries(DEFAULTS) as Array<[keyof DrReadinessSettings, { key: string; seconds: number }]>) {
    if (!root?.has(key)) {
      settings[field] = seconds;
      continue;
    }
    let value: number;
    try {
      value = Duration.fromObject(readDurationFromConfig(root, { key })).as('seconds');
    } catch (e) {
      throw new Error(`Invalid configuration at gsvOps.drReadiness.${key}: ${(e as Error).message}`);
    }
    if (!(value > 0)) throw new Error(`Invalid configuration at gsvOps.drReadiness.${key}: must be a duration above zero`);
    settings[field] = Math.round(value);
  }
  return settings;
}
