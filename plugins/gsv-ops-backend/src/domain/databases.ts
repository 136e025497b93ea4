import type { BackupView, DatabaseView, Finding, ScheduledBackupView } from '@gsv/plugin-gsv-ops-common';
import type { DateTime } from 'luxon';
import type { KubeObject } from '../services/ClusterRegistry/types';
import { conditionOfType } from './certificates';
import { finding, levelOf, notableFindings, sortFindings } from './levels';
import type { OpsThresholds } from './thresholds';
import { humanDuration, isoString, parseTime } from './time';
import { parseCnpgSchedule } from './schedules';

/** The only phase CloudNativePG calls healthy (api/v1/cluster_types.go PhaseHealthy). */
export const CNPG_HEALTHY_PHASE = 'Cluster in healthy state';

/** Phases that need a person, not time. */
const CRITICAL_PHASES = [
  'Cluster is unrecoverable and needs manual intervention',
  'Unable to create required cluster objects',
  'Invalid cluster definition',
  'Cluster has incomplete or invalid image catalog',
  'Waiting for user action',
];

const FAILED_BACKUP_PHASES = new Set(['failed', 'walArchivingFailing', 'invalid backup definition']);
const RUNNING_BACKUP_PHASES = new Set(['pending', 'started', 'running', 'finalizing']);
const BARMAN_PLUGIN = 'barman-cloud.cloudnative-pg.io';

export function backupView(backup: KubeObject): BackupView {
  const status = backup.status ?? {};
  const started = parseTime(status.startedAt);
  const stopped = parseTime(status.stoppedAt);
  const scheduledBackup = backup.metadata.labels?.['cnpg.io/scheduled-backup'];
  return {
    namespace: backup.metadata.namespace ?? '',
    name: backup.metadata.name,
    phase: status.phase ?? 'pending',
    method: status.method ?? backup.spec?.method,
    target: backup.spec?.target,
    scheduled: Boolean(scheduledBackup),
    scheduledBackup,
    startedAt: status.startedAt,
    stoppedAt: status.stoppedAt,
    durationSeconds: started && stopped ? Math.round(stopped.diff(started).as('seconds')) : undefined,
    error: status.error,
    backupId: status.backupId,
    createdAt: backup.metadata.creationTimestamp,
  };
}

/** When a backup happened, for ordering: stop, else start, else creation. */
function backupTime(b: BackupView): DateTime | undefined {
  return parseTime(b.stoppedAt) ?? parseTime(b.startedAt) ?? parseTime(b.createdAt);
}

export function scheduledBackupView(scheduled: KubeObject, now: DateTime): ScheduledBackupView {
  const schedule: string = scheduled.spec?.schedule ?? '';
  const parsed = parseCnpgSchedule(schedule, now);
  const status = scheduled.status ?? {};
  const errors = [parsed.valid ? undefined : parsed.error, status.error].filter(Boolean);
  return {
    namespace: scheduled.metadata.namespace ?? '',
    name: scheduled.metadata.name,
    schedule,
    suspended: scheduled.spec?.suspend === true,
    lastScheduleTime: status.lastScheduleTime,
    nextScheduleTime: status.nextScheduleTime ?? (parsed.valid ? isoString(parsed.next) : undefined),
    periodSeconds: parsed.valid ? Math.round(parsed.period.as('seconds')) : undefined,
    error: errors.length ? errors.join('; ') : undefined,
  };
}

export interface DatabaseInput {
  cluster: KubeObject;
  backups: KubeObject[];
  scheduledBackups: KubeObject[];
  /** The Barman Cloud ObjectStore named by the cluster's plugin configuration, if found. */
  objectStores: KubeObject[];
  /** The cluster's instance pods (label `cnpg.io/cluster`). */
  pods: KubeObject[];
  now: DateTime;
  thresholds: OpsThresholds;
}

/** The ObjectStore name and server name of a cluster that archives through the Barman Cloud plugin. */
export function barmanObjectStoreOf(cluster: KubeObject): { objectStore: string; serverName: string } | undefined {
  const plugins: Array<{ name?: string; isWALArchiver?: boolean; parameters?: Record<string, string> }> =
    cluster.spec?.plugins ?? [];
  const barman = plugins.find(p => p.name === BARMAN_PLUGIN && p.parameters?.barmanObjectName);
  if (!barman) return undefined;
  return {
    objectStore: barman.parameters!.barmanObjectName,
    serverName: barman.parameters!.serverName ?? cluster.metadata.name,
  };
}

/**
 * Health, instances and backups of a CloudNativePG cluster. Backup facts come from Backup objects and the
 * ObjectStore's recovery window, never from the deprecated `status.lastSuccessfulBackup`/`firstRecoverabilityPoint`
 * cluster fields (unset with backup plugins).
 */
