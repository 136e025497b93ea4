import type { ExternalSecretView, Finding, ObjectRef } from '@gsv/plugin-gsv-ops-common';
import type { DateTime } from 'luxon';
import type { KubeObject } from '../services/ClusterRegistry/types';
import { conditionOfType } from './certificates';
import { finding, levelOf, notableFindings, sortFindings } from './levels';
import type { OpsThresholds } from './thresholds';
import { humanDuration, parseGoDuration, parseTime } from './time';

/**
 * Whether changing an annotation (the ops guide's `force-sync=$(date +%s)`) refreshes the ExternalSecret: the
 * controller refreshes when `generation-hash(labels+annotations)` differs from `status.syncedResourceVersion`,
 * except with `refreshPolicy: CreatedOnce`, or `Periodic` with `refreshInterval: 0` after the first sync
 * (externalsecret_controller.go shouldRefresh).
 */
export function forceSyncEffect(es: KubeObject): ExternalSecretView['forceSync'] {
  const policy: string = es.spec?.refreshPolicy ?? 'Periodic';
  const synced = Boolean(es.status?.syncedResourceVersion);
  if (policy === 'CreatedOnce' && synced) {
    return { effective: false, reason: 'refreshPolicy CreatedOnce: never refreshed after the first sync' };
  }
  if (policy === 'Periodic' && synced) {
    const interval = parseGoDuration(es.spec?.refreshInterval ?? '1h');
    if (interval && interval.toMillis() === 0) {
      return { effective: false, reason: 'refreshInterval 0 with refreshPolicy Periodic: never refreshed after the first sync' };
    }
  }
  return { effective: true };
}

/** Deployments whose pod template reads the Secret (env, envFrom, volumes, projected volumes). */
export function secretConsumers(secretName: string, namespace: string, workloads: Workload[]): ObjectRef[] {
  return workloads
    .filter(w => w.object.metadata.namespace === namespace && templateReadsSecret(w.object.spec?.template?.spec, secretName))
    .map(w => ({ kind: w.kind, namespace, name: w.object.metadata.name }));
}

/** A workload with its kind (list items carry no `kind`). */
export interface Workload {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  object: KubeObject;
}

function templateReadsSecret(podSpec: any, secret: string): boolean {
  if (!podSpec) return false;
  const containers = [...(podSpec.containers ?? []), ...(podSpec.initContainers ?? [])];
  for (const c of containers) {
    if ((c.envFrom ?? []).some((e: any) => e.secretRef?.name === secret)) return true;
    if ((c.env ?? []).some((e: any) => e.valueFrom?.secretKeyRef?.name === secret)) return true;
  }
  for (const v of podSpec.volumes ?? []) {
    if (v.secret?.secretName === secret) return true;
    if ((v.projected?.sources ?? []).some((s: any) => s.secret?.name === secret)) return true;
  }
  return false;
}

export function externalSecretView(
  es: KubeObject,
  context: { now: DateTime; thresholds: OpsThresholds; workloads: Workload[] },
): ExternalSecretView {
  const { now, thresholds } = context;
  const spec = es.spec ?? {};
  const status = es.status ?? {};
  const name = `${es.metadata.namespace}/${es.metadata.name}`;
  const ref = { kind: 'ExternalSecret', namespace: es.metadata.namespace, name: es.metadata.name };
  const ready = conditionOfType(es, 'Ready');
  const targetSecret: string = spec.target?.name ?? es.metadata.name;
  const findings: Finding[] = [];

  if (!ready || ready.status === 'Unknown') {
    findings.push(finding('unknown', 'external-secret.unknown', `ExternalSecret ${name} reports no sync status yet`, ref));
  } else if (ready.status === 'False') {
    findings.push(
      finding('critical', 'external-secret.not-ready', `ExternalSecret ${name} is not synced (${ready.reason ?? 'unknown reason'}${ready.message ? `: ${ready.message}` : ''}); Secret ${targetSecret} keeps its last data`, ref),
    );
  } else {
    const interval = parseGoDuration(spec.refreshInterval ?? '1h');
    const refreshed = parseTime(status.refreshTime);
    const policy = spec.refreshPolicy ?? 'Periodic';
    if (policy === 'Periodic' && interval && interval.toMillis() > 0 && refreshed) {
      const age = now.diff(refreshed);
      if (age.toMillis() > interval.toMillis() * thresholds.externalSecrets.staleRefreshIntervals) {
        findings.push(
          finding('warning', 'external-secret.stale', `ExternalSecret ${name} last refreshed ${humanDuration(age)} ago, every ${humanDuration(interval)} expected`, ref),
        );
      }
    }
  }

  const sorted = sortFindings(findings);
  return {
    namespace: es.metadata.namespace ?? '',
    name: es.metadata.name,
    store: spec.secretStoreRef ? `${spec.secretStoreRef.kind ?? 'SecretStore'}/${spec.secretStoreRef.name}` : undefined,
    refreshInterval: spec.refreshInterval,
    refreshPolicy: spec.refreshPolicy,
    ready: ready?.status ?? 'Unknown',
    reason: ready?.reason,
    message: ready?.message,
    refreshTime: status.refreshTime,
    targetSecret,
    forceSync: forceSyncEffect(es),
    consumers: secretConsumers(targetSecret, es.metadata.namespace ?? '', context.workloads),
    level: levelOf(notableFindings(sorted)),
    findings: sorted,
  };
}
