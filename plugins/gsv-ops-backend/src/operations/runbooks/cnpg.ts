import type { KubeObject } from '../../services/ClusterRegistry/types';

export const BARMAN_CLOUD_PLUGIN = 'barman-cloud.cloudnative-pg.io';
export const HEALTHY_PHASE = 'Cluster in healthy state';
/** Phases after which a cluster will not come up without someone acting (api/v1/cluster_types.go). */
export const HOPELESS_PHASES = new Set([
  'Cluster is unrecoverable and needs manual intervention',
  'Unable to create required cluster objects',
  'Invalid cluster definition',
  'Cluster has incomplete or invalid image catalog',
]);
/** The replica selector of `kubectl cnpg` (pkg/utils/labels_annotations.go), never the guide's `role!=primary`. */
export function replicaSelector(cluster: string): string {
  return `cnpg.io/cluster=${cluster},cnpg.io/podRole=instance,cnpg.io/instanceRole=replica`;
}

export function conditionOf(object: KubeObject, type: string): { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string } | undefined {
  return (object.status?.conditions ?? []).find((c: { type: string }) => c.type === type);
}

/** The Barman Cloud plugin entry of a cluster (the WAL archiver), if it uses one. */
export function barmanPlugin(cluster: KubeObject): { name: string; objectStore?: string; serverName: string; parameters: Record<string, string> } | undefined {
  const plugins: Array<{ name: string; isWALArchiver?: boolean; parameters?: Record<string, string> }> = cluster.spec?.plugins ?? [];
  const plugin = plugins.find(p => p.name === BARMAN_CLOUD_PLUGIN);
  if (!plugin) return undefined;
  return {
    name: plugin.name,
    objectStore: plugin.parameters?.barmanObjectName,
    serverName: plugin.parameters?.serverName ?? cluster.metadata.name,
    parameters: plugin.parameters ?? {},
  };
}

/** RFC3339 with microseconds, as CNPG writes its timestamps (`2024-12-04T10:00:00.123456Z`). */
export function rfc3339Micro(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** `kubectl cnpg backup`'s default name suffix: UTC `YYYYMMDDHHMMSS`. */
export function backupTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** The alphabet of the API server's `generateName` suffixes (no vowels, no look-alikes). */
const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * A backup name unique beyond the second: `kubectl cnpg backup`'s `<cluster>-<YYYYMMDDHHMMSS>` plus a random
 * five-character suffix as `generateName` makes it, so two backups of one cluster within a second never collide.
 */
export function backupName(cluster: string, epochMs: number, random: () => number = Math.random): string {
  const suffix = Array.from({ length: 5 }, () => NAME_SUFFIX_ALPHABET[Math.floor(random() * NAME_SUFFIX_ALPHABET.length)]).join('');
  return `${cluster}-${backupTimestamp(epochMs)}-${suffix}`;
}
