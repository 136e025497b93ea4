import { reportOf } from '../../domain/vulnerabilityReports';
import type { KubeObject } from '../ClusterRegistry/types';
import { trimObject } from './Informer';
import type { WatchedKind } from './kinds';

/** The most CVEs per report the Security card may list (gsvOps.security.topCves is capped at this). */
export const MAX_KEPT_VULNERABILITIES = 50;

const SEVERITY_RANK: Record<string, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };

/** The `limit` most severe vulnerabilities: by severity, then CVSS score. */
export function mostSevere<T extends { severity?: string; score?: number }>(list: T[], limit: number): T[] {
  const rank = (v: T) => SEVERITY_RANK[v.severity ?? ''] ?? 4;
  return [...list].sort((a, b) => rank(a) - rank(b) || (b.score ?? 0) - (a.score ?? 0)).slice(0, limit);
}

function metadataOf(object: KubeObject, withAnnotations: boolean): KubeObject['metadata'] {
  const m = object.metadata;
  return {
    name: m.name,
    namespace: m.namespace,
    uid: m.uid,
    resourceVersion: m.resourceVersion,
    generation: m.generation,
    creationTimestamp: m.creationTimestamp,
    deletionTimestamp: m.deletionTimestamp,
    labels: m.labels,
    annotations: withAnnotations ? m.annotations : undefined,
    ownerReferences: m.ownerReferences?.map(o => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, uid: o.uid, controller: o.controller })),
  };
}

function containerStatus(c: any) {
  return {
    name: c.name,
    image: c.image,
    ready: c.ready,
    restartCount: c.restartCount,
    state: c.state,
    lastState: c.lastState?.terminated ? { terminated: c.lastState.terminated } : undefined,
  };
}

/**
 * What the cache keeps of the most numerous kinds: the fields the views read, nothing else (client-go's
 * `SetTransform`). Pods are most of a big cluster's objects; dropping their env, probes, mounts, tolerations and
 * annotations roughly halves the cache and the garbage collector's work. Everything else is kept whole (minus
 * managedFields). Writers (the operations engine) read objects from the cluster, never from here.
 */
export const TRANSFORMS: Partial<Record<WatchedKind, (object: KubeObject) => KubeObject>> = {
  pods: pod => {
    const spec = pod.spec ?? {};
    const status = pod.status ?? {};
    return trimObject({
      apiVersion: pod.apiVersion,
      kind: pod.kind,
      metadata: metadataOf(pod, false),
      spec: {
        nodeName: spec.nodeName,
        serviceAccountName: spec.serviceAccountName,
        containers: (spec.containers ?? []).map((c: any) => ({ name: c.name, image: c.image, resources: c.resources })),
        initContainers: (spec.initContainers ?? []).map((c: any) => ({ name: c.name, image: c.image })),
        volumes: (spec.volumes ?? [])
          .filter((v: any) => v.persistentVolumeClaim)
          .map((v: any) => ({ name: v.name, persistentVolumeClaim: { claimName: v.persistentVolumeClaim.claimName } })),
      },
      status: {
        phase: status.phase,
        reason: status.reason,
        message: status.message,
        startTime: status.startTime,
        conditions: (status.conditions ?? []).map((c: any) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message })),
        containerStatuses: status.containerStatuses?.map(containerStatus),
        initContainerStatuses: status.initContainerStatuses?.map(containerStatus),
      },
    });
  },
  replicasets: rs =>
    trimObject({
      apiVersion: rs.apiVersion,
      kind: rs.kind,
      metadata: metadataOf(rs, true),
      spec: {
        replicas: rs.spec?.replicas,
        template: { spec: { containers: (rs.spec?.template?.spec?.containers ?? []).map((c: any) => ({ name: c.name, image: c.image })) } },
      },
      status: rs.status,
    }),
  // A report lists every vulnerable package (hundreds, with descriptions): the summary is exact, the list is cut to
  // the most severe, which is all the Security card shows.
  vulnerabilityreports: report => {
    const r = reportOf(report);
    return trimObject({
      apiVersion: report.apiVersion,
      kind: report.kind,
      metadata: metadataOf(report, false),
      report: {
        updateTimestamp: r.updateTimestamp,
        scanner: r.scanner && { name: r.scanner.name, version: r.scanner.version },
        registry: r.registry,
        artifact: r.artifact,
        summary: r.summary,
        vulnerabilities: mostSevere(r.vulnerabilities ?? [], MAX_KEPT_VULNERABILITIES).map(v => ({
          vulnerabilityID: v.vulnerabilityID,
          resource: v.resource,
          installedVersion: v.installedVersion,
          fixedVersion: v.fixedVersion,
          severity: v.severity,
          score: v.score,
          title: v.title,
          primaryLink: v.primaryLink,
        })),
      },
    });
  },
};
