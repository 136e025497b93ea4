import type { ClusterOpsView, OpsTarget } from '@gsv/plugin-gsv-ops-common';
import { humanDuration } from '../../../domain/time';
import type { ClusterCache } from '../../WatchCache/ClusterCache';
import type { TargetBase } from './types';

/** The entity's CloudNativePG clusters, with their health, primary, backup method and recovery window. */
export function databaseTargets(base: TargetBase, view: ClusterOpsView, cache: ClusterCache): OpsTarget[] {
  return view.databases.map(db => {
    const object = cache.get('cnpgclusters', db.namespace, db.name);
    const plugins: any[] = object?.spec?.plugins ?? [];
    const barman = plugins.find(p => p.name === 'barman-cloud.cloudnative-pg.io');
    let backupMethod: string | undefined;
    if (barman) backupMethod = 'plugin';
    else if (object?.spec?.backup?.barmanObjectStore) backupMethod = 'barmanObjectStore';
    else if (object?.spec?.backup?.volumeSnapshot) backupMethod = 'volumeSnapshot';
    const age = db.lastSuccessfulBackupAgeSeconds;
    return {
      ...base,
      kind: 'Cluster' as const,
      namespace: db.namespace,
      name: db.name,
      description: `${db.healthy ? 'healthy' : db.phase}, ${db.readyInstances}/${db.instances} ready, primary ${db.currentPrimary ?? 'unknown'}${age !== undefined ? `, last backup ${humanDuration(age * 1000)} ago` : ''}`,
      details: {
        phase: db.phase,
        instances: db.instances,
        readyInstances: db.readyInstances,
        currentPrimary: db.currentPrimary,
        targetPrimary: db.targetPrimary,
        switchoverInProgress: db.switchoverInProgress,
        replicas: db.replicas,
        backupMethod,
        pluginName: barman?.name,
        recoveryWindow: db.recoveryWindow,
        lastSuccessfulBackup: db.lastSuccessfulBackup?.stoppedAt,
        scheduledBackups: db.scheduledBackups.map(s => s.name),
        storageSize: object?.spec?.storage?.size,
        imageName: db.image,
      },
    };
  });
}

/** The PgBouncer poolers in front of the entity's databases, with their settings and the connection budget. */
export function poolerTargets(base: TargetBase, view: ClusterOpsView, cache: ClusterCache): OpsTarget[] {
  return view.databases.flatMap(db => {
    const maxConnections = cache.get('cnpgclusters', db.namespace, db.name)?.spec?.postgresql?.parameters?.max_connections;
    return (db.poolers ?? []).map(p => ({
      ...base,
      kind: 'Pooler' as const,
      namespace: p.namespace,
      name: p.name,
      description: `${p.readyInstances}/${p.instances} ready, ${p.poolMode} mode, pool ${p.defaultPoolSize}, max clients ${p.maxClientConn}`,
      details: { ...p, databaseMaxConnections: maxConnections === undefined ? 100 : Number(maxConnections) },
    }));
  });
}
