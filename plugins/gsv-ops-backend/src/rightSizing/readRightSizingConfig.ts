import type { Config } from '@backstage/config';
import type { RightSizingSettings } from '@gsv/plugin-gsv-ops-common';
import { z } from 'zod';

/** The right-sizing settings, with what the backend needs beyond what it reports. */
export interface RightSizingConfig extends RightSizingSettings {
  windowSeconds: number;
  /** The subquery resolution (`[window:resolution]`), a Prometheus duration. */
  resolution: string;
  resolutionSeconds: number;
  /** How long a window's usage is shared by every viewer. */
  cacheTtlMs: number;
}

const UNIT_SECONDS: Record<string, number> = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
  w: 604_800,
};
const DURATION = /^(\d+[smhdw])+$/;

/** Seconds of a Prometheus duration such as `7d`, `1h30m`; undefined when it is not one. */
export function durationSeconds(value: string): number | undefined {
  if (!DURATION.test(value)) return undefined;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+)([smhdw])/g)) {
    total += Number(amount) * UNIT_SECONDS[unit];
  }
  return total > 0 ? total : undefined;
}

const duration = z.string().refine(v => durationSeconds(v) !== undefined, {
  message: 'expected a Prometheus duration such as 7d, 12h or 30m',
});

const schema = z
  .object({
    window: duration.default('7d'),
    resolution: duration.default('5m'),
    minimumHistory: duration.default('1d'),
    headroom: z.number().min(1).max(5).default(1.2),
    overProvisionedBelow: z.number().positive().max(1).default(0.5),
    underProvisionedAbove: z.number().positive().default(1),
    memoryGiBPerCore: z.number().positive().default(4),
    cacheSeconds: z.number().min(0).max(3600).default(300),
  })
  .strict()
  .refine(s => s.overProvisionedBelow < s.underProvisionedAbove, {
    message: 'overProvisionedBelow must be below underProvisionedAbove',
  });

/** Reads `gsvOps.rightSizing` (every key optional). */
export function readRightSizingConfig(config: Config): RightSizingConfig {
  const result = schema.safeParse(
    config.getOptional('gsvOps.rightSizing') ?? {},
  );
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(
      `Invalid config at gsvOps.rightSizing${
        issue.path.length ? `.${issue.path.join('.')}` : ''
      }: ${issue.message}`,
    );
  }
  const { cacheSeconds, minimumHistory, ...settings } = result.data;
  return {
    ...settings,
    windowSeconds: durationSeconds(settings.window)!,
    resolutionSeconds: durationSeconds(settings.resolution)!,
    minimumHistorySeconds: durationSeconds(minimumHistory)!,
    cacheTtlMs: cacheSeconds * 1000,
  };
}

/** The settings a view reports (what its figures mean). */
export function reportedSettings(
  config: RightSizingConfig,
): RightSizingSettings {
  return {
    window: config.window,
    minimumHistorySeconds: config.minimumHistorySeconds,
    headroom: config.headroom,
    overProvisionedBelow: config.overProvisionedBelow,
    underProvisionedAbove: config.underProvisionedAbove,
    memoryGiBPerCore: config.memoryGiBPerCore,
  };
}
