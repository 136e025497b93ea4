import type { PermissionUse } from '../rbac/PermissionUsage';
import { covers, type Grant } from './grants';

/** A grant no test exercises, kept on purpose: the committed file says why. */
export interface JustifiedGrant {
  verb: string;
  group: string;
  resource: string;
  /** Defaults to `*` (cluster-wide). */
  scope?: string;
  reason: string;
}

export interface LeastPrivilegeReport {
  /** Grants used by at least one request, with how many requests. */
  used: Array<Grant & { requests: number }>;
  /** Grants nobody used and nobody justified: remove them, or say why they stay. */
  unused: Grant[];
  /** Grants nobody used, with their reason. */
  justified: Array<Grant & { reason: string }>;
  /** Requests the grants did not allow: a feature needs a grant deploy/ does not give. */
  missing: PermissionUse[];
  /** Justifications of grants that are used after all, or not granted: remove them. */
  stale: JustifiedGrant[];
}

/**
 * Least privilege, proven from a test run: every request of the service account is allowed by a grant, and every
 * grant is used by some request or justified in a committed file.
 */
export function checkLeastPrivilege(grants: Grant[], uses: PermissionUse[], justified: JustifiedGrant[]): LeastPrivilegeReport {
  const report: LeastPrivilegeReport = { used: [], unused: [], justified: [], missing: [], stale: [] };
  for (const use of uses) {
    if (!use.allowed || !grants.some(grant => covers(grant, use))) report.missing.push(use);
  }
  const allowed = uses.filter(use => use.allowed);
  for (const grant of grants) {
    const requests = allowed.filter(use => covers(grant, use)).reduce((sum, use) => sum + use.count, 0);
    if (requests > 0) {
      report.used.push({ ...grant, requests });
      continue;
    }
    const reason = justified.find(j => sameGrant(j, grant))?.reason;
    if (reason) report.justified.push({ ...grant, reason });
    else report.unused.push(grant);
  }
  report.stale = justified.filter(j => !report.justified.some(g => sameGrant(j, g)));
  return report;
}

function sameGrant(j: JustifiedGrant, grant: Grant): boolean {
  return j.verb === grant.verb && j.group === grant.group && j.resource === grant.resource && (j.scope ?? '*') === grant.scope;
}

export function isClean(report: LeastPrivilegeReport): boolean {
  return report.unused.length === 0 && report.missing.length === 0 && report.stale.length === 0;
}

/** The report as text: problems first, then what was proven. */
export function formatReport(report: LeastPrivilegeReport, subject: string): string {
  const grant = (g: Grant) => `${g.verb} ${g.group || 'core'}/${g.resource}${g.scope === '*' ? '' : ` in ${g.scope}`}`;
  const use = (u: PermissionUse) =>
    `${u.verb} ${u.group || 'core'}/${u.resource}${u.subresource ? `/${u.subresource}` : ''}${u.namespace ? ` in ${u.namespace}` : ''} (${u.allowed ? 'no grant' : 'refused'}, ${u.count}×)`;
  const lines = [`Least privilege of ${subject}:`];
  for (const g of report.unused) lines.push(`  UNUSED   ${grant(g)} — from ${g.source}: no request used it; remove it or justify it`);
  for (const u of report.missing) lines.push(`  MISSING  ${use(u)} — a feature needs it; grant it in deploy/`);
  for (const j of report.stale) lines.push(`  STALE    ${grant({ ...j, scope: j.scope ?? '*', source: '' })} — justified but used or not granted; remove the justification`);
  for (const g of report.used) lines.push(`  used     ${grant(g)} (${g.requests} requests)`);
  for (const g of report.justified) lines.push(`  kept     ${grant(g)} — ${g.reason}`);
  lines.push(
    `${report.used.length} grants used, ${report.justified.length} justified, ${report.unused.length} unused, ${report.missing.length} missing, ${report.stale.length} stale`,
  );
  return lines.join('\n');
}
