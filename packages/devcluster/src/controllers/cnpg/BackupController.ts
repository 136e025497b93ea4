import { rfc3339 } from '../../api/format';
import { seededRandom } from '../../api/names';
import type { KubeObject, StoredObject } from '../../api/types';
import type { ResourceDefinition } from '../../resources/types';
import { splitKey, type Controller, type ControllerContext } from '../ControllerManager';
import { podIsReady, setCondition, writeStatus } from '../helpers';
import { objectStoreOf, PLUGIN_NAME } from './cnpgObjects';

/**
 * CloudNativePG backups: pending → running (on the target instance: a ready replica for `prefer-standby`, else
 * the primary) → completed, or failed with the object store's error when it is broken. Each outcome updates the
 * cluster's `LastBackupSucceeded` condition and the Barman Cloud ObjectStore's `serverRecoveryWindow`.
 */

const COMPONENT = { component: 'cloudnative-pg-backup' };

export class BackupController implements Controller {
  readonly name = 'cnpg-backup';
  private readonly backups: ResourceDefinition;
  private readonly clusters: ResourceDefinition;
  private readonly objectStores: ResourceDefinition;

  constructor(private readonly context: ControllerContext) {
    this.backups = context.registry.get('postgresql.cnpg.io/backups');
    this.clusters = context.registry.get('postgresql.cnpg.io/clusters');
    this.objectStores = context.registry.get('barmancloud.cnpg.io/objectstores');
  }

  watches() {
    return [{ collection: 'postgresql.cnpg.io/backups' }];
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const backup = this.context.store.get('postgresql.cnpg.io/backups', namespace, name);
    if (!backup || backup.metadata.deletionTimestamp) return;
    const phase: string | undefined = backup.status?.phase;
    if (phase === 'completed' || phase === 'failed') return;
    const now = this.context.clock.now();
    const cluster = this.context.store.get('postgresql.cnpg.io/clusters', namespace, backup.spec?.cluster?.name ?? '');
    if (!cluster) {
      writeStatus(this.context, this.backups, backup, status => {
        status.phase = 'failed';
        status.error = `Unknown cluster ${backup.spec?.cluster?.name}`;
        status.stoppedAt = rfc3339(now);
      });
      this.context.events.record(backup, 'Warning', 'FindingCluster', `Unknown cluster ${backup.spec?.cluster?.name}, will retry in 30 seconds`, COMPONENT);
      return;
    }
    if (!phase) {
      writeStatus(this.context, this.backups, backup, status => {
        status.phase = 'pending';
      });
      this.context.requeueAfter(this, key, this.context.timing.backupStartMs);
      return;
    }
    const created = Date.parse(backup.metadata.creationTimestamp);
    if (phase === 'pending') {
      if (now < created + this.context.timing.backupStartMs) {
        this.context.requeueAfter(this, key, created + this.context.timing.backupStartMs - now);
        return;
      }
      this.start(backup, cluster, now);
      this.context.requeueAfter(this, key, this.runDuration(backup));
      return;
    }
    const started = Date.parse(backup.status?.startedAt ?? '') || now;
    const doneAt = started + this.runDuration(backup);
    if (now < doneAt) {
      this.context.requeueAfter(this, key, doneAt - now);
      return;
    }
    this.finish(backup, cluster, now);
  }

  private runDuration(backup: KubeObject): number {
    return Math.round(this.context.timing.backupRunMs * (0.8 + 0.4 * seededRandom(backup.metadata.name ?? '')));
  }

  private start(backup: StoredObject, cluster: StoredObject, now: number): void {
    const target = this.targetInstance(backup, cluster);
    const store = objectStoreOf(cluster);
    const destination = store ? this.context.store.get('barmancloud.cnpg.io/objectstores', cluster.metadata.namespace ?? '', store.name)?.spec?.configuration?.destinationPath : undefined;
    const stamp = new Date(now).toISOString().replace(/[-:]/g, '').slice(0, 15);
    writeStatus(this.context, this.backups, backup, status => {
      status.phase = 'running';
      status.method = backup.spec?.method ?? 'barmanObjectStore';
      status.online = backup.spec?.online ?? true;
      status.startedAt = rfc3339(now);
      status.backupId = stamp;
      status.backupName = `backup-${stamp.replace('T', '')}`;
      status.serverName = store?.serverName ?? cluster.metadata.name;
      if (destination) status.destinationPath = destination;
      status.majorVersion = Number(/postgresql:(\d+)/.exec(cluster.spec?.imageName ?? '')?.[1] ?? 16);
      if (target) status.instanceID = { podName: target.metadata.name, ContainerID: target.status?.containerStatuses?.[0]?.containerID ?? '' };
      if (backup.spec?.method === 'plugin') status.pluginMetadata = { pluginName: backup.spec?.pluginConfiguration?.name ?? PLUGIN_NAME };
    });
    writeStatus(this.context, this.clusters, cluster, status => {
      status.conditions = setCondition(status.conditions, { type: 'LastBackupSucceeded', status: 'False', reason: 'BackupStarted', message: 'New Backup starting up' }, now);
    });
    this.context.events.record(backup, 'Normal', 'Starting', `Starting backup for cluster ${cluster.metadata.name}`, COMPONENT);
  }

