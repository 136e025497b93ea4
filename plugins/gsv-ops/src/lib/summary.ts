import type { ClusterOpsView, Level } from '@gsv/plugin-gsv-ops-common';
import { worstLevel } from '@gsv/plugin-gsv-ops-common';
import { formatAge, formatPercent, plural } from './format';

export type SectionId =
  | 'workloads'
  | 'certificates'
  | 'backups'
  | 'gitops'
  | 'secrets'
  | 'storage'
  | 'events';

export interface SectionSummary {
  id: SectionId;
  title: string;
  level: Level;
  /** A few words: "2/3 ready", "next expiry in 12 days". */
  text: string;
}

/** The DOM id of a section card, for the header's jump links. */
export const sectionAnchor = (id: SectionId) => `gsv-ops-${id}`;

/** One line per section of a cluster's view, for the header and the overview card. Sections with nothing are left out. */
export function summarizeCluster(view: ClusterOpsView): SectionSummary[] {
  const sections: SectionSummary[] = [];

  if (view.deployments.length > 0 || view.otherPods.length > 0) {
    const desired = view.deployments.reduce(
      (sum, d) => sum + d.desiredReplicas,
      0,
    );
    const ready = view.deployments.reduce((sum, d) => sum + d.readyReplicas, 0);
    const rolling = view.deployments.filter(d => d.rollout.inProgress);
    const stalled = view.deployments.filter(d => d.rollout.stalled);
    const podLevels = view.otherPods.map(p => p.level);
    let text =
      view.deployments.length > 0
        ? `${ready}/${desired} ready`
        : plural(view.otherPods.length, 'pod');
    if (stalled.length > 0) text += ', rollout stalled';
    else if (rolling.length > 0) text += ', rollout in progress';
    sections.push({
      id: 'workloads',
      title: 'Workloads',
      level: worstLevel([...view.deployments.map(d => d.level), ...podLevels]),
      text,
    });
  }

  if (view.certificates.length > 0) {
    const level = worstLevel(view.certificates.map(c => c.level));
    const notReady = view.certificates.filter(c => c.ready !== 'True');
    const soonest = view.certificates
      .filter(c => c.daysToExpiry !== undefined)
      .sort((a, b) => a.daysToExpiry! - b.daysToExpiry!)[0];
    let text: string;
    if (soonest && soonest.daysToExpiry! < 0) text = `${soonest.name} expired`;
    else if (notReady.length > 0)
      text = `${notReady.length} of ${view.certificates.length} not ready`;
    else if (soonest)
      text = `next expiry in ${plural(soonest.daysToExpiry!, 'day')}`;
    else text = plural(view.certificates.length, 'certificate');
    sections.push({ id: 'certificates', title: 'Certificates', level, text });
  }

  if (view.databases.length > 0) {
    const level = worstLevel(view.databases.map(d => d.level));
    const oldest = view.databases
      .map(d => d.lastSuccessfulBackupAgeSeconds)
      .reduce<number | undefined>(
        (max, age) => (age === undefined ? max : Math.max(max ?? 0, age)),
        undefined,
      );
    const failing = view.databases.some(
      d => d.walArchiving.status === 'failing',
    );
    let text =
      oldest === undefined
        ? 'no successful backup'
        : `last backup ${formatAge(oldest)}`;
    if (failing) text += ', WAL archiving failing';
    sections.push({ id: 'backups', title: 'Backups', level, text });
  }

  if (view.applications.length > 0) {
    const level = worstLevel(view.applications.map(a => a.level));
    const text =
      view.applications.length === 1
        ? `${view.applications[0].syncStatus}, ${view.applications[0].healthStatus}`
        : `${view.applications.filter(a => a.syncStatus === 'Synced').length}/${
            view.applications.length
          } synced`;
    sections.push({ id: 'gitops', title: 'GitOps', level, text });
  }

  if (view.externalSecrets.length > 0) {
    const level = worstLevel(view.externalSecrets.map(s => s.level));
    const synced = view.externalSecrets.filter(s => s.ready === 'True').length;
    sections.push({
      id: 'secrets',
      title: 'Secrets',
      level,
      text: `${synced}/${view.externalSecrets.length} synced`,
    });
  }

  if (view.pvcs.length > 0) {
    const level = worstLevel(view.pvcs.map(p => p.level));
    const fullest = view.pvcs
      .filter(p => p.usedRatio !== undefined)
      .sort((a, b) => b.usedRatio! - a.usedRatio!)[0];
    sections.push({
      id: 'storage',
      title: 'Storage',
      level,
      text: fullest
        ? `fullest ${formatPercent(fullest.usedRatio)}`
        : 'usage unknown',
    });
  }

  return sections;
}

/** Counts of findings by level, e.g. "2 critical, 1 warning". */
export function describeFindings(findings: { level: Level }[]): string {
  const critical = findings.filter(f => f.level === 'critical').length;
  const warning = findings.filter(f => f.level === 'warning').length;
  const unknown = findings.filter(f => f.level === 'unknown').length;
  const parts: string[] = [];
  if (critical) parts.push(`${critical} critical`);
  if (warning) parts.push(plural(warning, 'warning'));
  if (unknown) parts.push(`${unknown} unknown`);
  return parts.length > 0 ? parts.join(', ') : 'no findings';
}
