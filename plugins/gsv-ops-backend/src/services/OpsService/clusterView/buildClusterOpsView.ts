import type { ClusterOpsView } from '@gsv/plugin-gsv-ops-common';
import { jobFindings } from '../../../domain/deployments';
import { levelOf, notableFindings, sortFindings } from '../../../domain/levels';
import type { EntityTargets } from '../../../domain/selectors';
import { clusterFindings, clusterStatusOf, type ViewContext } from '../buildViews';
import {
  applicationsSection,
  certificatesSection,
  databasesSection,
  eventsSection,
  externalSecretsSection,
  pvcsSection,
} from './resourceSections';
import { ViewCollector } from './ViewCollector';
import { jobsSection, otherPodsSection, workloadsSection } from './workloadSections';

/**
 * A cluster's part of an entity's Ops view, built from the cache only, one section after the other (the order
 * matters: pods shown by a workload are not shown again, volumes and events follow what the sections show).
 * `matched` = anything in this cluster belongs to the entity.
 */
export function buildClusterOpsView(targets: EntityTargets, ctx: ViewContext): { view: ClusterOpsView; matched: boolean } {
  const c = new ViewCollector(targets, ctx);
  const deployments = workloadsSection(c);
  const otherPodSummaries = otherPodsSection(c);
  const jobs = jobsSection(c);
  const certificates = certificatesSection(c);
  const databases = databasesSection(c);
  const applications = applicationsSection(c);
  const externalSecrets = externalSecretsSection(c);
  const pvcs = pvcsSection(c);
  const events = eventsSection(c);

  const status = clusterStatusOf(ctx.cache, ctx.now);
  const otherPods = otherPodSummaries.map(s => s.view);
  const findings = sortFindings(
    [
      ...clusterFindings(status),
      ...deployments.flatMap(d => d.findings),
      ...otherPodSummaries.flatMap(s => s.findings),
      ...jobs.flatMap(jobFindings),
      ...certificates.flatMap(cert => cert.findings),
      ...databases.flatMap(d => d.findings),
      ...applications.flatMap(a => a.findings),
      ...externalSecrets.flatMap(e => e.findings),
      ...pvcs.flatMap(p => p.findings),
    ].map(f => ({ ...f, cluster: ctx.cache.name })),
  );
  const shown = [deployments, otherPods, jobs, certificates, databases, applications, externalSecrets, pvcs];
  const notable = notableFindings(findings);
  return {
    matched: shown.some(list => list.length > 0),
    view: {
      cluster: status,
      level: levelOf(notable),
      findings: notable,
      deployments,
      otherPods,
      jobs,
      certificates,
      databases,
      applications,
      externalSecrets,
      events,
      pvcs,
    },
  };
}
