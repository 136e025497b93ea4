import type { ClusterOpsView, OpsTarget } from '@gsv/plugin-gsv-ops-common';
import type { EntityTargets } from '../../../domain/selectors';
import type { ClusterCache } from '../../WatchCache/ClusterCache';
import type { TargetBase } from './types';

/**
 * The entity's deployments (and its worker deployment, wherever it is) with what the runbook forms need: replicas,
 * containers and their resources, the HPA, and the revisions to roll back to.
 */
export function deploymentTargets(base: TargetBase, view: ClusterOpsView, cache: ClusterCache, targets: EntityTargets): OpsTarget[] {
  const rows = view.deployments.filter(d => d.kind === 'Deployment').map(d => ({ namespace: d.namespace, name: d.name }));
  const worker = targets.workerDeployment;
  if (worker) {
    const found = worker.namespace
      ? cache.get('deployments', worker.namespace, worker.name)
      : cache.list('deployments').find(d => d.metadata.name === worker.name);
    if (found && !rows.some(r => r.namespace === found.metadata.namespace && r.name === found.metadata.name)) {
      rows.push({ namespace: found.metadata.namespace ?? '', name: found.metadata.name });
    }
  }
  return rows.flatMap(({ namespace, name }) => {
    const object = cache.get('deployments', namespace, name);
    if (!object) return [];
    const status = object.status ?? {};
    const desired = object.spec?.replicas ?? 1;
    const containers = ((object.spec?.template?.spec?.containers ?? []) as any[]).map(c => ({
      name: c.name,
      image: c.image,
      resources: c.resources ?? {},
    }));
    const hpa = cache
      .list('horizontalpodautoscalers', namespace)
      .find(h => h.spec?.scaleTargetRef?.kind === 'Deployment' && h.spec?.scaleTargetRef?.name === name);
    const revisions = cache
      .byIndex('replicasets', 'owner', object.metadata.uid ?? '')
      .map(rs => ({
        name: rs.metadata.name,
        revision: rs.metadata.annotations?.['deployment.kubernetes.io/revision'],
        replicas: rs.status?.replicas ?? 0,
        images: ((rs.spec?.template?.spec?.containers ?? []) as any[]).map(c => c.image),
        createdAt: rs.metadata.creationTimestamp,
      }))
      .sort((a, b) => Number(b.revision ?? 0) - Number(a.revision ?? 0));
    const tag = containers[0]?.image?.split('@')[0].split(':').slice(1).pop();
    return [
      {
        ...base,
        kind: 'Deployment' as const,
        namespace,
        name,
        description: `${status.readyReplicas ?? 0}/${desired} ready${tag ? `, ${tag}` : ''}`,
        details: {
          replicas: desired,
          readyReplicas: status.readyReplicas ?? 0,
          availableReplicas: status.availableReplicas ?? 0,
          revision: object.metadata.annotations?.['deployment.kubernetes.io/revision'],
          paused: object.spec?.paused === true,
          strategy: object.spec?.strategy,
          containers,
          hpa: hpa
            ? { name: hpa.metadata.name, minReplicas: hpa.spec?.minReplicas ?? 1, maxReplicas: hpa.spec?.maxReplicas }
            : undefined,
          revisions,
          worker: targets.workerDeployment?.name === name,
        },
      },
    ];
  });
}

/** The HPAs that scale the entity's deployments, with their bounds and what they want now. */
export function autoscalerTargets(base: TargetBase, view: ClusterOpsView): OpsTarget[] {
  return view.deployments.flatMap(d => {
    const hpa = d.kind === 'Deployment' ? d.hpa : undefined;
    if (!hpa) return [];
    const paused = hpa.minReplicas === hpa.maxReplicas;
    const bounds = paused ? `paused at ${hpa.minReplicas}` : `min ${hpa.minReplicas}, max ${hpa.maxReplicas}`;
    return [
      {
        ...base,
        kind: 'HorizontalPodAutoscaler' as const,
        namespace: hpa.namespace,
        name: hpa.name,
        description: `${bounds}, ${hpa.currentReplicas} replicas now, scales ${d.name}`,
        details: {
          minReplicas: hpa.minReplicas,
          maxReplicas: hpa.maxReplicas,
          paused,
          currentReplicas: hpa.currentReplicas,
          desiredReplicas: hpa.desiredReplicas,
          scaleTarget: hpa.target,
        },
      },
    ];
  });
}