export function databaseView(input: DatabaseInput): DatabaseView {
  const { cluster, now, thresholds } = input;
  const status = cluster.status ?? {};
  const name = `${cluster.metadata.namespace}/${cluster.metadata.name}`;
  const ref = { kind: 'Cluster', namespace: cluster.metadata.namespace, name: cluster.metadata.name };
  const phase: string = status.phase ?? 'Unknown';
  const healthy = phase === CNPG_HEALTHY_PHASE;
  const instances: number = status.instances ?? cluster.spec?.instances ?? 0;
  const readyInstances: number = status.readyInstances ?? 0;
  const findings: Finding[] = [];

  // Phase and readiness
  if (!status.phase) {
    findings.push(finding('unknown', 'database.phase', `Database ${name} reports no phase yet`, ref));
  } else if (!healthy) {
    const critical = CRITICAL_PHASES.some(p => phase.startsWith(p));
    findings.push(
      finding(critical ? 'critical' : 'warning', 'database.phase', `Database ${name}: ${phase}${status.phaseReason ? ` (${status.phaseReason})` : ''}`, ref),
    );
  }
  if (instances > 0 && readyInstances === 0) {
    findings.push(finding('critical', 'database.no-ready-instance', `Database ${name} has no ready instance (0 of ${instances})`, ref));
  } else if (readyInstances < instances) {
    findings.push(finding('warning', 'database.instances', `Database ${name} has ${readyInstances} of ${instances} instances ready`, ref));
  }
  const switchoverInProgress = Boolean(status.targetPrimary && status.currentPrimary && status.targetPrimary !== status.currentPrimary);
  if (switchoverInProgress) {
    findings.push(finding('warning', 'database.switchover', `Database ${name}: switchover from ${status.currentPrimary} to ${status.targetPrimary} in progress`, ref));
  }

  // WAL archiving from the ContinuousArchiving condition
  const archiving = conditionOfType(cluster, 'ContinuousArchiving');
  const archivingStatus: Record<string, DatabaseView['walArchiving']['status']> = { True: 'ok', False: 'failing' };
  const walArchiving: DatabaseView['walArchiving'] = archiving
    ? { status: archivingStatus[archiving.status] ?? 'unknown', message: archiving.message, since: archiving.lastTransitionTime }
    : { status: 'unknown' };
  if (walArchiving.status === 'failing') {
    findings.push(finding('critical', 'database.wal-archiving', `WAL archiving of ${name} is failing${archiving?.message ? `: ${archiving.message}` : ''}; point-in-time recovery is at risk`, ref));
  }

  // Backups
  const backups = input.backups
    .map(backupView)
    .sort((a, b) => (backupTime(b)?.toMillis() ?? 0) - (backupTime(a)?.toMillis() ?? 0));
  const lastSuccessfulBackup = backups.find(b => b.phase === 'completed');
  const lastFailedBackup = backups.find(b => FAILED_BACKUP_PHASES.has(b.phase));
  const lastFinished = backups.find(b => !RUNNING_BACKUP_PHASES.has(b.phase));
  const lastSuccessTime = lastSuccessfulBackup ? backupTime(lastSuccessfulBackup) : undefined;
  if (lastFinished && FAILED_BACKUP_PHASES.has(lastFinished.phase)) {
    findings.push(
      finding('warning', 'backup.failed', `The latest backup of ${name}, ${lastFinished.name}, ${lastFinished.phase === 'failed' ? 'failed' : `ended in "${lastFinished.phase}"`}${lastFinished.error ? `: ${lastFinished.error}` : ''}`, {
        kind: 'Backup',
        namespace: lastFinished.namespace,
        name: lastFinished.name,
      }),
    );
  }

  const scheduledBackups = input.scheduledBackups
    .map(s => scheduledBackupView(s, now))
    .sort((a, b) => a.name.localeCompare(b.name));
  const active = scheduledBackups.filter(s => !s.suspended);
  for (const s of scheduledBackups) {
    if (s.error) {
      findings.push(finding('warning', 'backup.schedule-invalid', `ScheduledBackup ${s.namespace}/${s.name}: ${s.error}`, { kind: 'ScheduledBackup', namespace: s.namespace, name: s.name }));
    }
  }
  if (scheduledBackups.length === 0) {
    findings.push(finding('warning', 'backup.unscheduled', `Database ${name} has no ScheduledBackup`, ref));
  } else if (active.length === 0) {
    findings.push(finding('warning', 'backup.suspended', `All scheduled backups of ${name} are suspended`, ref));
  }
  // Late: the last success is older than the shortest active schedule's period plus grace.
  const periods = active.map(s => s.periodSeconds).filter((p): p is number => p !== undefined);
  if (periods.length > 0) {
    const periodSeconds = Math.min(...periods);
    const schedule = active.find(s => s.periodSeconds === periodSeconds)!;
    const graceSeconds = thresholds.backups.graceMinutes * 60;
    const created = parseTime(cluster.metadata.creationTimestamp);
    const reference = lastSuccessTime ?? created;
    const ageSeconds = reference ? now.diff(reference).as('seconds') : undefined;
    if (ageSeconds !== undefined && ageSeconds > periodSeconds + graceSeconds) {
      const critical = ageSeconds > thresholds.backups.criticalMissedRuns * periodSeconds + graceSeconds;
      const every = humanDuration(periodSeconds * 1000);
      findings.push(
        finding(
          critical ? 'critical' : 'warning',
          'backup.late',
          lastSuccessTime
            ? `The last successful backup of ${name} is ${humanDuration(ageSeconds * 1000)} old; schedule "${schedule.schedule}" expects one every ${every}`
            : `Database ${name} has no successful backup in ${humanDuration(ageSeconds * 1000)}; schedule "${schedule.schedule}" expects one every ${every}`,
          ref,
        ),
      );
    }
  }
  const nextRuns = active
    .map(s => parseTime(s.nextScheduleTime))
    .filter((t): t is DateTime => Boolean(t))
    .sort((a, b) => a.toMillis() - b.toMillis());

  // Recovery window from the Barman Cloud ObjectStore
  const store = barmanObjectStoreOf(cluster);
  let recoveryWindow: DatabaseView['recoveryWindow'];
  if (store) {
    const object = input.objectStores.find(
      o => o.metadata.name === store.objectStore && o.metadata.namespace === cluster.metadata.namespace,
    );
    const window = object?.status?.serverRecoveryWindow?.[store.serverName];
    recoveryWindow = {
      objectStore: store.objectStore,
      firstRecoverabilityPoint: window?.firstRecoverabilityPoint,
      lastSuccessfulBackupTime: window?.lastSuccessfulBackupTime,
      lastFailedBackupTime: window?.lastFailedBackupTime,
    };
    if (object && !window?.firstRecoverabilityPoint) {
      findings.push(finding('warning', 'backup.no-recovery-point', `ObjectStore ${store.objectStore} has no recovery point for ${store.serverName} yet`, ref));
    } else if (!object) {
      findings.push(finding('unknown', 'backup.object-store-missing', `ObjectStore ${store.objectStore} of ${name} is not visible`, ref));
    }
  }

  // Instances and roles
  const instanceNames: string[] = status.instanceNames ?? [];
  const podByName = new Map(input.pods.map(p => [p.metadata.name, p]));
  const names = [...new Set([...instanceNames, ...input.pods.filter(isInstancePod).map(p => p.metadata.name)])].sort();
  const instanceStatuses = names.map(instance => {
    const pod = podByName.get(instance);
    const roleLabel = pod?.metadata.labels?.['cnpg.io/instanceRole'] ?? pod?.metadata.labels?.role;
    let role: 'primary' | 'replica' | 'unknown' = 'unknown';
    if (roleLabel === 'primary' || roleLabel === 'replica') {
      role = roleLabel;
    } else if (status.currentPrimary) {
      role = instance === status.currentPrimary ? 'primary' : 'replica';
    }
    // Pod readiness when we see the pods; the operator's healthy list only when we see none (e.g. pods not watched).
    const ready = pod
      ? (pod.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True')
      : input.pods.length === 0 && ((status.instancesStatus?.healthy ?? []) as string[]).includes(instance);
    return { name: instance, role, ready, status: pod?.status?.phase };
  });
  const replicas = instanceStatuses.filter(i => i.role === 'replica' && i.ready).map(i => i.name);

  const sorted = sortFindings(findings);
  return {
    namespace: cluster.metadata.namespace ?? '',
    name: cluster.metadata.name,
    phase,
    phaseReason: status.phaseReason,
    healthy,
    instances,
    readyInstances,
    currentPrimary: status.currentPrimary,
    targetPrimary: status.targetPrimary,
    switchoverInProgress,
    instanceNames: names,
    replicas,
    instanceStatuses,
    image: status.image ?? cluster.spec?.imageName,
    walArchiving,
    lastSuccessfulBackup,
    lastFailedBackup,
    lastSuccessfulBackupAgeSeconds: lastSuccessTime ? Math.round(now.diff(lastSuccessTime).as('seconds')) : undefined,
    recoveryWindow,
    scheduledBackups,
    nextBackupTime: nextRuns.length ? isoString(nextRuns[0]) : undefined,
    recentBackups: backups.slice(0, 10),
    level: levelOf(notableFindings(sorted)),
    findings: sorted,
  };
}

function isInstancePod(pod: KubeObject): boolean {
  const labels = pod.metadata.labels ?? {};
  // Bootstrap/join jobs carry cnpg.io/jobRole; instance pods carry cnpg.io/podRole=instance (or only the cluster label on old operators).
  return labels['cnpg.io/podRole'] === 'instance' || (!labels['cnpg.io/jobRole'] && Boolean(labels['cnpg.io/instanceName']));
}
