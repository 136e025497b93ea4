import type {
  CompletedJobsSummary,
  UnusedPvc,
} from '@gsv/plugin-gsv-ops-common';
import { jobView } from '../domain/deployments';
import { parseQuantity } from '../domain/quantities';
import type { ClusterCache } from '../services/WatchCache/ClusterCache';
import { INDEX } from '../services/WatchCache/indexers';

/** Jobs that finished longer ago than this are what the cleanup link offers to delete (the runbook's default). */
export const CLEANUP_AFTER_HOURS = 24;

const running = (pod: { status?: { phase?: string } }) =>
  pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';

/**
 * Bound PVCs of the namespaces that no running or pending pod mounts (as Kubernetes' pvc-protection counts use),
 * largest first. Read from the watch cache's claim index.
 */
export function unusedPvcs(
  cache: ClusterCache,
  namespaces: Iterable<string>,
): UnusedPvc[] {
  const result: UnusedPvc[] = [];
  for (const namespace of namespaces) {
    for (const pvc of cache.list('persistentvolumeclaims', namespace)) {
      if (pvc.status?.phase !== 'Bound') continue;
      const mountedBy = cache
        .byIndex('pods', INDEX.claim, `${namespace}/${pvc.metadata.name}`)
        .filter(running);
      if (mountedBy.length > 0) continue;
      const capacityBytes = parseQuantity(
        pvc.status?.capacity?.storage ?? pvc.spec?.resources?.requests?.storage,
      );
      result.push({
        namespace,
        name: pvc.metadata.name,
        ...(capacityBytes !== undefined ? { capacityBytes } : {}),
        ...(pvc.spec?.storageClassName
          ? { storageClass: pvc.spec.storageClassName }
          : {}),
        ...(pvc.metadata.creationTimestamp
          ? { createdAt: pvc.metadata.creationTimestamp }
          : {}),
      });
    }
  }
  return result.sort((a, b) => (b.capacityBytes ?? 0) - (a.capacityBytes ?? 0));
}

/** Finished Jobs per namespace (namespaces without any are left out), with the cleanup runbook prefilled. */
export function completedJobs(
  cache: ClusterCache,
  namespaces: Iterable<string>,
): CompletedJobsSummary[] {
  const result: CompletedJobsSummary[] = [];
  for (const namespace of namespaces) {
    const summary: CompletedJobsSummary = {
      namespace,
      succeeded: 0,
      failed: 0,
      ownedByCronJobs: 0,
      action: {
        runbook: 'workload-cleanup',
        target: { kind: 'Namespace', name: namespace },
        parameters: {
          namespace,
          completedJobsOlderThanHours: CLEANUP_AFTER_HOURS,
        },
      },
    };
    for (const job of cache.list('jobs', namespace)) {
      const view = jobView(job);
      if (view.status === 'Running') continue;
      if (view.status === 'Complete') summary.succeeded++;
      else summary.failed++;
      if (view.owner?.kind === 'CronJob') summary.ownedByCronJobs++;
      const finishedAt = view.completionTime ?? failedAt(job);
      if (
        finishedAt &&
        (!summary.oldestFinishedAt || finishedAt < summary.oldestFinishedAt)
      )
        summary.oldestFinishedAt = finishedAt;
    }
    if (summary.succeeded + summary.failed > 0) result.push(summary);
  }
  return result;
}

function failedAt(job: {
  status?: { conditions?: { type: string; lastTransitionTime?: string }[] };
}): string | undefined {
  return job.status?.conditions?.find(c => c.type === 'Failed')
    ?.lastTransitionTime;
}
