import type {
  ApplicationView,
  CertificateView,
  ClusterStatus,
  DatabaseView,
  EventView,
  Finding,
  NodeView,
  PlatformHealthView,
  PlatformRow,
  PodView,
  PvcView,
} from '@gsv/plugin-gsv-ops-common';
import type { KubeObject } from '../ClusterRegistry/types';
import type { ClusterCache } from '../WatchCache/ClusterCache';
import { INDEX } from '../WatchCache/indexers';
import type { WatchedKind } from '../WatchCache/kinds';
import { applicationView } from '../../domain/applications';
import { certificateView } from '../../domain/certificates';
import { recentEvents } from '../../domain/events';
import { notableFindings, sortFindings, worstLevel } from '../../domain/levels';
import { nodeView } from '../../domain/nodes';
import { podStatusReason, summarizePod } from '../../domain/pods';
import { pvcView } from '../../domain/pvcs';
import {
  databaseObjects,
  databaseViewOf,
} from './clusterView/resourceSections';
import {
  clusterFindings,
  clusterStatusOf,
  type ViewContext,
} from './buildViews';

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

export type PlatformContext = Omit<ViewContext, 'cache'> & {
  /** Links a row's object to its catalog entity, when one is known (see EntityIndex). */
  entityRefOf?: (object: {
    kind: string;
    namespace?: string;
    name: string;
    labels?: Record<string, string>;
  }) => string | undefined;
};

/** One cluster's rows and object findings of the platform view: what depends on its cache (and the time) only. */
export interface PlatformPart {
  findings: Finding[];
  nodes: NodeView[];
  nonRunningPods: Array<PlatformRow<PodView>>;
  applications: Array<PlatformRow<ApplicationView>>;
  certificates: Array<PlatformRow<CertificateView>>;
  pvcs: Array<PlatformRow<PvcView>>;
  databases: Array<PlatformRow<DatabaseView>>;
  warningEvents: Array<PlatformRow<EventView> & { at: string }>;
}

export function emptyPlatformPart(): PlatformPart {
  return {
    findings: [],
    nodes: [],
    nonRunningPods: [],
    applications: [],
    certificates: [],
    pvcs: [],
    databases: [],
    warningEvents: [],
  };
}

/** The ops guide's morning health check (§1.1) over one cluster, from its cache only. */
export function buildPlatformPart(
  cache: ClusterCache,
  ctx: PlatformContext,
): PlatformPart {
  const { now, thresholds } = ctx;
  const part = emptyPlatformPart();
  const row = { cluster: cache.name, environment: cache.cluster.environment };
  const entityRefOf = (kind: string, o: KubeObject) =>
    ctx.entityRefOf?.({
      kind,
      namespace: o.metadata.namespace,
      name: o.metadata.name,
      labels: o.metadata.labels,
    });
  const note = (findings: Finding[]) =>
    part.findings.push(
      ...notableFindings(findings).map(f => ({ ...f, cluster: cache.name })),
    );

  for (const node of cache.list('nodes')) {
    const n = nodeView(
      node,
      cache.name,
      ctx.usage?.node(cache.name, node.metadata.name),
    );
    part.nodes.push(n.view);
    note(n.findings);
  }
  for (const pod of cache.list('pods')) {
    const reason = podStatusReason(pod);
    if (reason === 'Running' || reason === 'Completed') continue;
    const summary = summarizePod(pod, { now, thresholds });
    part.nonRunningPods.push({
      ...row,
      entityRef: entityRefOf('Pod', pod),
      item: summary.view,
    });
    note(summary.findings.filter(f => f.level === 'critical'));
  }
  for (const app of cache.list('applications')) {
    const view = applicationView(app);
    part.applications.push({
      ...row,
      entityRef: entityRefOf('Application', app),
      item: view,
    });
    note(view.findings);
  }
  for (const cert of cache.list('certificates')) {
    const view = certificateView(cert, {
      now,
      thresholds,
      requests: cache.list('certificaterequests', cert.metadata.namespace),
    });
    part.certificates.push({
      ...row,
      entityRef: entityRefOf('Certificate', cert),
      item: view,
    });
    note(view.findings);
  }
  for (const pvc of cache.list('persistentvolumeclaims')) {
    const key = `${pvc.metadata.namespace}/${pvc.metadata.name}`;
    const view = pvcView(pvc, {
      thresholds,
      usage: ctx.usage?.volume(
        cache.name,
        pvc.metadata.namespace ?? '',
        pvc.metadata.name,
      ),
      usedByPods: cache
        .byIndex('pods', INDEX.claim, key)
        .map(p => p.metadata.name),
    });
    part.pvcs.push({
      ...row,
      entityRef: entityRefOf('PersistentVolumeClaim', pvc),
      item: view,
    });
    note(view.findings);
  }
  for (const db of cache.list('cnpgclusters')) {
    const view = databaseViewOf(db, databaseObjects(cache, db), cache, {
      now,
      thresholds,
    });
    part.databases.push({
      ...row,
      entityRef: entityRefOf('Cluster', db),
      item: view,
    });
    note(view.findings);
  }
  const warnings = recentEvents(cache.list('events'), {
    now,
    maxAgeMinutes: thresholds.events.maxAgeMinutes,
    limit: thresholds.events.limit,
    type: 'Warning',
  });
  for (const event of warnings) {
    const io = event.involvedObject;
    const plural = INVOLVED_KINDS[io.kind];
    const involved = plural
      ? cache.get(plural, io.namespace, io.name)
      : undefined;
    part.warningEvents.push({
      ...row,
      entityRef: involved ? entityRefOf(io.kind, involved) : undefined,
      item: event,
      at: event.lastTimestamp ?? '',
    });
  }
  return part;
}

