/** The kinds the watch cache holds, one list+watch per cluster (and per namespace when namespaces are configured). */
export type WatchedKind =
  | 'namespaces'
  | 'nodes'
  | 'pods'
  | 'events'
  | 'persistentvolumeclaims'
  | 'deployments'
  | 'replicasets'
  | 'statefulsets'
  | 'daemonsets'
  | 'horizontalpodautoscalers'
  | 'jobs'
  | 'cronjobs'
  | 'certificates'
  | 'certificaterequests'
  | 'cnpgclusters'
  | 'backups'
  | 'scheduledbackups'
  | 'poolers'
  | 'objectstores'
  | 'applications'
  | 'externalsecrets'
  | 'prometheusrules'
  | 'vulnerabilityreports'
  | 'roles'
  | 'rolebindings'
  | 'clusterroles'
  | 'clusterrolebindings';

export interface KindDefinition {
  id: WatchedKind;
  /** `''` for the core group. */
  group: string;
  /** Tried in order: a cluster that serves only an older version (404 on the first) is read through the next. */
  versions: string[];
  plural: string;
  kind: string;
  namespaced: boolean;
  /** Provided by a CRD: a 404 on list means "not installed here", not an error. */
  optional: boolean;
}

const RBAC = 'rbac.authorization.k8s.io';

export const KINDS: Record<WatchedKind, KindDefinition> = {
  namespaces: core('namespaces', 'Namespace', false),
  nodes: core('nodes', 'Node', false),
  pods: core('pods', 'Pod', true),
  events: core('events', 'Event', true),
  persistentvolumeclaims: core('persistentvolumeclaims', 'PersistentVolumeClaim', true),
  deployments: builtIn('apps', 'v1', 'deployments', 'Deployment'),
  replicasets: builtIn('apps', 'v1', 'replicasets', 'ReplicaSet'),
  statefulsets: builtIn('apps', 'v1', 'statefulsets', 'StatefulSet'),
  daemonsets: builtIn('apps', 'v1', 'daemonsets', 'DaemonSet'),
  horizontalpodautoscalers: builtIn('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler'),
  jobs: builtIn('batch', 'v1', 'jobs', 'Job'),
  cronjobs: builtIn('batch', 'v1', 'cronjobs', 'CronJob'),
  certificates: crd('cert-manager.io', ['v1'], 'certificates', 'Certificate'),
  certificaterequests: crd('cert-manager.io', ['v1'], 'certificaterequests', 'CertificateRequest'),
  cnpgclusters: crd('postgresql.cnpg.io', ['v1'], 'clusters', 'Cluster', 'cnpgclusters'),
  backups: crd('postgresql.cnpg.io', ['v1'], 'backups', 'Backup'),
  scheduledbackups: crd('postgresql.cnpg.io', ['v1'], 'scheduledbackups', 'ScheduledBackup'),
  poolers: crd('postgresql.cnpg.io', ['v1'], 'poolers', 'Pooler'),
  objectstores: crd('barmancloud.cnpg.io', ['v1'], 'objectstores', 'ObjectStore'),
  applications: crd('argoproj.io', ['v1alpha1'], 'applications', 'Application'),
  externalsecrets: crd('external-secrets.io', ['v1', 'v1beta1'], 'externalsecrets', 'ExternalSecret'),
  prometheusrules: crd('monitoring.coreos.com', ['v1'], 'prometheusrules', 'PrometheusRule'),
  // The Security card: trivy-operator's scans and what the workloads' service accounts may do.
  vulnerabilityreports: crd('aquasecurity.github.io', ['v1alpha1'], 'vulnerabilityreports', 'VulnerabilityReport'),
  roles: builtIn(RBAC, 'v1', 'roles', 'Role'),
  rolebindings: builtIn(RBAC, 'v1', 'rolebindings', 'RoleBinding'),
  clusterroles: { ...builtIn(RBAC, 'v1', 'clusterroles', 'ClusterRole'), namespaced: false },
  clusterrolebindings: { ...builtIn(RBAC, 'v1', 'clusterrolebindings', 'ClusterRoleBinding'), namespaced: false },
};

/** The kinds only the Security card reads: a cluster that refuses them degrades that card, not the Ops views. */
export const SECURITY_KINDS: ReadonlySet<WatchedKind> = new Set([
  'vulnerabilityreports',
  'roles',
  'rolebindings',
  'clusterroles',
  'clusterrolebindings',
]);

/** The kinds only the alert rules card reads: a cluster without prometheus-operator degrades that card, not the Ops views. */
export const ALERTING_KINDS: ReadonlySet<WatchedKind> = new Set(['prometheusrules']);

export const ALL_KINDS = Object.keys(KINDS) as WatchedKind[];

/** The collection path of a kind, cluster-wide or in one namespace. */
export function collectionPath(def: KindDefinition, version: string, namespace?: string): string {
  const prefix = def.group === '' ? `/api/${version}` : `/apis/${def.group}/${version}`;
  const ns = def.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${prefix}${ns}/${def.plural}`;
}

function core(plural: string, kind: string, namespaced: boolean): KindDefinition {
  return { id: plural as WatchedKind, group: '', versions: ['v1'], plural, kind, namespaced, optional: false };
}

function builtIn(group: string, version: string, plural: string, kind: string): KindDefinition {
  return { id: plural as WatchedKind, group, versions: [version], plural, kind, namespaced: true, optional: false };
}

function crd(group: string, versions: string[], plural: string, kind: string, id?: string): KindDefinition {
  return {
    id: (id ?? plural) as WatchedKind,
    group,
    versions,
    plural,
    kind,
    namespaced: true,
    optional: true,
  };
}
