import type {
  ApplicationView,
  CertificateView,
  ClusterError,
  ClusterOpsView,
  ClusterStatus,
  DatabaseView,
  DeploymentView,
  ExternalSecretView,
  Finding,
  JobView,
  NodeView,
  PlatformHealthView,
  PlatformRow,
  PodView,
  PvcView,
  EventView,
} from '@gsv/plugin-gsv-ops-common';
import type { NamespacedName } from '@gsv/plugin-gsv-ops-common';
import { DateTime } from 'luxon';
import type { KubeObject } from '../ClusterRegistry/types';
import type { ClusterCache } from '../WatchCache/ClusterCache';
import { INDEX, involvedKey } from '../WatchCache/indexers';
import type { WatchedKind } from '../WatchCache/kinds';
import type { PvcUsageCollector } from '../PvcUsage/PvcUsageCollector';
import { applicationView } from '../../domain/applications';
import { certificateView } from '../../domain/certificates';
import { databaseView } from '../../domain/databases';
import { deploymentView, jobFindings, jobView } from '../../domain/deployments';
import { recentEvents } from '../../domain/events';
import { externalSecretView, Workload } from '../../domain/externalSecrets';
import { finding, levelOf, notableFindings, sortFindings, worstLevel } from '../../domain/levels';
import { nodeView } from '../../domain/nodes';
import { podStatusReason, summarizePod } from '../../domain/pods';
import { pvcView } from '../../domain/pvcs';
import { EntityTargets, matchesSelector } from '../../domain/selectors';
import type { OpsThresholds } from '../../domain/thresholds';
import { isoString } from '../../domain/time';

export interface ViewContext {
  cache: ClusterCache;
  usage?: PvcUsageCollector;
  now: DateTime;
  thresholds: OpsThresholds;
}

/** The kinds an entity view reads (everything but nodes and namespaces). */
export const ENTITY_VIEW_KINDS: WatchedKind[] = [
  'pods',
  'events',
  'persistentvolumeclaims',
  'deployments',
  'replicasets',
  'statefulsets',
  'daemonsets',
  'horizontalpodautoscalers',
  'jobs',
  'cronjobs',
  'certificates',
  'certificaterequests',
  'cnpgclusters',
  'backups',
  'scheduledbackups',
  'objectstores',
  'applications',
  'externalsecrets',
];

/**
 * The namespaces an entity's objects can live in, or undefined when that is "any" (no kubernetes-namespace
 * annotation, or a reference without a namespace).
 */
export function entityNamespaces(targets: EntityTargets): Set<string> | undefined {
  if (!targets.namespace) return undefined;
  const set = new Set<string>([targets.namespace]);
  for (const ref of [...targets.databases, ...targets.applications, ...targets.certificates, ...targets.externalSecrets]) {
    if (!ref.namespace) return undefined;
    set.add(ref.namespace);
  }
  return set;
}

export function clusterStatusOf(cache: ClusterCache, now: DateTime): ClusterStatus {
  const s = cache.status();
  const lastHeardAt = s.lastHeardAt !== undefined ? DateTime.fromMillis(s.lastHeardAt, { zone: 'utc' }) : undefined;
  return {
    name: cache.name,
    title: cache.cluster.title,
    environment: cache.cluster.environment,
    synced: s.synced,
    lastHeardAt: lastHeardAt ? isoString(lastHeardAt) : undefined,
    ageSeconds: lastHeardAt ? Math.max(0, Math.round(now.diff(lastHeardAt).as('seconds'))) : undefined,
    error: s.error ? clusterError(cache.name, s.error) : undefined,
    degradedKinds: s.degradedKinds.length ? s.degradedKinds : undefined,
    absentKinds: s.absentKinds.length ? s.absentKinds : undefined,
  };
}

function clusterError(cluster: string, error: { reason: string; message: string; since: number }): ClusterError {
  return {
    cluster,
    reason: error.reason,
    message: error.message,
    since: isoString(DateTime.fromMillis(error.since, { zone: 'utc' })),
  };
}

