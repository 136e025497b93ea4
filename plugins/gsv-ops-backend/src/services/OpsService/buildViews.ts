import type {
  ApplicationView,
  CertificateView,
  ClusterError,
  ClusterStatus,
  DatabaseView,
  Finding,
  NodeView,
  PlatformHealthView,
  PlatformRow,
  PodView,
  PvcView,
  EventView,
} from '@gsv/plugin-gsv-ops-common';
import { DateTime } from 'luxon';
import type { KubeObject } from '../ClusterRegistry/types';
import type { ClusterCache } from '../WatchCache/ClusterCache';
import { INDEX } from '../WatchCache/indexers';
import { SECURITY_KINDS, type WatchedKind } from '../WatchCache/kinds';
import type { PvcUsageCollector } from '../PvcUsage/PvcUsageCollector';
import { applicationView } from '../../domain/applications';
import { certificateView } from '../../domain/certificates';
import { databaseView } from '../../domain/databases';
import { recentEvents } from '../../domain/events';
import { finding, notableFindings, sortFindings, worstLevel } from '../../domain/levels';
import { nodeView } from '../../domain/nodes';
import { podStatusReason, summarizePod } from '../../domain/pods';
import { pvcView } from '../../domain/pvcs';
import type { EntityTargets } from '../../domain/selectors';
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
  // The Security card says itself what it cannot read (no trivy-operator, RBAC objects refused); the Ops views do not
  // depend on those kinds, so they do not warn about them.
  const degradedKinds = s.degradedKinds.filter(k => !SECURITY_KINDS.has(k.kind));
  const absentKinds = s.absentKinds.filter(k => !SECURITY_KINDS.has(k));
  const lastHeardAt = s.lastHeardAt !== undefined ? DateTime.fromMillis(s.lastHeardAt, { zone: 'utc' }) : undefined;
  return {
    name: cache.name,
    title: cache.cluster.title,
    environment: cache.cluster.environment,
    synced: s.synced,
    lastHeardAt: lastHeardAt ? isoString(lastHeardAt) : undefined,
    ageSeconds: lastHeardAt ? Math.max(0, Math.round(now.diff(lastHeardAt).as('seconds'))) : undefined,
    error: s.error ? clusterError(cache.name, s.error) : undefined,
    degradedKinds: degradedKinds.length ? degradedKinds : undefined,
    absentKinds: absentKinds.length ? absentKinds : undefined,
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
