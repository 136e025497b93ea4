import { JSONPath } from 'jsonpath-plus';
import type { FieldCause } from '../api/errors';
import type { KubeObject } from '../api/types';
import { isValidCronSchedule } from './batch';
import { column, crdAgeColumn, invalidValue, nameColumn, notSupported, required, validateObjectMeta } from './common';
import type { ResourceDefinition, TableColumn } from './types';

/**
 * The custom resources of the GSV platform (cert-manager, CloudNativePG + Barman Cloud plugin, Argo CD, External
 * Secrets), with the printer columns of their CRDs. Served like CRDs: no strategic merge patch.
 */

const conditionStatus = (type: string) => `.status.conditions[?(@.type=="${type}")].status`;
const conditionMessage = (type: string) => `.status.conditions[?(@.type=="${type}")].message`;
const conditionReason = (type: string) => `.status.conditions[?(@.type=="${type}")].reason`;

/** A CRD printer column: the cell is the first value its JSONPath finds, as the API server's table convertor does. */
function printer(
  name: string,
  jsonPath: string,
  options: { type?: TableColumn['type']; priority?: number; description?: string } = {},
): TableColumn {
  const cell: TableColumn['cell'] = object => {
    const [value] = JSONPath({ path: `$${jsonPath}`, json: object, wrap: true }) as unknown[];
    return value === undefined || value === null ? null : (value as string | number | boolean);
  };
  return { ...column(name, cell, options), jsonPath };
}

function immutableSpec(field: string, object: KubeObject, old: KubeObject | undefined, path: (o: KubeObject) => unknown): FieldCause[] {
  if (old && JSON.stringify(path(old)) !== JSON.stringify(path(object))) {
    return [invalidValue(field, path(object), 'field is immutable')];
  }
  return [];
}

/** The PgBouncer options CloudNativePG lets a Pooler set (pkg/specs/pgbouncer: AllowedPgbouncerGenericConfigurationParameters). */
const PGBOUNCER_PARAMETERS = new Set(
  (
    'application_name_add_host autodb_idle_timeout client_idle_timeout client_login_timeout default_pool_size disable_pqexec ' +
    'idle_transaction_timeout ignore_startup_parameters log_connections log_disconnections log_pooler_errors log_stats ' +
    'max_client_conn max_db_connections max_prepared_statements max_user_connections min_pool_size query_timeout ' +
    'query_wait_timeout reserve_pool_size reserve_pool_timeout server_check_delay server_check_query server_connect_timeout ' +
    'server_fast_close server_idle_timeout server_lifetime server_login_retry server_reset_query server_reset_query_always ' +
    'server_round_robin stats_period track_extra_parameters verbose'
  ).split(' '),
);

const certManager = 'cert-manager.io';
const cnpg = 'postgresql.cnpg.io';

