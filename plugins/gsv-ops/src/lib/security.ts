import type { RbacRisk, SeverityCounts } from '@gsv/plugin-gsv-ops-common';

/** What each risky grant means, in a few words. */
export const RISK_LABELS: Record<RbacRisk, string> = {
  'cluster-admin': 'cluster-admin',
  'wildcard-verbs': 'all verbs (*)',
  'wildcard-resources': 'all resources (*)',
  'secrets-read': 'reads Secrets',
  'pods-exec': 'exec into pods',
  'escalate-bind-impersonate': 'escalate / bind / impersonate',
};

export const SEVERITY_KEYS: Array<keyof SeverityCounts> = [
  'critical',
  'high',
  'medium',
  'low',
  'unknown',
];

/** `2 critical · 3 high · 2 medium`: the severities with findings, most severe first; "none" without any. */
export function severitySummary(counts: SeverityCounts): string {
  const parts = SEVERITY_KEYS.filter(key => counts[key] > 0).map(
    key => `${counts[key]} ${key}`,
  );
  return parts.length ? parts.join(' · ') : 'no known vulnerabilities';
}
