import type {
  ClusterOpsView,
  DeploymentView,
  Level,
} from '@gsv/plugin-gsv-ops-common';
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

function workloadsText(view: ClusterOpsView): string {
  const sum = (count: (d: DeploymentView) => number) =>
    view.deployments.reduce((total, d) => total + count(d), 0);
  let text =
    view.deployments.length > 0
      ? `${sum(d => d.readyReplicas)}/${sum(d => d.desiredReplicas)} ready`
      : plural(view.otherPods.length, 'pod');
  if (view.deployments.some(d => d.rollout.stalled))
    text += ', rollout stalled';
  else if (view.deployments.some(d => d.rollout.inProgress))
    text += ', rollout in progress';
  return text;
}

function certificatesText({ certificates }: ClusterOpsView): string {
  const notReady = certificates.filter(c => c.ready !== 'True');
  const soonest = certificates
    .filter(c => c.daysToExpiry !== undefined)
    .sort((a, b) => a.daysToExpiry! - b.daysToExpiry!)[0];
  if (soonest && soonest.daysToExpiry! < 0) return `${soonest.name} expired`;
  if (notReady.length > 0)
    return `${notReady.length} of ${certificates.length} not ready`;
  if (soonest) return `next expiry in ${plural(soonest.daysToExpiry!, 'day')}`;
  return plural(certificates.length, 'certificate');
}

function backupsText({ databases }: ClusterOpsView): string {
  const oldest = databases
    .map(d => d.lastSuccessfulBackupAgeSeconds)
    .reduce<number | undefined>(
      (max, age) => (age === undefined ? max : Math.max(max ?? 0, age)),
      undefined,
    );
  const text =
    oldest === undefined
      ? 'no successful backup'
      : `last backup ${formatAge(oldest)}`;
  return databases.some(d => d.walArchiving.status === 'failing')
    ? `${text}, WAL archiving failing`
    : text;
}

function gitOpsText({ applications }: ClusterOpsView): string {
  if (applications.length === 1)
    return `${applications[0].syncStatus}, ${applications[0].healthStatus}`;
  const synced = applications.filter(a => a.syncStatus === 'Synced').length;
  return `${synced}/${applications.length} synced`;
}

function secretsText({ externalSecrets }: ClusterOpsView): string {
  const synced = externalSecrets.filter(s => s.ready === 'True').length;
  return `${synced}/${externalSecrets.length} synced`;
}

function storageText({ pvcs }: ClusterOpsView): string {
  const fullest = pvcs
    .filter(p => p.usedRatio !== undefined)
    .sort((a, b) => b.usedRatio! - a.usedRatio!)[0];
  return fullest
    ? `fullest ${formatPercent(fullest.usedRatio)}`
    : 'usage unknown';
}

/** The summarized sections in order: the objects each judges, and its few words. */
const SECTIONS: Array<{
  id: SectionId;
  title: string;
  objects: (view: ClusterOpsView) => Array<{ level: Level }>;
  text: (view: ClusterOpsView) => string;
}> = [
  {
    id: 'workloads',
    title: 'Workloads',
    objects: v => [...v.deployments, ...v.otherPods],
    text: workloadsText,
  },
  {
    id: 'certificates',
    title: 'Certificates',
    objects: v => v.certificates,
    text: certificatesText,
  },
  {
    id: 'backups',
    title: 'Backups',
    objects: v => v.databases,
    text: backupsText,
  },
  {
    id: 'gitops',
    title: 'GitOps',
    objects: v => v.applications,
    text: gitOpsText,
  },
  {
    id: 'secrets',
    title: 'Secrets',
    objects: v => v.externalSecrets,
    text: secretsText,
  },
  { id: 'storage', title: 'Storage', objects: v => v.pvcs, text: storageText },
];

/** One line per section of a cluster's view, for the header and the overview card. Sections with nothing are left out. */
export function summarizeCluster(view: ClusterOpsView): SectionSummary[] {
  return SECTIONS.filter(section => section.objects(view).length > 0).map(
    ({ id, title, objects, text }) => ({
      id,
      title,
      level: worstLevel(objects(view).map(o => o.level)),
      text: text(view),
    }),
  );
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
