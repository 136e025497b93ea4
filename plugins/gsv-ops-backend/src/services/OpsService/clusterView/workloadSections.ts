import type { DeploymentView, JobView } from '@gsv/plugin-gsv-ops-common';
import type { KubeObject } from '../../ClusterRegistry/types';
import { INDEX } from '../../WatchCache/indexers';
import type { WatchedKind } from '../../WatchCache/kinds';
import { deploymentView, jobView } from '../../../domain/deployments';
import { summarizePod } from '../../../domain/pods';
import { uniq, type ViewCollector } from './ViewCollector';

export const WORKLOAD_KINDS: Array<[WatchedKind, DeploymentView['kind']]> = [
  ['deployments', 'Deployment'],
  ['statefulsets', 'StatefulSet'],
  ['daemonsets', 'DaemonSet'],
];

/** Workloads with their pods (Deployment → ReplicaSets → Pods by owner uid) and HPAs. */
export function workloadsSection(c: ViewCollector): DeploymentView[] {
  const { cache, now, thresholds } = c.ctx;
  const hpas = cache.list('horizontalpodautoscalers', c.targets.namespace);
  const views: DeploymentView[] = [];
  for (const [kind, label] of WORKLOAD_KINDS) {
    for (const workload of c.selected(kind)) {
      const uid = workload.metadata.uid ?? '';
      let pods: KubeObject[];
      if (label === 'Deployment') {
        const replicaSets = cache.byIndex('replicasets', INDEX.owner, uid);
        pods = replicaSets.flatMap(rs => cache.byIndex('pods', INDEX.owner, rs.metadata.uid ?? ''));
        for (const rs of replicaSets) c.event('ReplicaSet', rs.metadata.namespace, rs.metadata.name);
      } else {
        pods = cache.byIndex('pods', INDEX.owner, uid);
      }
      c.notePods(pods);
      const hpa = hpas.find(
        h =>
          h.metadata.namespace === workload.metadata.namespace &&
          h.spec?.scaleTargetRef?.name === workload.metadata.name &&
          (h.spec?.scaleTargetRef?.kind ?? 'Deployment') === label,
      );
      if (hpa) c.event('HorizontalPodAutoscaler', hpa.metadata.namespace, hpa.metadata.name);
      c.event(label, workload.metadata.namespace, workload.metadata.name);
      views.push(deploymentView({ workload, kind: label, pods, hpa, now, thresholds }));
    }
  }
  return views;
}

/** Other pods of the entity (jobs, database instances, bare pods), after the workloads took theirs. */
export function otherPodsSection(c: ViewCollector) {
  const pods = c.selected('pods').filter(p => !c.isShown(p));
  c.notePods(pods);
  return pods.map(p => summarizePod(p, { now: c.ctx.now, thresholds: c.ctx.thresholds })).sort((a, b) => a.view.name.localeCompare(b.view.name));
}

/** Jobs: selected, and those of selected CronJobs. */
export function jobsSection(c: ViewCollector): JobView[] {
  const objects = uniq([
    ...c.selected('jobs'),
    ...c.selected('cronjobs').flatMap(cj => c.cache.byIndex('jobs', INDEX.owner, cj.metadata.uid ?? '')),
  ]);
  for (const j of objects) c.event('Job', j.metadata.namespace, j.metadata.name);
  return objects.map(jobView);
}
