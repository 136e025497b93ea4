import type { ApplicationView, Finding, GitOpsHistoryEntry, Level } from '@gsv/plugin-gsv-ops-common';
import type { KubeObject } from '../services/ClusterRegistry/types';
import { finding, levelOf, notableFindings, sortFindings } from './levels';

const HEALTH_LEVEL: Record<string, Level> = {
  Healthy: 'ok',
  Progressing: 'ok',
  Suspended: 'warning',
  Missing: 'warning',
  Degraded: 'critical',
  Unknown: 'unknown',
};

/** Argo CD condition types that are errors rather than warnings (pkg/apis/application/v1alpha1/types.go). */
const ERROR_CONDITIONS = new Set(['SyncError', 'ComparisonError', 'InvalidSpecError', 'UnknownError', 'DeletionError']);

/** An Argo CD Application: sync, health, revision, last sync, history; OutOfSync is a warning, Degraded critical. */
export function applicationView(app: KubeObject): ApplicationView {
  const spec = app.spec ?? {};
  const status = app.status ?? {};
  const name = `${app.metadata.namespace}/${app.metadata.name}`;
  const ref = { kind: 'Application', namespace: app.metadata.namespace, name: app.metadata.name };
  const source = spec.source ?? spec.sources?.[0] ?? {};
  const syncStatus: string = status.sync?.status ?? 'Unknown';
  const healthStatus: string = status.health?.status ?? 'Unknown';
  const operation = status.operationState ?? {};
  const findings: Finding[] = [];

  const outOfSyncResources = ((status.resources ?? []) as any[])
    .filter(r => r.status === 'OutOfSync')
    .map(r => ({ kind: r.kind as string, namespace: r.namespace as string | undefined, name: r.name as string }));

  if (syncStatus === 'OutOfSync') {
    const which = outOfSyncResources.length
      ? `: ${outOfSyncResources.slice(0, 3).map(r => `${r.kind} ${r.name}`).join(', ')}${outOfSyncResources.length > 3 ? ` and ${outOfSyncResources.length - 3} more` : ''}`
      : '';
    findings.push(finding('warning', 'application.out-of-sync', `Argo CD application ${name} is OutOfSync with ${source.targetRevision ?? 'its target revision'}${which}`, ref));
  } else if (syncStatus === 'Unknown') {
    findings.push(finding('unknown', 'application.sync-unknown', `Argo CD cannot tell whether ${name} is in sync`, ref));
  }
  const healthLevel = HEALTH_LEVEL[healthStatus] ?? 'unknown';
  if (healthLevel !== 'ok') {
    findings.push(
      finding(healthLevel, `application.health.${healthStatus.toLowerCase()}`, `Argo CD application ${name} is ${healthStatus}${status.health?.message ? `: ${status.health.message}` : ''}`, ref),
    );
  }
  if (operation.phase === 'Failed' || operation.phase === 'Error') {
    findings.push(finding('warning', 'application.sync-failed', `The last sync of ${name} ${operation.phase === 'Error' ? 'errored' : 'failed'}${operation.message ? `: ${operation.message}` : ''}`, ref));
  }
  for (const c of (status.conditions ?? []) as Array<{ type: string; message?: string }>) {
    findings.push(
      finding(ERROR_CONDITIONS.has(c.type) ? 'warning' : 'ok', `application.condition.${c.type}`, `${name}: ${c.type}${c.message ? `: ${c.message}` : ''}`, ref),
    );
  }

  const history: GitOpsHistoryEntry[] = ((status.history ?? []) as any[])
    .map(h => ({
      id: h.id,
      revision: h.revision ?? h.revisions?.[0],
      deployedAt: h.deployedAt,
      deployStartedAt: h.deployStartedAt,
      initiatedBy: h.initiatedBy?.automated ? 'automated' : h.initiatedBy?.username,
    }))
    .sort((a, b) => (b.id ?? 0) - (a.id ?? 0));

  const sorted = sortFindings(findings);
  return {
    namespace: app.metadata.namespace ?? '',
    name: app.metadata.name,
    project: spec.project,
    repoURL: source.repoURL,
    path: source.path ?? source.chart,
    targetRevision: source.targetRevision,
    syncStatus,
    healthStatus,
    healthMessage: status.health?.message,
    revision: status.sync?.revision ?? status.sync?.revisions?.[0],
    lastSyncedAt: operation.finishedAt,
    reconciledAt: status.reconciledAt,
    images: status.summary?.images,
    operationPhase: operation.phase,
    operationMessage: operation.message,
    outOfSyncResources,
    history,
    conditions: ((status.conditions ?? []) as Array<{ type: string; message?: string }>).map(c => ({ type: c.type, message: c.message })),
    level: levelOf(notableFindings(sorted)),
    findings: sorted,
  };
}