  private finish(backup: StoredObject, cluster: StoredObject, now: number): void {
    const namespace = cluster.metadata.namespace ?? '';
    const store = objectStoreOf(cluster);
    const failure = store ? this.context.simulation.brokenObjectStores.get(`${namespace}/${store.name}`) : undefined;
    const serial = Math.floor(seededRandom(`${backup.metadata.uid}/wal`) * 200) + 16;
    const timeline = String(cluster.status?.timelineID ?? 1).padStart(8, '0');
    const wal = (n: number) => `${timeline}00000000${n.toString(16).toUpperCase().padStart(8, '0')}`;
    if (failure) {
      writeStatus(this.context, this.backups, backup, status => {
        status.phase = 'failed';
        status.error = failure;
        status.stoppedAt = rfc3339(now);
        status.commandError = failure;
      });
      writeStatus(this.context, this.clusters, this.fresh(cluster), status => {
        status.conditions = setCondition(status.conditions, { type: 'LastBackupSucceeded', status: 'False', reason: 'LastBackupFailed', message: failure }, now);
      });
      this.updateRecoveryWindow(cluster, { lastFailedBackupTime: rfc3339(now) });
      this.context.events.record(backup, 'Warning', 'Failed', `Backup failed: ${failure}`, COMPONENT);
      return;
    }
    writeStatus(this.context, this.backups, backup, status => {
      status.phase = 'completed';
      status.stoppedAt = rfc3339(now);
      status.beginWal = wal(serial);
      status.endWal = wal(serial);
      status.beginLSN = `0/${serial.toString(16).toUpperCase()}000028`;
      status.endLSN = `0/${serial.toString(16).toUpperCase()}000138`;
    });
    writeStatus(this.context, this.clusters, this.fresh(cluster), status => {
      status.conditions = setCondition(status.conditions, { type: 'LastBackupSucceeded', status: 'True', reason: 'LastBackupSucceeded', message: 'Backup was successful' }, now);
    });
    const completed = this.context.store
      .list('postgresql.cnpg.io/backups', namespace)
      .filter(candidate => candidate.spec?.cluster?.name === cluster.metadata.name && candidate.status?.phase === 'completed')
      .map(candidate => candidate.status?.startedAt as string)
      .filter(Boolean)
      .sort();
    this.updateRecoveryWindow(cluster, {
      lastSuccessfulBackupTime: rfc3339(now),
      ...(completed.length ? { firstRecoverabilityPoint: completed[0] } : {}),
    });
    this.context.events.record(backup, 'Normal', 'Completed', 'Backup completed', COMPONENT);
  }

  private fresh(cluster: StoredObject): StoredObject {
    return this.context.store.get('postgresql.cnpg.io/clusters', cluster.metadata.namespace ?? '', cluster.metadata.name) ?? cluster;
  }

  private targetInstance(backup: KubeObject, cluster: StoredObject): StoredObject | undefined {
    const namespace = cluster.metadata.namespace ?? '';
    const target = backup.spec?.target ?? cluster.spec?.backup?.target ?? 'prefer-standby';
    const primary = cluster.status?.currentPrimary;
    const instances = this.context.store
      .list('/pods', namespace)
      .filter(pod => pod.metadata.labels?.['cnpg.io/cluster'] === cluster.metadata.name && pod.metadata.labels?.['cnpg.io/podRole'] === 'instance');
    if (target === 'prefer-standby') {
      const standby = instances.find(pod => pod.metadata.name !== primary && podIsReady(pod));
      if (standby) return standby;
    }
    return instances.find(pod => pod.metadata.name === primary);
  }

  private updateRecoveryWindow(cluster: StoredObject, window: Record<string, string>): void {
    const store = objectStoreOf(cluster);
    if (!store) return;
    const object = this.context.store.get('barmancloud.cnpg.io/objectstores', cluster.metadata.namespace ?? '', store.name);
    if (!object) return;
    writeStatus(this.context, this.objectStores, object, status => {
      const windows = { ...(status.serverRecoveryWindow ?? {}) };
      windows[store.serverName] = { ...(windows[store.serverName] ?? {}), ...window };
      status.serverRecoveryWindow = windows;
    });
  }
}
