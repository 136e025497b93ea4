import type { KubeObject } from '../api/types';
import { VIEWER_USERNAME } from './identities';

/**
 * The built-in roles a fresh API server carries (cluster-admin, discovery, basic-user, public-info), plus a
 * read-only `view` role without Secrets for the viewer identity. The suite's own RBAC comes from deploy/ YAML.
 */

const rbacVersion = 'rbac.authorization.k8s.io/v1';
const bootstrapLabels = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };

function clusterRole(name: string, rules: unknown[], labels: Record<string, string> = bootstrapLabels): KubeObject {
  return { apiVersion: rbacVersion, kind: 'ClusterRole', metadata: { name, labels }, rules };
}

function clusterRoleBinding(name: string, role: string, subjects: unknown[]): KubeObject {
  return {
    apiVersion: rbacVersion,
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: bootstrapLabels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects,
  };
}

const readVerbs = ['get', 'list', 'watch'];

export function bootstrapPolicy(): KubeObject[] {
  return [
    clusterRole('cluster-admin', [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ]),
    clusterRole('system:discovery', [
      {
        nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'],
        verbs: ['get'],
      },
    ]),
    clusterRole('system:public-info-viewer', [
      { nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] },
    ]),
    clusterRole('system:basic-user', [
      { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] },
    ]),
    clusterRole('view', [
      {
        apiGroups: [''],
        resources: [
          'configmaps', 'endpoints', 'events', 'limitranges', 'namespaces', 'nodes', 'persistentvolumeclaims',
          'persistentvolumes', 'pods', 'pods/log', 'pods/status', 'resourcequotas', 'serviceaccounts', 'services',
        ],
        verbs: readVerbs,
      },
      { apiGroups: ['apps'], resources: ['controllerrevisions', 'daemonsets', 'deployments', 'deployments/scale', 'replicasets', 'statefulsets'], verbs: readVerbs },
      { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: readVerbs },
      { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: readVerbs },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'ingressclasses'], verbs: readVerbs },
      { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: readVerbs },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: readVerbs },
      { apiGroups: ['metrics.k8s.io'], resources: ['pods', 'nodes'], verbs: readVerbs },
      { apiGroups: ['cert-manager.io'], resources: ['certificates', 'certificaterequests', 'issuers', 'clusterissuers'], verbs: readVerbs },
      { apiGroups: ['postgresql.cnpg.io'], resources: ['clusters', 'backups', 'scheduledbackups', 'poolers'], verbs: readVerbs },
      { apiGroups: ['barmancloud.cnpg.io'], resources: ['objectstores'], verbs: readVerbs },
      { apiGroups: ['argoproj.io'], resources: ['applications'], verbs: readVerbs },
      { apiGroups: ['external-secrets.io'], resources: ['externalsecrets', 'secretstores', 'clustersecretstores'], verbs: readVerbs },
      { apiGroups: ['monitoring.coreos.com'], resources: ['prometheusrules'], verbs: readVerbs },
    ], { 'kubernetes.io/bootstrapping': 'rbac-defaults', 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' }),
    clusterRoleBinding('cluster-admin', 'cluster-admin', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:masters' }]),
    clusterRoleBinding('system:discovery', 'system:discovery', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' }]),
    clusterRoleBinding('system:public-info-viewer', 'system:public-info-viewer', [
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:unauthenticated' },
    ]),
    clusterRoleBinding('system:basic-user', 'system:basic-user', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' }]),
    clusterRoleBinding('gsv-viewer', 'view', [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: VIEWER_USERNAME }]),
  ];
}