const levelRank = { critical: 0, warning: 1, unknown: 2, ok: 3 } as const;

/** The platform view from each cluster's status and part (in the order of the clusters): merged, sorted, cut. */
export function mergePlatformParts(
  clusters: ClusterStatus[],
  parts: PlatformPart[],
): Omit<PlatformHealthView, 'etag' | 'generatedAt'> {
  const all = <K extends keyof PlatformPart>(key: K) =>
    parts.flatMap(p => p[key] as PlatformPart[K][number][]) as PlatformPart[K];
  const findings = clusters.flatMap((status, i) => [
    ...clusterFindings(status).map(f => ({ ...f, cluster: status.name })),
    ...parts[i].findings,
  ]);
  const truncated: NonNullable<PlatformHealthView['truncated']> = {};
  const cut = <T>(rows: T[], key: keyof typeof truncated): T[] => {
    if (rows.length > PLATFORM_ROWS) truncated[key] = rows.length;
    return rows.slice(0, PLATFORM_ROWS);
  };
  const sortedFindings = sortFindings(findings);
  return {
    level: worstLevel(sortedFindings.map(f => f.level)),
    findings: sortedFindings.slice(0, 100),
    clusters,
    nodes: all('nodes').sort(
      (a, b) =>
        levelRank[a.level] - levelRank[b.level] ||
        a.cluster.localeCompare(b.cluster) ||
        a.name.localeCompare(b.name),
    ),
    nonRunningPods: cut(
      all('nonRunningPods').sort(
        (a, b) =>
          levelRank[a.item.level] - levelRank[b.item.level] ||
          `${a.cluster}/${a.item.namespace}/${a.item.name}`.localeCompare(
            `${b.cluster}/${b.item.namespace}/${b.item.name}`,
          ),
      ),
      'nonRunningPods',
    ),
    applications: all('applications').sort(
      (a, b) =>
        levelRank[a.item.level] - levelRank[b.item.level] ||
        a.item.name.localeCompare(b.item.name),
    ),
    certificates: cut(
      all('certificates').sort(
        (a, b) =>
          (a.item.notAfter ?? '9999').localeCompare(
            b.item.notAfter ?? '9999',
          ) || a.item.name.localeCompare(b.item.name),
      ),
      'certificates',
    ),
    pvcs: cut(
      all('pvcs').sort(
        (a, b) =>
          (b.item.usedRatio ?? -1) - (a.item.usedRatio ?? -1) ||
          `${a.item.namespace}/${a.item.name}`.localeCompare(
            `${b.item.namespace}/${b.item.name}`,
          ),
      ),
      'pvcs',
    ),
    databases: all('databases').sort(
      (a, b) =>
        levelRank[a.item.level] - levelRank[b.item.level] ||
        a.item.name.localeCompare(b.item.name),
    ),
    warningEvents: cut(
      all('warningEvents')
        .sort((a, b) => b.at.localeCompare(a.at))
        .map(({ at: _at, ...r }) => r),
      'warningEvents',
    ),
    errors: clusters.filter(c => c.error).map(c => c.error!),
    truncated: Object.keys(truncated).length ? truncated : undefined,
  };
}

/**
 * The ops guide's morning health check (§1.1) over every cluster, from the cache only. `partOf` lets the caller
 * reuse the parts of clusters that did not change (see PlatformParts); by default every part is built.
 */
export function buildPlatformView(
  caches: ClusterCache[],
  ctx: PlatformContext,
  partOf: (cache: ClusterCache) => PlatformPart = cache =>
    buildPlatformPart(cache, ctx),
): Omit<PlatformHealthView, 'etag' | 'generatedAt'> {
  const clusters = caches.map(c => clusterStatusOf(c, ctx.now));
  return mergePlatformParts(clusters, caches.map(partOf));
}
