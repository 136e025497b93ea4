import {
  GSV_OPS_ANNOTATIONS,
  type ClusterOpsView,
} from '@gsv/plugin-gsv-ops-common';
import { deploymentPodRegex, regexLiteral } from '../metrics/metricDefinitions';
import type { KubeObject } from '../services/ClusterRegistry/types';
import type { ClusterCache } from '../services/WatchCache/ClusterCache';
import type { WatchedKind } from '../services/WatchCache/kinds';

/** What the Security card needs of a workload: the images it runs, who it runs as, how its pods are named. */
export interface Workload {
  kind: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  serviceAccount: string;
  images: string[];
  /** A regular expression of its pods' names, for Prometheus' `pod` label (pods come and go within a day). */
  podPattern: string;
}

const CONTROLLER_KINDS: Partial<Record<string, WatchedKind>> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  CronJob: 'cronjobs',
};
/** Pods of these owners are covered by their controller's workload. */
const CONTROLLED_POD_OWNERS = new Set([
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
]);
const CNPG_CLUSTER_LABEL = 'cnpg.io/cluster';

function podSpecOf(kind: string, object: KubeObject): any {
  if (kind === 'CronJob') return object.spec?.jobTemplate?.spec?.template?.spec;
  if (kind === 'Pod') return object.spec;
  return object.spec?.template?.spec;
}

function podPatternOf(kind: string, name: string): string {
  const literal = regexLiteral(name);
  switch (kind) {
    case 'Deployment':
      return deploymentPodRegex([name]);
    case 'StatefulSet':
      return `${literal}-[0-9]+`;
    case 'DaemonSet':
      return `${literal}-[a-z0-9]{5}`;
    case 'CronJob':
      return `${literal}-[0-9]+-[a-z0-9]{5}`;
    default:
      return literal;
  }
}

function imagesOf(spec: any): string[] {
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]
    .map((c: { image?: string }) => c.image ?? '')
    .filter(Boolean);
}

/** A controller (Deployment, StatefulSet, DaemonSet, CronJob) as a workload. */
export function controllerWorkload(kind: string, object: KubeObject): Workload {
  const spec = podSpecOf(kind, object);
  const name = object.metadata.name ?? '';
  return {
    kind,
    namespace: object.metadata.namespace ?? '',
    name,
    labels: { ...object.metadata.labels },
    serviceAccount: spec?.serviceAccountName || 'default',
    images: [...new Set(imagesOf(spec))],
    podPattern: podPatternOf(kind, name),
  };
}

/**
 * Pods no controller workload covers (e.g. CloudNativePG instances, owned by their database Cluster), one workload per
 * owner (or per pod without one).
 */
export function podGroups(pods: KubeObject[]): Workload[] {
  const groups = new Map<
    string,
    { owner: { kind: string; name: string }; pods: KubeObject[] }
  >();
  for (const pod of pods) {
    const owner = pod.metadata.ownerReferences?.find(o => o.controller) ?? {
      kind: 'Pod',
      name: pod.metadata.name ?? '',
    };
    if (CONTROLLED_POD_OWNERS.has(owner.kind)) continue;
    const key = `${pod.metadata.namespace}/${owner.kind}/${owner.name}`;
    const group = groups.get(key) ?? {
      owner: { kind: owner.kind, name: owner.name },
      pods: [],
    };
    group.pods.push(pod);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ owner, pods: members }) => ({
    kind: owner.kind,
    namespace: members[0].metadata.namespace ?? '',
    name: owner.name,
    labels: { ...members[0].metadata.labels },
    serviceAccount: members[0].spec?.serviceAccountName || 'default',
    images: [...new Set(members.flatMap(pod => imagesOf(pod.spec)))],
    podPattern: members
      .map(pod => regexLiteral(pod.metadata.name ?? ''))
      .join('|'),
  }));
}

/** The workloads of an entity in one cluster: those its Ops view shows (database instances included), from the cache. */
export function entityWorkloads(
  view: ClusterOpsView,
  cache: ClusterCache,
): Workload[] {
  const controllers = view.deployments.flatMap(d => {
    const object = cache.get(CONTROLLER_KINDS[d.kind]!, d.namespace, d.name);
    return object ? [controllerWorkload(d.kind, object)] : [];
  });
  const podRefs = [
    ...view.otherPods,
    ...view.databases.flatMap(db =>
      db.instanceNames.map(name => ({ namespace: db.namespace, name })),
    ),
  ];
  const pods = [
    ...new Set(
      podRefs.flatMap(p => cache.get('pods', p.namespace, p.name) ?? []),
    ),
  ];
  return [...controllers, ...podGroups(pods)];
}

/** Every workload of a cluster, for the platform page. */
export function clusterWorkloads(cache: ClusterCache): Workload[] {
  const controllers = Object.entries(CONTROLLER_KINDS).flatMap(
    ([kind, cached]) =>
      cache.list(cached!).map(object => controllerWorkload(kind, object)),
  );
  return [...controllers, ...podGroups(cache.list('pods'))];
}

/** The service a workload belongs to on the platform page: its Backstage id, its database, or itself. */
export function serviceOf(workload: Workload): string {
  return (
    workload.labels[GSV_OPS_ANNOTATIONS.kubernetesId] ??
    workload.labels[CNPG_CLUSTER_LABEL] ??
    workload.name
  );
}

export function workloadRef(workload: Pick<Workload, 'kind' | 'name'>): string {
  return `${workload.kind}/${workload.name}`;
}