/** Findings about the cluster connection itself, shown next to the data they qualify. */
export function clusterFindings(status: ClusterStatus): Finding[] {
  const out: Finding[] = [];
  const ref = { kind: 'Cluster', name: status.name };
  if (status.error) {
    out.push(
      finding(
        'warning',
        'cluster.unreachable',
        status.synced
          ? `Cluster ${status.name} does not answer since ${status.error.since} (${status.error.message}); showing its last known state${status.lastHeardAt ? ` as of ${status.lastHeardAt}` : ''}`
          : `Cluster ${status.name} could not be read (${status.error.message})`,
        ref,
      ),
    );
  } else if (!status.synced) {
    out.push(finding('unknown', 'cluster.syncing', `Cluster ${status.name} is still loading`, ref));
  }
  for (const k of status.degradedKinds ?? []) {
    out.push(finding('warning', 'cluster.kind-unreadable', `Cannot read ${k.kind} in cluster ${status.name}: ${k.message}`, ref));
  }
  return out;
}

function inNamespace(objects: KubeObject[], ref: NamespacedName): KubeObject[] {
  return objects.filter(o => o.metadata.name === ref.name && (!ref.namespace || o.metadata.namespace === ref.namespace));
}

function uniq(objects: KubeObject[]): KubeObject[] {
  const seen = new Map<string, KubeObject>();
  for (const o of objects) seen.set(`${o.metadata.namespace}/${o.metadata.name}`, o);
  return [...seen.values()].sort((a, b) =>
    `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`),
  );
}

const WORKLOAD_KINDS: Array<[WatchedKind, DeploymentView['kind']]> = [
  ['deployments', 'Deployment'],
  ['statefulsets', 'StatefulSet'],
  ['daemonsets', 'DaemonSet'],
];

