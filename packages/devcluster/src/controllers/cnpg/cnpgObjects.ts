import type { KubeObject } from '../../api/types';
import { ownerReference } from '../helpers';

/** CloudNativePG conventions shared by its controllers and the seed: labels, names, instance pods, services. */

export const PLUGIN_NAME = 'barman-cloud.cloudnative-pg.io';
export const HEALTHY_PHASE = 'Cluster in healthy state';
export const OPERATOR_VERSION = '1.25.1';

export function instanceName(cluster: string, serial: number): string {
  return `${cluster}-${serial}`;
}

export function serialOf(podName: string): number {
  const match = /-(\d+)$/.exec(podName);
  return match ? Number(match[1]) : 0;
}

/** The Barman Cloud ObjectStore a cluster archives to (plugin parameter), or the cluster's in-tree store. */
export function objectStoreOf(cluster: KubeObject): { name: string; serverName: string } | undefined {
  const plugin = ((cluster.spec?.plugins ?? []) as Array<{ name: string; parameters?: Record<string, string> }>).find(
    candidate => candidate.name === PLUGIN_NAME,
  );
  if (plugin?.parameters?.barmanObjectName) {
    return { name: plugin.parameters.barmanObjectName, serverName: plugin.parameters.serverName ?? cluster.metadata.name ?? '' };
  }
  if (cluster.spec?.backup?.barmanObjectStore) {
    return { name: cluster.metadata.name ?? '', serverName: cluster.spec.backup.barmanObjectStore.serverName ?? cluster.metadata.name ?? '' };
  }
  return undefined;
}

export function instanceLabels(cluster: KubeObject, pod: string, role: 'primary' | 'replica'): Record<string, string> {
  return {
    ...(cluster.spec?.inheritedMetadata?.labels ?? {}),
    'cnpg.io/cluster': cluster.metadata.name ?? '',
    'cnpg.io/instanceName': pod,
    'cnpg.io/podRole': 'instance',
    'cnpg.io/instanceRole': role,
    role,
  };
}

export function instancePod(cluster: KubeObject, serial: number, role: 'primary' | 'replica'): KubeObject {
  const name = instanceName(cluster.metadata.name ?? '', serial);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: cluster.metadata.namespace,
      labels: instanceLabels(cluster, name, role),
      annotations: {
        ...(cluster.spec?.inheritedMetadata?.annotations ?? {}),
        'cnpg.io/nodeSerial': String(serial),
        'cnpg.io/operatorVersion': OPERATOR_VERSION,
      },
      ownerReferences: [ownerReference(cluster)],
    },
    spec: {
      hostname: name,
      subdomain: `${cluster.metadata.name}-any`,
      containers: [
        {
          name: 'postgres',
          image: cluster.spec?.imageName ?? 'ghcr.io/cloudnative-pg/postgresql:16.4',
          command: ['/controller/manager', 'instance', 'run'],
          ports: [
            { name: 'postgresql', containerPort: 5432, protocol: 'TCP' },
            { name: 'metrics', containerPort: 9187, protocol: 'TCP' },
            { name: 'status', containerPort: 8000, protocol: 'TCP' },
          ],
          resources: cluster.spec?.resources ?? {},
          readinessProbe: { httpGet: { path: '/readyz', port: 8000, scheme: 'HTTPS' }, periodSeconds: 10, timeoutSeconds: 5 },
          volumeMounts: [{ name: 'pgdata', mountPath: '/var/lib/postgresql/data' }],
        },
      ],
      volumes: [{ name: 'pgdata', persistentVolumeClaim: { claimName: name } }],
      serviceAccountName: cluster.metadata.name,
      terminationGracePeriodSeconds: 1800,
    },
  };
}

export function clusterServices(cluster: KubeObject): KubeObject[] {
  const name = cluster.metadata.name ?? '';
  const service = (suffix: string, selector: Record<string, string>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: `${name}-${suffix}`,
      namespace: cluster.metadata.namespace,
      labels: { ...(cluster.spec?.inheritedMetadata?.labels ?? {}), 'cnpg.io/cluster': name },
      ownerReferences: [ownerReference(cluster)],
    },
    spec: {
      type: 'ClusterIP',
      selector,
      ports: [{ name: 'postgres', port: 5432, targetPort: 5432, protocol: 'TCP' }],
    },
  });
  return [
    service('rw', { 'cnpg.io/cluster': name, 'cnpg.io/instanceRole': 'primary' }),
    service('ro', { 'cnpg.io/cluster': name, 'cnpg.io/instanceRole': 'replica' }),
    service('r', { 'cnpg.io/cluster': name, 'cnpg.io/podRole': 'instance' }),
  ];
}

/** The bootstrap Job (initdb or full-recovery) that prepares the first instance's volume. */
export function bootstrapJob(cluster: KubeObject, role: 'initdb' | 'full-recovery', runSeconds: number): KubeObject {
  const name = cluster.metadata.name ?? '';
  const instance = instanceName(name, 1);
  const labels = {
    ...(cluster.spec?.inheritedMetadata?.labels ?? {}),
    'cnpg.io/cluster': name,
    'cnpg.io/instanceName': instance,
    'cnpg.io/jobRole': role,
  };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `${instance}-${role}`, namespace: cluster.metadata.namespace, labels, ownerReferences: [ownerReference(cluster)] },
    spec: {
      backoffLimit: 6,
      template: {
        metadata: { labels, annotations: { 'devcluster.gsv.io/run-seconds': String(runSeconds) } },
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: role, image: cluster.spec?.imageName ?? 'ghcr.io/cloudnative-pg/postgresql:16.4', command: ['/controller/manager', 'instance', role === 'initdb' ? 'init' : 'restore'] }],
          volumes: [{ name: 'pgdata', persistentVolumeClaim: { claimName: instance } }],
        },
      },
    },
  };
}
