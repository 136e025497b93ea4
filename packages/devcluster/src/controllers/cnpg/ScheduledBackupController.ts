import { CronExpressionParser } from 'cron-parser';
import { rfc3339 } from '../../api/format';
import type { KubeObject, StoredObject } from '../../api/types';
import type { ResourceDefinition } from '../../resources/types';
import { splitKey, type Controller, type ControllerContext } from '../ControllerManager';
import { ownerReference, writeStatus } from '../helpers';

/**
 * ScheduledBackup: creates `<name>-<YYYYMMDDHHMMSS>` Backups on its 6-field (seconds-first) cron schedule, once
 * immediately when `immediate` is set, not while suspended; owner per `backupOwnerReference`; keeps
 * lastCheckTime / lastScheduleTime / nextScheduleTime.
 */
export class ScheduledBackupController implements Controller {
  readonly name = 'cnpg-scheduledbackup';
  private readonly scheduledBackups: ResourceDefinition;
  private readonly backups: ResourceDefinition;

  constructor(private readonly context: ControllerContext) {
    this.scheduledBackups = context.registry.get('postgresql.cnpg.io/scheduledbackups');
    this.backups = context.registry.get('postgresql.cnpg.io/backups');
  }

  watches() {
    return [{ collection: 'postgresql.cnpg.io/scheduledbackups' }];
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const scheduled = this.context.store.get('postgresql.cnpg.io/scheduledbackups', namespace, name);
    if (!scheduled || scheduled.metadata.deletionTimestamp) return;
    const now = this.context.clock.now();
    if (scheduled.spec?.suspend) return;
    const schedule: string = scheduled.spec?.schedule;
    let created: number | undefined;
    if (scheduled.spec?.immediate && !scheduled.status?.lastScheduleTime) {
      this.createBackup(scheduled, now, true);
      created = now;
    } else {
      const since = Date.parse(scheduled.status?.lastCheckTime ?? scheduled.metadata.creationTimestamp);
      const due = previousTime(schedule, now);
      if (due !== undefined && due > since) {
        this.createBackup(scheduled, due, false);
        created = due;
      }
    }
    const next = nextTime(schedule, now);
    const current = this.context.store.get('postgresql.cnpg.io/scheduledbackups', namespace, name)!;
    const nextIso = next === undefined ? undefined : rfc3339(next);
    // Only a real check is recorded: rewriting lastCheckTime on every reconcile would wake this controller forever.
    if (created !== undefined || !current.status?.lastCheckTime || current.status?.nextScheduleTime !== nextIso) {
      writeStatus(this.context, this.scheduledBackups, current, status => {
        status.lastCheckTime = rfc3339(now);
        if (created !== undefined) status.lastScheduleTime = rfc3339(created);
        if (nextIso !== undefined) status.nextScheduleTime = nextIso;
      });
    }
    if (next !== undefined) this.context.requeueAfter(this, key, next - now);
  }

  private createBackup(scheduled: StoredObject, at: number, immediate: boolean): void {
    const namespace = scheduled.metadata.namespace ?? '';
    const stamp = new Date(at).toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const name = `${scheduled.metadata.name}-${stamp}`;
    if (this.context.store.get('postgresql.cnpg.io/backups', namespace, name)) return;
    const clusterName: string = scheduled.spec?.cluster?.name;
    const ownerPolicy = scheduled.spec?.backupOwnerReference ?? 'none';
    const cluster = this.context.store.get('postgresql.cnpg.io/clusters', namespace, clusterName);
    let owner: KubeObject | undefined;
    if (ownerPolicy === 'self') owner = scheduled;
    else if (ownerPolicy === 'cluster') owner = cluster;
    this.context.api.create(this.backups, namespace, {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Backup',
      metadata: {
        name,
        namespace,
        labels: {
          'cnpg.io/cluster': clusterName,
          'cnpg.io/scheduled-backup': scheduled.metadata.name,
          ...(immediate ? { 'cnpg.io/immediateBackup': 'true' } : {}),
        },
        ...(owner ? { ownerReferences: [ownerReference(owner, false)] } : {}),
      },
      spec: {
        cluster: { name: clusterName },
        method: scheduled.spec?.method ?? 'barmanObjectStore',
        ...(scheduled.spec?.pluginConfiguration ? { pluginConfiguration: scheduled.spec.pluginConfiguration } : {}),
        ...(scheduled.spec?.target ? { target: scheduled.spec.target } : {}),
        ...(scheduled.spec?.online !== undefined ? { online: scheduled.spec.online } : {}),
      },
    });
    this.context.events.record(scheduled, 'Normal', 'BackupSchedule', `Scheduled backup ${name}`, { component: 'cloudnative-pg-scheduledbackup' });
  }
}

function previousTime(schedule: string, now: number): number | undefined {
  try {
    return CronExpressionParser.parse(schedule, { currentDate: new Date(now + 1), tz: 'UTC' }).prev().getTime();
  } catch {
    return undefined;
  }
}

function nextTime(schedule: string, now: number): number | undefined {
  try {
    return CronExpressionParser.parse(schedule, { currentDate: new Date(now), tz: 'UTC' }).next().getTime();
  } catch {
    return undefined;
  }
}
