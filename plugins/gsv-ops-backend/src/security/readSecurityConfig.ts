import type { Config } from '@backstage/config';
import { z } from 'zod';
import { parseWith } from '../config/parseWith';
import { MAX_KEPT_VULNERABILITIES } from '../services/WatchCache/transforms';
import { KEYCLOAK_FAILED_LOGINS } from './failedLogins';

export interface SecuritySettings {
  /** A VulnerabilityReport older than this is flagged stale (trivy-operator rescans every 24 h by default). */
  staleAfterDays: number;
  /** How many CVEs the Security card lists. */
  topCves: number;
  /** The failed-logins counter (Keycloak metrics SPI). */
  failedLoginsMetric: string;
}

const schema = z
  .object({
    staleReportDays: z.number().int().min(1).max(365).optional(),
    topCves: z.number().int().min(1).max(MAX_KEPT_VULNERABILITIES).optional(),
    failedLoginsMetric: z
      .string()
      .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/)
      .optional(),
  })
  .strict();

/** `gsvOps.security`: all keys optional. */
export function readSecurityConfig(config: Config): SecuritySettings {
  const parsed = parseWith(
    schema,
    config.getOptional('gsvOps.security') ?? {},
    'gsvOps.security',
  );
  return {
    staleAfterDays: parsed.staleReportDays ?? 7,
    topCves: parsed.topCves ?? 10,
    failedLoginsMetric: parsed.failedLoginsMetric ?? KEYCLOAK_FAILED_LOGINS,
  };
}