export const customResources: ResourceDefinition[] = [
  {
    group: certManager,
    version: 'v1',
    resource: 'certificates',
    kind: 'Certificate',
    singular: 'certificate',
    namespaced: true,
    shortNames: ['cert', 'certs'],
    categories: ['cert-manager'],
    custom: true,
    hasStatus: true,
    columns: [
      nameColumn,
      printer('Ready', conditionStatus('Ready')),
      printer('Secret', '.spec.secretName'),
      printer('Issuer', '.spec.issuerRef.name', { priority: 1 }),
      printer('Status', conditionMessage('Ready'), { priority: 1 }),
      printer('Expiration', '.status.notAfter', { type: 'date', priority: 1 }),
      crdAgeColumn,
    ],
    validate(cert) {
      const causes = validateObjectMeta(cert);
      if (!cert.spec?.secretName) causes.push(required('spec.secretName'));
      if (!cert.spec?.issuerRef?.name) causes.push(required('spec.issuerRef.name'));
      if (!(cert.spec?.dnsNames ?? []).length && !cert.spec?.commonName && !(cert.spec?.ipAddresses ?? []).length && !(cert.spec?.uris ?? []).length) {
        causes.push({ reason: 'FieldValueInvalid', field: 'spec', message: 'Invalid value: "": at least one of commonName, dnsNames, uriSANs, ipAddresses, emailSANs or literalSubject must be set' });
      }
      return causes;
    },
  },
  {
    group: certManager,
    version: 'v1',
    resource: 'certificaterequests',
    kind: 'CertificateRequest',
    singular: 'certificaterequest',
    namespaced: true,
    shortNames: ['cr', 'crs'],
    categories: ['cert-manager'],
    custom: true,
    hasStatus: true,
    columns: [
      nameColumn,
      printer('Approved', conditionStatus('Approved')),
      printer('Denied', conditionStatus('Denied')),
      printer('Ready', conditionStatus('Ready')),
      printer('Issuer', '.spec.issuerRef.name'),
      printer('Requester', '.spec.username'),
      printer('Status', conditionMessage('Ready'), { priority: 1 }),
      crdAgeColumn,
    ],
    validate(cr, old) {
      const causes = validateObjectMeta(cr);
      if (!cr.spec?.issuerRef?.name) causes.push(required('spec.issuerRef.name'));
      if (!cr.spec?.request) causes.push(required('spec.request'));
      return [...causes, ...immutableSpec('spec', cr, old, object => object.spec)];
    },
  },
  ...(['issuers', 'clusterissuers'] as const).map(
    (resource): ResourceDefinition => ({
      group: certManager,
      version: 'v1',
      resource,
      kind: resource === 'issuers' ? 'Issuer' : 'ClusterIssuer',
      singular: resource.slice(0, -1),
      namespaced: resource === 'issuers',
      categories: ['cert-manager'],
      custom: true,
      hasStatus: true,
      columns: [nameColumn, printer('Ready', conditionStatus('Ready')), printer('Status', conditionMessage('Ready'), { priority: 1 }), crdAgeColumn],
      validate: issuer => validateObjectMeta(issuer),
    }),
  ),
  {
    group: cnpg,
    version: 'v1',
    resource: 'clusters',
    kind: 'Cluster',
    singular: 'cluster',
    namespaced: true,
    custom: true,
    hasStatus: true,
    scale: {
      specReplicas: cluster => cluster.spec?.instances ?? 1,
      setSpecReplicas: (cluster, replicas) => {
        cluster.spec = { ...cluster.spec, instances: replicas };
      },
      statusReplicas: cluster => cluster.status?.instances ?? 0,
      selector: cluster => `cnpg.io/cluster=${cluster.metadata.name},cnpg.io/podRole=instance`,
    },
    columns: [
      nameColumn,
      crdAgeColumn,
      printer('Instances', '.status.instances', { type: 'integer', description: 'Number of instances' }),
      printer('Ready', '.status.readyInstances', { type: 'integer', description: 'Number of ready instances' }),
      printer('Status', '.status.phase', { description: 'Cluster current status' }),
      printer('Primary', '.status.currentPrimary', { description: 'Primary pod' }),
    ],
    defaults(cluster) {
      const spec = (cluster.spec ??= {});
      spec.instances ??= 1;
      spec.imageName ??= 'ghcr.io/cloudnative-pg/postgresql:16.4';
      spec.primaryUpdateStrategy ??= 'unsupervised';
      spec.primaryUpdateMethod ??= 'restart';
      spec.logLevel ??= 'info';
      spec.enableSuperuserAccess ??= false;
      spec.postgresql ??= {};
      spec.postgresql.parameters ??= {};
      spec.failoverDelay ??= 0;
      spec.switchoverDelay ??= 3600;
      spec.startDelay ??= 3600;
      spec.stopDelay ??= 1800;
      spec.smartShutdownTimeout ??= 180;
      spec.maxSyncReplicas ??= 0;
      spec.minSyncReplicas ??= 0;
    },
    validate(cluster, old) {
      const causes = validateObjectMeta(cluster);
      const instances = cluster.spec?.instances;
      if (typeof instances !== 'number' || instances < 1) causes.push(invalidValue('spec.instances', instances, 'should be greater than or equal to 1'));
      if (!cluster.spec?.storage?.size && !cluster.spec?.storage?.pvcTemplate) causes.push(required('spec.storage.size'));
      const bootstrap = cluster.spec?.bootstrap ?? {};
      if (Object.keys(bootstrap).length > 1) {
        causes.push(invalidValue('spec.bootstrap', Object.keys(bootstrap).join(','), 'Only one bootstrap method can be specified at a time'));
      }
      if (bootstrap.recovery && !bootstrap.recovery.source && !bootstrap.recovery.backup?.name && !bootstrap.recovery.volumeSnapshots) {
        causes.push(required('spec.bootstrap.recovery.source'));
      }
      if (bootstrap.recovery?.source) {
        const sources: Array<{ name: string }> = cluster.spec?.externalClusters ?? [];
        if (!sources.some(source => source.name === bootstrap.recovery.source)) {
          causes.push(invalidValue('spec.bootstrap.recovery.source', bootstrap.recovery.source, 'External cluster not found in externalClusters'));
        }
      }
      return [...causes, ...immutableSpec('spec.bootstrap', cluster, old, object => object.spec?.bootstrap)];
    },
  },
  {
    group: cnpg,
    version: 'v1',
    resource: 'backups',
    kind: 'Backup',
    singular: 'backup',
    namespaced: true,
    custom: true,
    hasStatus: true,
    columns: [
      nameColumn,
      crdAgeColumn,
      printer('Cluster', '.spec.cluster.name'),
      printer('Method', '.spec.method'),
      printer('Phase', '.status.phase'),
      printer('Error', '.status.error'),
    ],
    defaults(backup) {
      backup.spec ??= {};
      backup.spec.method ??= 'barmanObjectStore';
    },
    validate(backup, old) {
      const causes = validateObjectMeta(backup);
      if (!backup.spec?.cluster?.name) causes.push(required('spec.cluster.name'));
      const method = backup.spec?.method;
      if (method && !['barmanObjectStore', 'volumeSnapshot', 'plugin'].includes(method)) {
        causes.push(notSupported('spec.method', method, ['barmanObjectStore', 'volumeSnapshot', 'plugin']));
      }
      if (method === 'plugin' && !backup.spec?.pluginConfiguration?.name) causes.push(required('spec.pluginConfiguration.name'));
      return [...causes, ...immutableSpec('spec', backup, old, object => object.spec)];
    },
  },
  {
    group: cnpg,
    version: 'v1',
    resource: 'scheduledbackups',
    kind: 'ScheduledBackup',
    singular: 'scheduledbackup',
    namespaced: true,
    custom: true,
    hasStatus: true,
    columns: [
      nameColumn,
      crdAgeColumn,
      printer('Cluster', '.spec.cluster.name'),
      printer('Last Backup', '.status.lastScheduleTime', { type: 'date' }),
    ],
    defaults(sb) {
      sb.spec ??= {};
      sb.spec.backupOwnerReference ??= 'none';
      sb.spec.method ??= 'barmanObjectStore';
      sb.spec.suspend ??= false;
    },
    validate(sb, old) {
      const causes = validateObjectMeta(sb);
      if (!sb.spec?.cluster?.name) causes.push(required('spec.cluster.name'));
      if (!sb.spec?.schedule) causes.push(required('spec.schedule'));
      else if (!isValidCronSchedule(sb.spec.schedule, 6)) {
        causes.push(invalidValue('spec.schedule', sb.spec.schedule, 'the schedule must be a valid 6-field cron expression (with seconds)'));
      }
      return [...causes, ...immutableSpec('spec.cluster', sb, old, object => object.spec?.cluster)];
    },
  },
  {
    group: cnpg,
    version: 'v1',
    resource: 'poolers',
    kind: 'Pooler',
    singular: 'pooler',
    namespaced: true,
    custom: true,
    hasStatus: true,
    scale: {
      specReplicas: pooler => pooler.spec?.instances ?? 1,
      setSpecReplicas: (pooler, replicas) => {
        pooler.spec = { ...pooler.spec, instances: replicas };
      },
      statusReplicas: pooler => pooler.status?.instances ?? 0,
      selector: pooler => `cnpg.io/poolerName=${pooler.metadata.name}`,
    },
    columns: [nameColumn, crdAgeColumn, printer('Cluster', '.spec.cluster.name'), printer('Type', '.spec.type')],
    defaults(pooler) {
      const spec = (pooler.spec ??= {});
      spec.instances ??= 1;
      spec.type ??= 'rw';
      spec.pgbouncer ??= {};
      spec.pgbouncer.poolMode ??= 'session';
      spec.pgbouncer.paused ??= false;
    },
    validate(pooler) {
      const causes = validateObjectMeta(pooler);
      if (!pooler.spec?.cluster?.name) causes.push(required('spec.cluster.name'));
      if (pooler.spec?.cluster?.name === pooler.metadata.name) {
        causes.push(invalidValue('metadata.name', pooler.metadata.name, 'the pooler resource cannot have the same name of a cluster'));
      }
      const instances = pooler.spec?.instances;
      if (typeof instances !== 'number' || instances < 0) causes.push(invalidValue('spec.instances', instances, 'should be greater than or equal to 0'));
      // CNPG's webhook accepts only the PgBouncer options it lets users set (the rest it manages itself).
      for (const key of Object.keys(pooler.spec?.pgbouncer?.parameters ?? {})) {
        if (!PGBOUNCER_PARAMETERS.has(key)) causes.push(invalidValue(`spec.pgbouncer.parameters.${key}`, key, 'Invalid or reserved parameter'));
      }
      return causes;
    },
  },
  {
    group: 'barmancloud.cnpg.io',
    version: 'v1',
    resource: 'objectstores',
    kind: 'ObjectStore',
    singular: 'objectstore',
    namespaced: true,
    custom: true,
    hasStatus: true,
    columns: [nameColumn, crdAgeColumn],
    validate(store) {
      const causes = validateObjectMeta(store);
      if (!store.spec?.configuration?.destinationPath) causes.push(required('spec.configuration.destinationPath'));
      return causes;
    },
  },
  {
    group: 'argoproj.io',
    version: 'v1alpha1',
    resource: 'applications',
    kind: 'Application',
    singular: 'application',
    namespaced: true,
    shortNames: ['app', 'apps'],
    custom: true,
    columns: [
      nameColumn,
      printer('Sync Status', '.status.sync.status'),
      printer('Health Status', '.status.health.status'),
      printer('Revision', '.status.sync.revision', { priority: 10 }),
      printer('Project', '.spec.project', { priority: 10 }),
    ],
    validate(app) {
      const causes = validateObjectMeta(app);
      if (!app.spec?.destination) causes.push(required('spec.destination'));
      if (!app.spec?.source && !(app.spec?.sources ?? []).length) causes.push(required('spec.source'));
      return causes;
    },
  },
  {
    group: 'external-secrets.io',
    version: 'v1',
    resource: 'externalsecrets',
    kind: 'ExternalSecret',
    singular: 'externalsecret',
    namespaced: true,
    shortNames: ['es'],
    categories: ['external-secrets'],
    custom: true,
    hasStatus: true,
    columns: [
      nameColumn,
      printer('StoreType', '.spec.secretStoreRef.kind', { priority: 1 }),
      printer('Store', '.spec.secretStoreRef.name'),
      printer('Refresh Interval', '.spec.refreshInterval'),
      printer('Status', conditionReason('Ready')),
      printer('Ready', conditionStatus('Ready')),
      printer('Last Sync', '.status.refreshTime', { type: 'date', priority: 1 }),
    ],
    defaults(es) {
      es.spec ??= {};
      es.spec.refreshInterval ??= '1h0m0s';
      es.spec.refreshPolicy ??= 'Periodic';
      es.spec.target ??= {};
      es.spec.target.creationPolicy ??= 'Owner';
      es.spec.target.deletionPolicy ??= 'Retain';
    },
    validate(es) {
      const causes = validateObjectMeta(es);
      const policy = es.spec?.refreshPolicy;
      if (policy && !['Periodic', 'OnChange', 'CreatedOnce'].includes(policy)) {
        causes.push(notSupported('spec.refreshPolicy', policy, ['CreatedOnce', 'OnChange', 'Periodic']));
      }
      return causes;
    },
  },
  ...(['clustersecretstores', 'secretstores'] as const).map(
    (resource): ResourceDefinition => ({
      group: 'external-secrets.io',
      version: 'v1',
      resource,
      kind: resource === 'secretstores' ? 'SecretStore' : 'ClusterSecretStore',
      singular: resource.slice(0, -1),
      namespaced: resource === 'secretstores',
      shortNames: resource === 'secretstores' ? ['ss'] : ['css'],
      categories: ['external-secrets'],
      custom: true,
      hasStatus: true,
      columns: [
        nameColumn,
        crdAgeColumn,
        printer('Status', conditionReason('Ready')),
        printer('Capabilities', '.status.capabilities'),
        printer('Ready', conditionStatus('Ready')),
      ],
      validate: store => validateObjectMeta(store),
    }),
  ),
  {
    // trivy-operator writes one per workload container: the scan result sits under `report`, there is no spec.
    group: 'aquasecurity.github.io',
    version: 'v1alpha1',
    resource: 'vulnerabilityreports',
    kind: 'VulnerabilityReport',
    singular: 'vulnerabilityreport',
    namespaced: true,
    shortNames: ['vuln', 'vulns'],
    custom: true,
    columns: [
      nameColumn,
      printer('Repository', '.report.artifact.repository'),
      printer('Tag', '.report.artifact.tag'),
      printer('Scanner', '.report.scanner.name'),
      crdAgeColumn,
      ...(['Critical', 'High', 'Medium', 'Low', 'Unknown'] as const).map(level =>
        printer(level, `.report.summary.${level.toLowerCase()}Count`, { type: 'integer', priority: 1 }),
      ),
    ],
    validate(report) {
      const causes = validateObjectMeta(report);
      if (!report.report) causes.push(required('report'));
      return causes;
    },
  },
];
