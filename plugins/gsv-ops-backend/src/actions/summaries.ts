import type {
  EntityOpsView,
  Finding,
  OperationRecord,
  PlatformHealthView,
} from '@gsv/plugin-gsv-ops-common';

/**
 * The views, cut to what an agent needs to reason and to call the runbook actions: levels with their reasons,
 * names and counts, no pod lists or sparklines (they cost tokens and say little to a model).
 */

function findingsOf(findings: Finding[]) {
  return findings.map(f => ({
    level: f.level,
    reason: f.reason,
    ...(f.cluster ? { cluster: f.cluster } : {}),
  }));
}

export function summaryOf(view: EntityOpsView) {
  return {
    entityRef: view.entityRef,
    level: view.level,
    findings: findingsOf(view.findings),
    clusters: view.clusters.map(c => ({
      name: c.cluster.name,
      environment: c.cluster.environment,
      synced: c.cluster.synced,
      ...(c.cluster.error ? { error: c.cluster.error.message } : {}),
      level: c.level,
      deployments: c.deployments.map(d => ({
        kind: d.kind,
        namespace: d.namespace,
        name: d.name,
        ready: `${d.readyReplicas}/${d.desiredReplicas}`,
        rollout: d.rollout,
        restarts: d.restarts,
        level: d.level,
        ...(d.hpa
          ? {
              hpa: {
                min: d.hpa.minReplicas,
                max: d.hpa.maxReplicas,
                current: d.hpa.currentReplicas,
              },
            }
          : {}),
      })),
      certificates: c.certificates.length,
      databases: c.databases.map(db => `${db.namespace}/${db.name}`),
      applications: c.applications.map(a => ({
        namespace: a.namespace,
        name: a.name,
        sync: a.syncStatus,
        health: a.healthStatus,
      })),
      externalSecrets: c.externalSecrets.map(
        es => `${es.namespace}/${es.name}`,
      ),
      volumes: c.pvcs.length,
    })),
    errors: view.errors,
  };
}

export function certificatesOf(view: EntityOpsView) {
  return view.clusters.flatMap(c =>
    c.certificates.map(cert => ({
      cluster: c.cluster.name,
      namespace: cert.namespace,
      name: cert.name,
      ready: cert.ready,
      ...(cert.readyReason ? { readyReason: cert.readyReason } : {}),
      notAfter: cert.notAfter,
      daysToExpiry: cert.daysToExpiry,
      issuer: `${cert.issuer.kind}/${cert.issuer.name}`,
      dnsNames: cert.dnsNames,
      ...(cert.failure ? { failingRenewal: cert.failure } : {}),
      findings: findingsOf(cert.findings),
    })),
  );
}

export function backupsOf(view: EntityOpsView) {
  return view.clusters.flatMap(c =>
    c.databases.map(db => ({
      cluster: c.cluster.name,
      namespace: db.namespace,
      name: db.name,
      healthy: db.healthy,
      phase: db.phase,
      primary: db.currentPrimary,
      instances: `${db.readyInstances}/${db.instances}`,
      walArchiving: db.walArchiving,
      lastSuccessfulBackup: db.lastSuccessfulBackup?.stoppedAt,
      lastSuccessfulBackupAgeSeconds: db.lastSuccessfulBackupAgeSeconds,
      recoveryWindow: db.recoveryWindow,
      scheduledBackups: db.scheduledBackups.map(s => ({
        name: s.name,
        schedule: s.schedule,
        suspended: s.suspended,
      })),
      recentBackups: db.recentBackups.slice(0, 5).map(b => ({
        name: b.name,
        phase: b.phase,
        stoppedAt: b.stoppedAt,
        ...(b.error ? { error: b.error } : {}),
      })),
      findings: findingsOf(db.findings),
    })),
  );
}

export function operationOf(op: OperationRecord) {
  return {
    id: op.id,
    runbook: op.runbook,
    cluster: op.cluster,
    target: op.target,
    dryRun: op.dryRun,
    status: op.status,
    initiatedBy: op.initiatedBy,
    ...(op.origin ? { origin: op.origin } : {}),
    createdAt: op.createdAt,
    finishedAt: op.finishedAt,
    summary: op.summary,
    ...(op.approval ? { approval: op.approval } : {}),
  };
}

/** The rows of a platform table that are not ok, with their cluster and entity and what `pick` takes of the item. */
function needingAttention<T extends { level: string }, R>(
  rows: Array<{ cluster: string; entityRef?: string; item: T }>,
  pick: (item: T) => R,
) {
  return rows
    .filter(r => r.item.level !== 'ok')
    .map(r => ({
      cluster: r.cluster,
      entityRef: r.entityRef,
      ...pick(r.item),
    }));
}

export function platformSummary(view: PlatformHealthView) {
  return {
    level: view.level,
    findings: findingsOf(view.findings),
    clusters: view.clusters.map(c => ({
      name: c.name,
      environment: c.environment,
      synced: c.synced,
      ...(c.error ? { error: c.error.message } : {}),
    })),
    nodesNotReady: view.nodes
      .filter(n => n.level !== 'ok')
      .map(n => ({ name: n.name, level: n.level })),
    failingPods: view.nonRunningPods.map(r => ({
      cluster: r.cluster,
      entityRef: r.entityRef,
      pod: `${r.item.namespace}/${r.item.name}`,
      status: r.item.status,
    })),
    certificates: needingAttention(view.certificates, item => ({
      certificate: `${item.namespace}/${item.name}`,
      daysToExpiry: item.daysToExpiry,
      level: item.level,
    })),
    volumes: needingAttention(view.pvcs, item => ({
      volume: `${item.namespace}/${item.name}`,
      usedPercent:
        item.usedRatio === undefined
          ? undefined
          : Math.round(item.usedRatio * 100),
      level: item.level,
    })),
    databases: needingAttention(view.databases, item => ({
      database: `${item.namespace}/${item.name}`,
      phase: item.phase,
      level: item.level,
    })),
    outOfSyncApplications: needingAttention(view.applications, item => ({
      application: item.name,
      sync: item.syncStatus,
      health: item.healthStatus,
    })),
    warningEvents: view.warningEvents.slice(0, 20).map(r => ({
      cluster: r.cluster,
      reason: r.item.reason,
      message: r.item.message,
    })),
    ...(view.truncated ? { truncated: view.truncated } : {}),
    errors: view.errors,
  };
}
