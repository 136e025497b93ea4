import type { ClusterOpsView, OpsTarget } from '@gsv/plugin-gsv-ops-common';
import type { EntityTargets } from '../../../domain/selectors';
import type { ClusterCache } from '../../WatchCache/ClusterCache';
import type { TargetBase } from './types';

/** The entity's certificates, with expiry, issuer and the state of issuance. */
export function certificateTargets(base: TargetBase, view: ClusterOpsView): OpsTarget[] {
  return view.certificates.map(c => ({
    ...base,
    kind: 'Certificate' as const,
    namespace: c.namespace,
    name: c.name,
    description: `${c.ready === 'True' ? 'Ready' : `Not ready (${c.readyReason ?? c.ready})`}${expiryText(c.daysToExpiry)}`,
    details: {
      ready: c.ready,
      notAfter: c.notAfter,
      daysToExpiry: c.daysToExpiry,
      renewalTime: c.renewalTime,
      issuer: c.issuer,
      dnsNames: c.dnsNames,
      secretName: c.secretName,
      issuing: c.issuing,
      revision: c.revision,
      failure: c.failure,
    },
  }));
}

/** The entity's ExternalSecrets, with their refresh policy and consumers. */
export function externalSecretTargets(base: TargetBase, view: ClusterOpsView): OpsTarget[] {
  return view.externalSecrets.map(es => ({
    ...base,
    kind: 'ExternalSecret' as const,
    namespace: es.namespace,
    name: es.name,
    description: `${es.ready === 'True' ? 'Synced' : `Not synced (${es.reason ?? es.ready})`}${es.refreshTime ? `, refreshed ${es.refreshTime}` : ''}`,
    details: {
      ready: es.ready,
      refreshPolicy: es.refreshPolicy ?? 'Periodic',
      refreshInterval: es.refreshInterval,
      refreshTime: es.refreshTime,
      targetSecret: es.targetSecret,
      forceSync: es.forceSync,
      consumers: es.consumers,
      store: es.store,
    },
  }));
}

/** The entity's Argo CD applications, with sync and health. */
export function applicationTargets(base: TargetBase, view: ClusterOpsView, cache: ClusterCache): OpsTarget[] {
  return view.applications.map(app => {
    const object = cache.get('applications', app.namespace, app.name);
    return {
      ...base,
      kind: 'Application' as const,
      namespace: app.namespace,
      name: app.name,
      description: `${app.syncStatus} / ${app.healthStatus}${app.revision ? `, ${app.revision.slice(0, 7)}` : ''}`,
      details: {
        syncStatus: app.syncStatus,
        healthStatus: app.healthStatus,
        revision: app.revision,
        targetRevision: app.targetRevision,
        automated: Boolean(object?.spec?.syncPolicy?.automated),
        operationPhase: app.operationPhase,
        operationInProgress: Boolean(object?.operation) || app.operationPhase === 'Running',
      },
    };
  });
}

/** The namespaces the entity's objects live in. */
export function namespaceTargets(base: TargetBase, view: ClusterOpsView, cache: ClusterCache, targets: EntityTargets): OpsTarget[] {
  const names = new Set<string>();
  if (targets.namespace) names.add(targets.namespace);
  for (const list of [view.deployments, view.otherPods, view.jobs, view.databases, view.externalSecrets, view.pvcs]) {
    for (const o of list as Array<{ namespace: string }>) if (o.namespace) names.add(o.namespace);
  }
  return [...names].sort().flatMap(name => {
    const ns = cache.get('namespaces', undefined, name);
    return ns
      ? [{ ...base, kind: 'Namespace' as const, name, description: ns.status?.phase ?? 'Active', details: { phase: ns.status?.phase } }]
      : [];
  });
}

function expiryText(days: number | undefined): string {
  if (days === undefined) return '';
  return days < 0 ? ', expired' : `, expires in ${days} days`;
}
