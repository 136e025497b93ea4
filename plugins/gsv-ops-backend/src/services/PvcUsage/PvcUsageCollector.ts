import type { LoggerService } from '@backstage/backend-plugin-api';
import { isKubernetesApiError } from '../ClusterRegistry/types';
import type { VolumeUsage } from '../../domain/pvcs';
import type { NodeUsage } from '../../domain/nodes';
import type { ClusterCache } from '../WatchCache/ClusterCache';
import type { WatchCache } from '../WatchCache/WatchCache';

/** The part of the kubelet's `/stats/summary` we read (k8s.io/kubelet/pkg/apis/stats/v1alpha1). */
interface Summary {
  node?: { nodeName?: string; cpu?: { usageNanoCores?: number }; memory?: { workingSetBytes?: number } };
  pods?: Array<{
    podRef?: { name?: string; namespace?: string };
    volume?: Array<{ name?: string; pvcRef?: { name?: string; namespace?: string }; usedBytes?: number; capacityBytes?: number }>;
  }>;
}

interface ClusterUsage {
  volumes: Map<string, VolumeUsage>;
  nodes: Map<string, NodeUsage & { measuredAt: number }>;
  generation: number;
  lastError?: string;
}

/**
 * PVC usage and node CPU and memory (what `kubectl top nodes` shows) from the kubelet summary API, through the API
 * server's node proxy (`GET /api/v1/nodes/{node}/proxy/stats/summary`): one request per node per interval, whatever
 * the number of viewers or pods. A value that could not be refreshed for three intervals is dropped: usage is then
 * unknown, never 0.
 */
export class PvcUsageCollector {
  private readonly usage = new Map<string, ClusterUsage>();
  private readonly now: () => number;

  constructor(
    private readonly options: {
      watchCache: WatchCache;
      intervalSeconds: number;
      logger?: LoggerService;
      now?: () => number;
      concurrency?: number;
    },
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Collects once from every cluster, in parallel; a slow cluster only delays its own values. Never throws. */
  async collectOnce(signal?: AbortSignal): Promise<void> {
    await Promise.all(this.options.watchCache.clusters().map(cache => this.collectCluster(cache, signal)));
  }

  volume(cluster: string, namespace: string, name: string): VolumeUsage | undefined {
    const entry = this.usage.get(cluster)?.volumes.get(`${namespace}/${name}`);
    return entry && this.fresh(entry.measuredAt) ? entry : undefined;
  }

  node(cluster: string, node: string): NodeUsage | undefined {
    const entry = this.usage.get(cluster)?.nodes.get(node);
    return entry && this.fresh(entry.measuredAt) ? entry : undefined;
  }

  /** Changes when a value of this cluster changes visibly (0.1 % of capacity) or expires. */
  stamp(cluster: string): string {
    const u = this.usage.get(cluster);
    const expiredCount = u ? [...u.volumes.values()].filter(v => !this.fresh(v.measuredAt)).length : 0;
    return `${u?.generation ?? 0}.${expiredCount}`;
  }

  private fresh(measuredAt: number): boolean {
    return this.now() - measuredAt <= 3 * this.options.intervalSeconds * 1000;
  }

  private async collectCluster(cache: ClusterCache, signal?: AbortSignal) {
    const nodes = cache.list('nodes').map(n => n.metadata.name);
    let entry = this.usage.get(cache.name);
    if (!entry) {
      entry = { volumes: new Map(), nodes: new Map(), generation: 0 };
      this.usage.set(cache.name, entry);
    }
    const state = entry;
    const changedNamespaces = new Set<string>();
    const queue = [...nodes];
    const worker = async () => {
      for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
        if (signal?.aborted) return;
        try {
          const summary = await cache.cluster.client.requestJson<Summary>({
            path: `/api/v1/nodes/${encodeURIComponent(node)}/proxy/stats/summary`,
            signal,
          });
          const measuredAt = this.now();
          state.nodes.set(node, {
            cpuNanoCores: summary.node?.cpu?.usageNanoCores,
            memoryWorkingSetBytes: summary.node?.memory?.workingSetBytes,
            measuredAt,
          });
          for (const pod of summary.pods ?? []) {
            for (const volume of pod.volume ?? []) {
              const ref = volume.pvcRef;
              if (!ref?.name || typeof volume.usedBytes !== 'number' || typeof volume.capacityBytes !== 'number') continue;
              const namespace = ref.namespace ?? pod.podRef?.namespace ?? '';
              const key = `${namespace}/${ref.name}`;
              const before = state.volumes.get(key);
              const next = { usedBytes: volume.usedBytes, capacityBytes: volume.capacityBytes, measuredAt };
              const visible = (u?: VolumeUsage) =>
                u && u.capacityBytes > 0 && this.fresh(u.measuredAt) ? Math.round((u.usedBytes / u.capacityBytes) * 1000) : -1;
              if (visible(before) !== visible(next)) changedNamespaces.add(namespace);
              state.volumes.set(key, next);
            }
          }
        } catch (e) {
          if (signal?.aborted) return;
          const message = isKubernetesApiError(e) ? e.message : String(e);
          if (state.lastError !== message) {
            this.options.logger?.warn('Could not read the kubelet summary of a node; PVC usage there stays as it was until it expires', {
              cluster: cache.name,
              node,
              error: message,
            });
          }
          state.lastError = message;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 4, queue.length) }, worker));
    if (changedNamespaces.size > 0) {
      state.generation += 1;
      for (const namespace of changedNamespaces) {
        this.options.watchCache.notify({ cluster: cache.name, kind: 'persistentvolumeclaims', namespace });
      }
    }
  }
}
