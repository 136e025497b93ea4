import { formatCpu, formatMemory, parseQuantity, rfc3339 } from '../api/format';
import { seededRandom } from '../api/names';
import type { KubeObject, StoredObject } from '../api/types';
import type { ObjectStore } from '../store/ObjectStore';
import type { SimulationState } from './SimulationState';
import { workloadKey, workloadOf } from './workloads';

/**
 * Simulated CPU and memory use of pods and nodes: the source of metrics.k8s.io (`kubectl top`), the HPA's
 * utilisation and the kubelet summary. CPU follows the offered load of the pod's workload spread over its ready
 * pods; memory sits at the workload's known working set, or else at a stable share of the request. Values wobble per simulated minute, deterministically.
 */

export interface ContainerUsage {
  name: string;
  cpuCores: number;
  memoryBytes: number;
}

const DEFAULT_CPU_REQUEST = 0.1;
const DEFAULT_MEMORY_REQUEST = 128 * 2 ** 20;

export class ResourceUsageModel {
  constructor(
    private readonly store: ObjectStore,
    private readonly simulation: SimulationState,
  ) {}

  /** Whether the pod runs (has started containers) and therefore reports usage. */
  static isRunning(pod: KubeObject): boolean {
    return pod.status?.phase === 'Running' && !pod.metadata.deletionTimestamp;
  }

  /** CPU utilisation (fraction of the CPU request) of a workload's ready pods at its current size. */
  utilisation(namespace: string, workload: string, readyPods: number): number | undefined {
    const load = this.simulation.load.get(`${namespace}/${workload}`);
    if (load === undefined || readyPods <= 0) return undefined;
    return Math.min(3, load / readyPods);
  }

  podUsage(pod: KubeObject, now: number): ContainerUsage[] {
    if (!ResourceUsageModel.isRunning(pod)) return [];
    const containers: Array<{ name: string; resources?: { requests?: Record<string, string> } }> = pod.spec?.containers ?? [];
    const ref = workloadOf(this.store, pod);
    const readyPods = this.readyPodsOf(pod, ref.kind);
    const utilisation = this.utilisation(ref.namespace, ref.name, readyPods) ?? 0.2 + 0.15 * seededRandom(workloadKey(ref));
    const minute = Math.floor(now / 60_000);
    const workingSet = this.simulation.memoryWorkingSet.get(workloadKey(ref));
    return containers.map(container => {
      const cpuRequest = parseQuantity(container.resources?.requests?.cpu) ?? DEFAULT_CPU_REQUEST;
      const memoryRequest = parseQuantity(container.resources?.requests?.memory) ?? DEFAULT_MEMORY_REQUEST;
      const wobble = 0.9 + 0.2 * seededRandom(`${pod.metadata.name}/${container.name}/${minute}`);
      const memoryShare = 0.55 + 0.2 * seededRandom(`${pod.metadata.uid}/${container.name}/memory`);
      return {
        name: container.name,
        cpuCores: Math.max(0.001, cpuRequest * utilisation * wobble),
        memoryBytes: Math.round((workingSet ?? memoryRequest * memoryShare) * (0.98 + 0.04 * seededRandom(`${pod.metadata.name}/${minute}/m`))),
      };
    });
  }

  /** metrics.k8s.io/v1beta1 PodMetrics of running pods. */
  podMetrics(namespace: string | undefined, now: number): KubeObject[] {
    const timestamp = rfc3339(Math.floor(now / 15_000) * 15_000);
    return this.store
      .list('/pods', namespace)
      .filter(ResourceUsageModel.isRunning)
      .map(pod => ({
        kind: 'PodMetrics',
        apiVersion: 'metrics.k8s.io/v1beta1',
        metadata: {
          name: pod.metadata.name,
          namespace: pod.metadata.namespace,
          creationTimestamp: rfc3339(now),
          labels: pod.metadata.labels,
        },
        timestamp,
        window: '15.029s',
        containers: this.podUsage(pod, now).map(usage => ({
          name: usage.name,
          usage: { cpu: formatCpu(usage.cpuCores), memory: formatMemory(usage.memoryBytes) },
        })),
      }));
  }

  /** Usage of a node: its pods plus system overhead. */
  nodeUsage(node: StoredObject, now: number): { cpuCores: number; memoryBytes: number } {
    let cpuCores = 0.15 + 0.05 * seededRandom(`${node.metadata.name}/${Math.floor(now / 60_000)}`);
    let memoryBytes = 1.1 * 2 ** 30;
    for (const pod of this.store.list('/pods')) {
      if (pod.spec?.nodeName !== node.metadata.name) continue;
      for (const usage of this.podUsage(pod, now)) {
        cpuCores += usage.cpuCores;
        memoryBytes += usage.memoryBytes;
      }
    }
    return { cpuCores, memoryBytes };
  }

  nodeMetrics(now: number): KubeObject[] {
    const timestamp = rfc3339(Math.floor(now / 15_000) * 15_000);
    return this.store.list('/nodes').map(node => {
      const usage = this.nodeUsage(node, now);
      return {
        kind: 'NodeMetrics',
        apiVersion: 'metrics.k8s.io/v1beta1',
        metadata: { name: node.metadata.name, creationTimestamp: rfc3339(now), labels: node.metadata.labels },
        timestamp,
        window: '20.042s',
        usage: { cpu: formatCpu(usage.cpuCores), memory: formatMemory(usage.memoryBytes) },
      };
    });
  }

  private readyPodsOf(pod: KubeObject, kind: string): number {
    if (kind === 'Pod') return 1;
    const owner = (pod.metadata.ownerReferences ?? []).find(reference => reference.controller);
    if (!owner) return 1;
    let ready = 0;
    for (const dependent of this.store.dependentsOf(owner.uid)) {
      if (dependent.collection !== '/pods') continue;
      const sibling = this.store.get('/pods', dependent.namespace, dependent.name);
      if (sibling && isReady(sibling)) ready++;
    }
    if (kind === 'Deployment') {
      // Sibling ReplicaSets of a rollout share the load: count the deployment's ready pods.
      const rs = this.store.get('apps/replicasets', pod.metadata.namespace ?? '', owner.name);
      const deploymentUid = (rs?.metadata.ownerReferences ?? []).find(reference => reference.controller)?.uid;
      if (deploymentUid) {
        ready = 0;
        for (const rsRef of this.store.dependentsOf(deploymentUid)) {
          const set = this.store.get(rsRef.collection, rsRef.namespace, rsRef.name);
          if (set) ready += set.status?.readyReplicas ?? 0;
        }
      }
    }
    return Math.max(1, ready);
  }
}

export function isReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some((condition: { type: string; status: string }) => condition.type === 'Ready' && condition.status === 'True');
}
