import type { PromotionConfig } from '../../promotion/promotionConfig';
import type { ClusterError, ClusterStatus, Finding } from '@gsv/plugin-gsv-ops-common';
import { DateTime } from 'luxon';
import type { ClusterCache } from '../WatchCache/ClusterCache';
import { ALERTING_KINDS, SECURITY_KINDS, type WatchedKind } from '../WatchCache/kinds';
import type { PvcUsageCollector } from '../PvcUsage/PvcUsageCollector';
import { finding } from '../../domain/levels';
import type { EntityTargets } from '../../domain/selectors';
import type { OpsThresholds } from '../../domain/thresholds';
import { isoString } from '../../domain/time';

export interface ViewContext {
  cache: ClusterCache;
  usage?: PvcUsageCollector;
  now: DateTime;
  thresholds: OpsThresholds;
  /** gsvOps.promotion.environments: which applications can be promoted into. */
  promotionEnvironments?: PromotionConfig['environments'];
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
  'poolers',
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
  // The Security and alert rules cards say themselves what they cannot read (no trivy-operator or prometheus-operator,
  // RBAC objects refused); the Ops views do not depend on those kinds, so they do not warn about them.
  const ownCard = (kind: WatchedKind) => SECURITY_KINDS.has(kind) || ALERTING_KINDS.has(kind);
  const degradedKinds = s.degradedKinds.filter(k => !ownCard(k.kind));
  const absentKinds = s.absentKinds.filter(k => !ownCard(k));
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
