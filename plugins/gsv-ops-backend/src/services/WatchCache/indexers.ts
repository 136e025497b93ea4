import type { KubeObject } from '../ClusterRegistry/types';
import type { Indexer } from './Informer';
import type { WatchedKind } from './kinds';

/** Index names, per kind. */
export const INDEX = {
  /** ownerReferences[].uid */
  owner: 'owner',
  /** Events: `Kind/namespace/name` of involvedObject. */
  involvedObject: 'involvedObject',
  /** Pods: `namespace/claimName` of each PVC volume. */
  claim: 'claim',
  /** CNPG pods, backups, scheduled backups, poolers: `namespace/cluster`. */
  cnpgCluster: 'cnpgCluster',
} as const;

const ownerIndexer: Indexer = o => (o.metadata.ownerReferences ?? []).map(ref => ref.uid);

const claims = (pod: KubeObject): string[] =>
  ((pod.spec?.volumes ?? []) as Array<{ persistentVolumeClaim?: { claimName?: string } }>)
    .map(v => v.persistentVolumeClaim?.claimName)
    .filter((c): c is string => typeof c === 'string' && c.length > 0);

export const INDEXERS: Partial<Record<WatchedKind, Record<string, Indexer>>> = {
  pods: {
    [INDEX.owner]: ownerIndexer,
    [INDEX.claim]: pod => claims(pod).map(c => `${pod.metadata.namespace}/${c}`),
    [INDEX.cnpgCluster]: pod => {
      const cluster = pod.metadata.labels?.['cnpg.io/cluster'];
      return cluster ? [`${pod.metadata.namespace}/${cluster}`] : [];
    },
  },
  replicasets: { [INDEX.owner]: ownerIndexer },
  jobs: { [INDEX.owner]: ownerIndexer },
  events: {
    [INDEX.involvedObject]: e => {
      const io = (e as { involvedObject?: { kind?: string; namespace?: string; name?: string } }).involvedObject;
      return io?.kind && io.name ? [involvedKey(io.kind, io.namespace ?? e.metadata.namespace, io.name)] : [];
    },
  },
  backups: {
    [INDEX.cnpgCluster]: b => {
      const cluster = b.spec?.cluster?.name ?? b.metadata.labels?.['cnpg.io/cluster'];
      return cluster ? [`${b.metadata.namespace}/${cluster}`] : [];
    },
  },
  scheduledbackups: {
    [INDEX.cnpgCluster]: s => (s.spec?.cluster?.name ? [`${s.metadata.namespace}/${s.spec.cluster.name}`] : []),
  },
  poolers: {
    [INDEX.cnpgCluster]: p => (p.spec?.cluster?.name ? [`${p.metadata.namespace}/${p.spec.cluster.name}`] : []),
  },
  persistentvolumeclaims: {
    [INDEX.cnpgCluster]: p => {
      const cluster = p.metadata.labels?.['cnpg.io/cluster'];
      return cluster ? [`${p.metadata.namespace}/${cluster}`] : [];
    },
  },
};

export function involvedKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}
