import { safeHash } from '../../api/names';
import type { KubeObject } from '../../api/types';
import { ownerReference } from '../helpers';

/**
 * What CloudNativePG generates for a Pooler (pkg/specs/pgbouncer): a Deployment named like the Pooler whose pods run
 * PgBouncer under the instance manager, and a Service of the same name. Shared by the controller and the seed, so a
 * seeded pooler is exactly what the operator would have made.
 */

export const PGBOUNCER_IMAGE = 'ghcr.io/cloudnative-pg/pgbouncer:1.23.0';
/** The Deployment annotation with the hash of the Pooler spec it was generated from (utils.PoolerSpecHashAnnotationName). */
export const POOLER_SPEC_HASH = 'cnpg.io/poolerSpecHash';

export function poolerLabels(pooler: KubeObject): Record<string, string> {
  return {
    'cnpg.io/cluster': pooler.spec?.cluster?.name ?? '',
    'cnpg.io/poolerName': pooler.metadata.name ?? '',
    'cnpg.io/podRole': 'pooler',
  };
}

export function poolerSpecHash(pooler: KubeObject): string {
  return safeHash(pooler.spec ?? {}, 16);
}

function pgbouncerContainer(pooler: KubeObject): Record<string, unknown> {
  return {
    name: 'pgbouncer',
    image: PGBOUNCER_IMAGE,
    command: ['/controller/manager', 'pgbouncer', 'run'],
    ports: [
      { name: 'pgbouncer', containerPort: 5432 },
      { name: 'metrics', containerPort: 9127 },
    ],
    env: [
      { name: 'NAMESPACE', value: pooler.metadata.namespace ?? '' },
      { name: 'POOLER_NAME', value: pooler.metadata.name ?? '' },
      { name: 'PGUSER', value: 'pgbouncer' },
      { name: 'PGDATABASE', value: 'pgbouncer' },
      { name: 'PGHOST', value: '/controller/run' },
    ],
    readinessProbe: { tcpSocket: { port: 5432 }, periodSeconds: 10, timeoutSeconds: 5 },
  };
}

/**
 * The pod template: the operator's pgbouncer container with `spec.template` laid over it (labels and annotations
 * merged, containers merged by name, other pod fields taken as given). PgBouncer parameters and the pool mode are not
 * in it: each pod's instance manager watches the Pooler and reloads PgBouncer, so changing them restarts no pod.
 */
export function poolerPodTemplate(pooler: KubeObject): KubeObject['spec'] {
  const custom = pooler.spec?.template ?? {};
  const { containers: customContainers = [], ...customSpec } = custom.spec ?? {};
  const base = pgbouncerContainer(pooler);
  const containers = [
    { ...base, ...(customContainers as Array<Record<string, unknown>>).find(c => c.name === base.name) },
    ...(customContainers as Array<Record<string, unknown>>).filter(c => c.name !== base.name),
  ];
  return {
    metadata: {
      labels: { ...(custom.metadata?.labels ?? {}), ...poolerLabels(pooler) },
      ...(custom.metadata?.annotations ? { annotations: { ...custom.metadata.annotations } } : {}),
    },
    spec: { serviceAccountName: pooler.metadata.name, ...customSpec, containers },
  };
}

/** The operator's objects share the Pooler's name, its labels and the spec hash, and belong to it. */
function generatedMetadata(pooler: KubeObject): KubeObject['metadata'] {
  return {
    name: pooler.metadata.name,
    namespace: pooler.metadata.namespace,
    labels: poolerLabels(pooler),
    annotations: { [POOLER_SPEC_HASH]: poolerSpecHash(pooler) },
    ownerReferences: [ownerReference(pooler)],
  };
}

export function poolerDeployment(pooler: KubeObject): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: generatedMetadata(pooler),
    spec: {
      replicas: pooler.spec?.instances ?? 1,
      selector: { matchLabels: { 'cnpg.io/poolerName': pooler.metadata.name ?? '' } },
      template: poolerPodTemplate(pooler),
      ...(pooler.spec?.deploymentStrategy ? { strategy: pooler.spec.deploymentStrategy } : {}),
    },
  };
}

export function poolerService(pooler: KubeObject): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: generatedMetadata(pooler),
    spec: {
      type: 'ClusterIP',
      selector: { 'cnpg.io/poolerName': pooler.metadata.name ?? '' },
      ports: [{ name: 'pgbouncer', port: 5432, targetPort: 'pgbouncer', protocol: 'TCP' }],
    },
  };
}
