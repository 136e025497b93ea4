import { parseQuantity, rfc3339 } from '../api/format';
import { seededRandom } from '../api/names';
import type { KubeObject, StoredObject } from '../api/types';
import type { ObjectStore } from '../store/ObjectStore';
import { ResourceUsageModel } from './resourceUsage';
import type { SimulationState } from './SimulationState';

/**
 * The kubelet summary API (`/api/v1/nodes/<node>/proxy/stats/summary`, kubelet `stats/v1alpha1` Summary) for a
 * simulated node: node CPU/memory/filesystem and, per pod, containers and `volume[]` entries with `pvcRef`,
 * `usedBytes`, `capacityBytes`, `availableBytes` for PVC-backed volumes — what the backend reads PVC usage from.
 */

const GiB = 2 ** 30;

/** Bytes used by a PVC now: the simulation's value, or a stable 20–50% of its capacity. */
export function pvcUsedBytes(simulation: SimulationState, pvc: KubeObject, now: number): { used: number; capacity: number } {
  const capacity = parseQuantity(pvc.status?.capacity?.storage ?? pvc.spec?.resources?.requests?.storage) ?? 10 * GiB;
  const key = `${pvc.metadata.namespace}/${pvc.metadata.name}`;
  const simulated = simulation.volumeUsedBytes(key, now, capacity);
  const used = simulated ?? Math.round(capacity * (0.2 + 0.3 * seededRandom(key)));
  return { used, capacity };
}

export function kubeletSummary(
  store: ObjectStore,
  simulation: SimulationState,
  usageModel: ResourceUsageModel,
  node: StoredObject,
  now: number,
): Record<string, unknown> {
  const time = rfc3339(now);
  const nodeName = node.metadata.name;
  const nodeUsage = usageModel.nodeUsage(node, now);
  const memoryCapacity = parseQuantity(node.status?.capacity?.memory) ?? 16 * GiB;
  const fsCapacity = parseQuantity(node.status?.capacity?.['ephemeral-storage']) ?? 100 * GiB;
  const fsUsed = Math.round(fsCapacity * (0.3 + 0.2 * seededRandom(`${nodeName}/fs`)));
  const pods = store.list('/pods').filter(pod => pod.spec?.nodeName === nodeName && ResourceUsageModel.isRunning(pod));
  return {
    node: {
      nodeName,
      systemContainers: [
        { name: 'kubelet', startTime: node.metadata.creationTimestamp, cpu: { time, usageNanoCores: 25_000_000 }, memory: { time, workingSetBytes: 180 * 2 ** 20 } },
      ],
      startTime: node.metadata.creationTimestamp,
      cpu: { time, usageNanoCores: Math.round(nodeUsage.cpuCores * 1e9), usageCoreNanoSeconds: Math.round(nodeUsage.cpuCores * 1e9 * 86_400) },
      memory: {
        time,
        availableBytes: Math.max(0, memoryCapacity - nodeUsage.memoryBytes),
        usageBytes: nodeUsage.memoryBytes,
        workingSetBytes: nodeUsage.memoryBytes,
        rssBytes: Math.round(nodeUsage.memoryBytes * 0.8),
      },
      fs: { time, availableBytes: fsCapacity - fsUsed, capacityBytes: fsCapacity, usedBytes: fsUsed, inodesFree: 6_000_000, inodes: 6_553_600, inodesUsed: 553_600 },
      runtime: { imageFs: { time, availableBytes: fsCapacity - fsUsed, capacityBytes: fsCapacity, usedBytes: Math.round(fsUsed * 0.6) } },
      rlimit: { time, maxpid: 4_194_304, curproc: 400 + pods.length * 12 },
    },
    pods: pods.map(pod => podStats(store, simulation, usageModel, pod, now)),
  };
}

function podStats(
  store: ObjectStore,
  simulation: SimulationState,
  usageModel: ResourceUsageModel,
  pod: StoredObject,
  now: number,
): Record<string, unknown> {
  const time = rfc3339(now);
  const usage = usageModel.podUsage(pod, now);
  const cpu = usage.reduce((sum, container) => sum + container.cpuCores, 0);
  const memory = usage.reduce((sum, container) => sum + container.memoryBytes, 0);
  const namespace = pod.metadata.namespace ?? '';
  const volumes: Array<Record<string, unknown>> = [];
  for (const volume of (pod.spec?.volumes ?? []) as Array<{ name: string; persistentVolumeClaim?: { claimName: string } }>) {
    const claimName = volume.persistentVolumeClaim?.claimName;
    if (!claimName) continue;
    const pvc = store.get('/persistentvolumeclaims', namespace, claimName);
    if (!pvc) continue;
    const { used, capacity } = pvcUsedBytes(simulation, pvc, now);
    const inodes = Math.round(capacity / 16_384);
    const inodesUsed = Math.round(inodes * (used / capacity) * 0.3);
    volumes.push({
      time,
      availableBytes: capacity - used,
      capacityBytes: capacity,
      usedBytes: used,
      inodesFree: inodes - inodesUsed,
      inodes,
      inodesUsed,
      name: volume.name,
      pvcRef: { name: claimName, namespace },
    });
  }
  return {
    podRef: { name: pod.metadata.name, namespace, uid: pod.metadata.uid },
    startTime: pod.status?.startTime ?? pod.metadata.creationTimestamp,
    containers: usage.map(container => ({
      name: container.name,
      startTime: pod.status?.startTime ?? pod.metadata.creationTimestamp,
      cpu: { time, usageNanoCores: Math.round(container.cpuCores * 1e9) },
      memory: { time, workingSetBytes: container.memoryBytes, usageBytes: Math.round(container.memoryBytes * 1.1) },
    })),
    cpu: { time, usageNanoCores: Math.round(cpu * 1e9) },
    memory: { time, workingSetBytes: memory, usageBytes: Math.round(memory * 1.1) },
    volume: volumes,
    'ephemeral-storage': { time, availableBytes: 40 * GiB, capacityBytes: 100 * GiB, usedBytes: 24_576 },
  };
}