/** A cluster's part of an entity's Ops view, built from the cache only. `matched` = anything belongs to it. */
export function buildClusterOpsView(
  targets: EntityTargets,
  ctx: ViewContext,
): { view: ClusterOpsView; matched: boolean } {
  const { cache, now, thresholds } = ctx;
  const ns = targets.namespace;
  const selected = (kind: WatchedKind) => cache.list(kind, ns).filter(o => matchesSelector(o.metadata.labels, targets.selector));
  const eventKeys: string[] = [];
  const podKeys = new Set<string>();
  const claimKeys = new Set<string>();
  const notePods = (pods: KubeObject[]) => {
    for (const p of pods) {
      podKeys.add(`${p.metadata.namespace}/${p.metadata.name}`);
      eventKeys.push(involvedKey('Pod', p.metadata.namespace, p.metadata.name));
      for (const v of (p.spec?.volumes ?? []) as Array<{ persistentVolumeClaim?: { claimName?: string } }>) {
        if (v.persistentVolumeClaim?.claimName) claimKeys.add(`${p.metadata.namespace}/${v.persistentVolumeClaim.claimName}`);
      }
    }
  };

  // Workloads with their pods (Deployment → ReplicaSets → Pods by owner uid) and HPAs
  const hpas = cache.list('horizontalpodautoscalers', ns);
  const deployments: DeploymentView[] = [];
  for (const [kind, label] of WORKLOAD_KINDS) {
    for (const workload of selected(kind)) {
      const uid = workload.metadata.uid ?? '';
      let pods: KubeObject[];
      if (label === 'Deployment') {
        const replicaSets = cache.byIndex('replicasets', INDEX.owner, uid);
        pods = replicaSets.flatMap(rs => cache.byIndex('pods', INDEX.owner, rs.metadata.uid ?? ''));
        for (const rs of replicaSets) eventKeys.push(involvedKey('ReplicaSet', rs.metadata.namespace, rs.metadata.name));
      } else {
        pods = cache.byIndex('pods', INDEX.owner, uid);
      }
      notePods(pods);
      const hpa = hpas.find(
        h =>
          h.metadata.namespace === workload.metadata.namespace &&
          h.spec?.scaleTargetRef?.name === workload.metadata.name &&
          (h.spec?.scaleTargetRef?.kind ?? 'Deployment') === label,
      );
      if (hpa) eventKeys.push(involvedKey('HorizontalPodAutoscaler', hpa.metadata.namespace, hpa.metadata.name));
      eventKeys.push(involvedKey(label, workload.metadata.namespace, workload.metadata.name));
      deployments.push(deploymentView({ workload, kind: label, pods, hpa, now, thresholds }));
    }
  }

  // Other pods of the entity (jobs, database instances, bare pods)
  const otherPodObjects = selected('pods').filter(p => !podKeys.has(`${p.metadata.namespace}/${p.metadata.name}`));
  notePods(otherPodObjects);
  const otherPodSummaries = otherPodObjects
    .map(p => summarizePod(p, { now, thresholds }))
    .sort((a, b) => a.view.name.localeCompare(b.view.name));

  // Jobs: selected, and those of selected CronJobs
  const cronJobs = selected('cronjobs');
  const jobObjects = uniq([
    ...selected('jobs'),
    ...cronJobs.flatMap(cj => cache.byIndex('jobs', INDEX.owner, cj.metadata.uid ?? '')),
  ]);
  const jobs: JobView[] = jobObjects.map(jobView);
  for (const j of jobObjects) eventKeys.push(involvedKey('Job', j.metadata.namespace, j.metadata.name));

  // Certificates: annotation + selector
  const certificateObjects = uniq([
    ...targets.certificates.flatMap(ref => inNamespace(cache.list('certificates', ref.namespace), ref)),
    ...selected('certificates'),
  ]);
  const certificates: CertificateView[] = certificateObjects.map(c => {
    eventKeys.push(involvedKey('Certificate', c.metadata.namespace, c.metadata.name));
    return certificateView(c, { now, thresholds, requests: cache.list('certificaterequests', c.metadata.namespace) });
  });

  // Databases (CloudNativePG clusters): annotation + selector
  const databaseObjects = uniq([
    ...targets.databases.flatMap(ref => inNamespace(cache.list('cnpgclusters', ref.namespace), ref)),
    ...selected('cnpgclusters'),
  ]);
  const databases: DatabaseView[] = databaseObjects.map(db => {
    const key = `${db.metadata.namespace}/${db.metadata.name}`;
    const backups = cache.byIndex('backups', INDEX.cnpgCluster, key);
    const dbPods = cache.byIndex('pods', INDEX.cnpgCluster, key);
    notePods(dbPods.filter(p => !podKeys.has(`${p.metadata.namespace}/${p.metadata.name}`)));
    for (const pvc of cache.byIndex('persistentvolumeclaims', INDEX.cnpgCluster, key)) {
      claimKeys.add(`${pvc.metadata.namespace}/${pvc.metadata.name}`);
    }
    eventKeys.push(involvedKey('Cluster', db.metadata.namespace, db.metadata.name));
    for (const b of backups) eventKeys.push(involvedKey('Backup', b.metadata.namespace, b.metadata.name));
    return databaseView({
      cluster: db,
      backups,
      scheduledBackups: cache.byIndex('scheduledbackups', INDEX.cnpgCluster, key),
      objectStores: cache.list('objectstores', db.metadata.namespace),
      pods: dbPods,
      now,
      thresholds,
    });
  });

  // Argo CD applications: annotation + selector
  const applicationObjects = uniq([
    ...targets.applications.flatMap(ref => inNamespace(cache.list('applications', ref.namespace), ref)),
    ...selected('applications'),
  ]);
  const applications: ApplicationView[] = applicationObjects.map(app => {
    eventKeys.push(involvedKey('Application', app.metadata.namespace, app.metadata.name));
    return applicationView(app);
  });

  // ExternalSecrets: annotation + selector; consumers among all workloads of the namespace
  const externalSecretObjects = uniq([
    ...targets.externalSecrets.flatMap(ref => inNamespace(cache.list('externalsecrets', ref.namespace), ref)),
    ...selected('externalsecrets'),
  ]);
  const externalSecrets: ExternalSecretView[] = externalSecretObjects.map(es => {
    eventKeys.push(involvedKey('ExternalSecret', es.metadata.namespace, es.metadata.name));
    const workloads: Workload[] = WORKLOAD_KINDS.flatMap(([kind, label]) =>
      cache.list(kind, es.metadata.namespace).map(object => ({ kind: label, object })),
    );
    return externalSecretView(es, { now, thresholds, workloads });
  });

  // PVCs: selected, mounted by the entity's pods, or the databases'
  for (const pvc of selected('persistentvolumeclaims')) claimKeys.add(`${pvc.metadata.namespace}/${pvc.metadata.name}`);
  const pvcs: PvcView[] = [...claimKeys]
    .sort()
    .map(key => {
      const [namespace, name] = key.split('/');
      const pvc = cache.get('persistentvolumeclaims', namespace, name);
      if (!pvc) return undefined;
      eventKeys.push(involvedKey('PersistentVolumeClaim', namespace, name));
      return pvcView(pvc, {
        thresholds,
        usage: ctx.usage?.volume(cache.name, namespace, name),
        usedByPods: cache.byIndex('pods', INDEX.claim, key).map(p => p.metadata.name),
      });
    })
    .filter((p): p is PvcView => Boolean(p));

  // Events of everything above
  const eventObjects = new Map<string, KubeObject>();
  for (const key of new Set(eventKeys)) {
    for (const e of cache.byIndex('events', INDEX.involvedObject, key)) eventObjects.set(`${e.metadata.namespace}/${e.metadata.name}`, e);
  }
  const events: EventView[] = recentEvents(eventObjects.values(), {
    now,
    maxAgeMinutes: thresholds.events.maxAgeMinutes,
    limit: thresholds.events.limit,
  });

  const status = clusterStatusOf(cache, now);
  const otherPods: PodView[] = otherPodSummaries.map(s => s.view);
  const findings = sortFindings(
    [
      ...clusterFindings(status),
      ...deployments.flatMap(d => d.findings),
      ...otherPodSummaries.flatMap(s => s.findings),
      ...jobs.flatMap(jobFindings),
      ...certificates.flatMap(c => c.findings),
      ...databases.flatMap(d => d.findings),
      ...applications.flatMap(a => a.findings),
      ...externalSecrets.flatMap(e => e.findings),
      ...pvcs.flatMap(p => p.findings),
    ].map(f => ({ ...f, cluster: cache.name })),
  );
  const matched =
    deployments.length + otherPods.length + jobs.length + certificates.length + databases.length +
      applications.length + externalSecrets.length + pvcs.length >
    0;
  return {
    matched,
    view: {
      cluster: status,
      level: levelOf(notableFindings(findings)),
      findings: notableFindings(findings),
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

/** The cached kind of an event's involved object, to find its labels. */
const INVOLVED_KINDS: Record<string, WatchedKind> = {
  Pod: 'pods',
  Deployment: 'deployments',
  ReplicaSet: 'replicasets',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  Job: 'jobs',
  CronJob: 'cronjobs',
  HorizontalPodAutoscaler: 'horizontalpodautoscalers',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  Certificate: 'certificates',
  Cluster: 'cnpgclusters',
  Backup: 'backups',
  Application: 'applications',
  ExternalSecret: 'externalsecrets',
};

/** How many rows a platform section lists at most. */
export const PLATFORM_ROWS = 200;

/** The ops guide's morning health check (§1.1) over every cluster, from the cache only. */
export function buildPlatformView(
  caches: ClusterCache[],
  ctx: Omit<ViewContext, 'cache'> & {
    /** Links a row's object to its catalog entity, when one is known (see EntityIndex). */
    entityRefOf?: (object: { kind: string; namespace?: string; name: string; labels?: Record<string, string> }) => string | undefined;
  },
): Omit<PlatformHealthView, 'etag' | 'generatedAt'> {
  const { now, thresholds } = ctx;
  const clusters = caches.map(c => clusterStatusOf(c, now));
  const findings: Finding[] = [];
  const nodes: NodeView[] = [];
  const nonRunning: Array<PlatformRow<PodView>> = [];
  const applications: Array<PlatformRow<ApplicationView>> = [];
  const certificates: Array<PlatformRow<CertificateView>> = [];
  const pvcs: Array<PlatformRow<PvcView>> = [];
  const databases: Array<PlatformRow<DatabaseView>> = [];
  const warningEvents: Array<PlatformRow<EventView> & { at: string }> = [];
  const entityRefOf = (kind: string, o: KubeObject) =>
    ctx.entityRefOf?.({ kind, namespace: o.metadata.namespace, name: o.metadata.name, labels: o.metadata.labels });

  caches.forEach((cache, i) => {
    const status = clusters[i];
    const row = { cluster: cache.name, environment: cache.cluster.environment };
    const tag = (f: Finding) => ({ ...f, cluster: cache.name });
    findings.push(...clusterFindings(status).map(tag));

    for (const node of cache.list('nodes')) {
      const n = nodeView(node, cache.name, ctx.usage?.node(cache.name, node.metadata.name));
      nodes.push(n.view);
      findings.push(...notableFindings(n.findings).map(tag));
    }
    for (const pod of cache.list('pods')) {
      const reason = podStatusReason(pod);
      if (reason === 'Running' || reason === 'Completed') continue;
      const summary = summarizePod(pod, { now, thresholds });
      nonRunning.push({ ...row, entityRef: entityRefOf('Pod', pod), item: summary.view });
      findings.push(...notableFindings(summary.findings).filter(f => f.level === 'critical').map(tag));
    }
    for (const app of cache.list('applications')) {
      const view = applicationView(app);
      applications.push({ ...row, entityRef: entityRefOf('Application', app), item: view });
      findings.push(...notableFindings(view.findings).map(tag));
    }
    for (const cert of cache.list('certificates')) {
      const view = certificateView(cert, { now, thresholds, requests: cache.list('certificaterequests', cert.metadata.namespace) });
      certificates.push({ ...row, entityRef: entityRefOf('Certificate', cert), item: view });
      findings.push(...notableFindings(view.findings).map(tag));
    }
    for (const pvc of cache.list('persistentvolumeclaims')) {
      const key = `${pvc.metadata.namespace}/${pvc.metadata.name}`;
      const view = pvcView(pvc, {
        thresholds,
        usage: ctx.usage?.volume(cache.name, pvc.metadata.namespace ?? '', pvc.metadata.name),
        usedByPods: cache.byIndex('pods', INDEX.claim, key).map(p => p.metadata.name),
      });
      pvcs.push({ ...row, entityRef: entityRefOf('PersistentVolumeClaim', pvc), item: view });
      findings.push(...notableFindings(view.findings).map(tag));
    }
    for (const db of cache.list('cnpgclusters')) {
      const key = `${db.metadata.namespace}/${db.metadata.name}`;
      const view = databaseView({
        cluster: db,
        backups: cache.byIndex('backups', INDEX.cnpgCluster, key),
        scheduledBackups: cache.byIndex('scheduledbackups', INDEX.cnpgCluster, key),
        objectStores: cache.list('objectstores', db.metadata.namespace),
        pods: cache.byIndex('pods', INDEX.cnpgCluster, key),
        now,
        thresholds,
      });
      databases.push({ ...row, entityRef: entityRefOf('Cluster', db), item: view });
      findings.push(...notableFindings(view.findings).map(tag));
    }
    for (const event of recentEvents(cache.list('events'), {
      now,
      maxAgeMinutes: thresholds.events.maxAgeMinutes,
      limit: thresholds.events.limit,
      type: 'Warning',
    })) {
      const io = event.involvedObject;
      const plural = INVOLVED_KINDS[io.kind];
      const involved = plural ? cache.get(plural, io.namespace, io.name) : undefined;
      warningEvents.push({ ...row, entityRef: involved ? entityRefOf(io.kind, involved) : undefined, item: event, at: event.lastTimestamp ?? '' });
    }
  });

  const truncated: NonNullable<PlatformHealthView['truncated']> = {};
  const cut = <T>(rows: T[], key: keyof typeof truncated): T[] => {
    if (rows.length > PLATFORM_ROWS) truncated[key] = rows.length;
    return rows.slice(0, PLATFORM_ROWS);
  };
  const levelRank = { critical: 0, warning: 1, unknown: 2, ok: 3 } as const;
  const sortedFindings = sortFindings(findings);
  return {
    level: worstLevel(sortedFindings.map(f => f.level)),
    findings: sortedFindings.slice(0, 100),
    clusters,
    nodes: nodes.sort((a, b) => levelRank[a.level] - levelRank[b.level] || a.cluster.localeCompare(b.cluster) || a.name.localeCompare(b.name)),
    nonRunningPods: cut(
      nonRunning.sort((a, b) => levelRank[a.item.level] - levelRank[b.item.level] || `${a.cluster}/${a.item.namespace}/${a.item.name}`.localeCompare(`${b.cluster}/${b.item.namespace}/${b.item.name}`)),
      'nonRunningPods',
    ),
    applications: applications.sort((a, b) => levelRank[a.item.level] - levelRank[b.item.level] || a.item.name.localeCompare(b.item.name)),
    certificates: cut(
      certificates.sort((a, b) => (a.item.notAfter ?? '9999').localeCompare(b.item.notAfter ?? '9999') || a.item.name.localeCompare(b.item.name)),
      'certificates',
    ),
    pvcs: cut(
      pvcs.sort((a, b) => (b.item.usedRatio ?? -1) - (a.item.usedRatio ?? -1) || `${a.item.namespace}/${a.item.name}`.localeCompare(`${b.item.namespace}/${b.item.name}`)),
      'pvcs',
    ),
    databases: databases.sort((a, b) => levelRank[a.item.level] - levelRank[b.item.level] || a.item.name.localeCompare(b.item.name)),
    warningEvents: cut(
      warningEvents.sort((a, b) => b.at.localeCompare(a.at)).map(({ at: _at, ...r }) => r),
      'warningEvents',
    ),
    errors: clusters.filter(c => c.error).map(c => c.error!),
    truncated: Object.keys(truncated).length ? truncated : undefined,
  };
}
