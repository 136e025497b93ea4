import type { ClusterOpsView, ClusterStatus } from '@gsv/plugin-gsv-ops-common';

/**
 * The age of a cluster's data, computed on the client from `lastHeardAt` (a 304 keeps an old body whose
 * `ageSeconds` was true only when it was generated).
 */
export function dataAgeSeconds(
  cluster: ClusterStatus,
  now: number,
): number | undefined {
  if (cluster.lastHeardAt) {
    const heard = Date.parse(cluster.lastHeardAt);
    if (!Number.isNaN(heard)) return Math.max(0, (now - heard) / 1000);
  }
  return cluster.ageSeconds;
}

/** Whether a cluster's view holds any object of the entity. */
export function hasObjects(view: ClusterOpsView): boolean {
  return (
    view.deployments.length +
      view.otherPods.length +
      view.jobs.length +
      view.certificates.length +
      view.databases.length +
      view.applications.length +
      view.externalSecrets.length +
      view.pvcs.length >
    0
  );
}
