import type { ResourceType } from '@gsv/plugin-gsv-ops-node';

export type { ResourceType } from '@gsv/plugin-gsv-ops-node';

export const RESOURCES = {
  pod: { kind: 'Pod', group: '', version: 'v1', plural: 'pods' },
  event: { kind: 'Event', group: '', version: 'v1', plural: 'events' },
  deployment: { kind: 'Deployment', group: 'apps', version: 'v1', plural: 'deployments' },
  replicaSet: { kind: 'ReplicaSet', group: 'apps', version: 'v1', plural: 'replicasets' },
  hpa: { kind: 'HorizontalPodAutoscaler', group: 'autoscaling', version: 'v2', plural: 'horizontalpodautoscalers' },
  job: { kind: 'Job', group: 'batch', version: 'v1', plural: 'jobs' },
  cnpgCluster: { kind: 'Cluster', group: 'postgresql.cnpg.io', version: 'v1', plural: 'clusters' },
  backup: { kind: 'Backup', group: 'postgresql.cnpg.io', version: 'v1', plural: 'backups' },
  scheduledBackup: { kind: 'ScheduledBackup', group: 'postgresql.cnpg.io', version: 'v1', plural: 'scheduledbackups' },
  pooler: { kind: 'Pooler', group: 'postgresql.cnpg.io', version: 'v1', plural: 'poolers' },
  objectStore: { kind: 'ObjectStore', group: 'barmancloud.cnpg.io', version: 'v1', plural: 'objectstores' },
  certificate: { kind: 'Certificate', group: 'cert-manager.io', version: 'v1', plural: 'certificates' },
  certificateRequest: { kind: 'CertificateRequest', group: 'cert-manager.io', version: 'v1', plural: 'certificaterequests' },
  // v1 since External Secrets 0.16 (2025); older operators serve v1beta1 with the same shape.
  externalSecret: { kind: 'ExternalSecret', group: 'external-secrets.io', version: 'v1', plural: 'externalsecrets', fallbackVersions: ['v1beta1'] },
  application: { kind: 'Application', group: 'argoproj.io', version: 'v1alpha1', plural: 'applications' },
} satisfies Record<string, ResourceType>;

export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** `/apis/apps/v1/namespaces/cmp/deployments` */
export function collectionPathOf(type: ResourceType, namespace: string): string {
  const prefix = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
  return `${prefix}/namespaces/${encodeURIComponent(namespace)}/${type.plural}`;
}

/** `/apis/apps/v1/namespaces/cmp/deployments/agent-registry[/scale]` */
export function objectPathOf(type: ResourceType, namespace: string, name: string, subresource?: string): string {
  return `${collectionPathOf(type, namespace)}/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ''}`;
}

/** "deployment cmp/agent-registry" */
export function describeObject(type: ResourceType, namespace: string, name: string): string {
  return `${type.kind.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} ${namespace}/${name}`;
}
