import { InputError } from '@backstage/errors';
import type { KubeObject } from '../../services/ClusterRegistry/types';
import { apiVersionOf, RESOURCES } from '../kube/resources';
import { OPERATION_ID_ANNOTATION } from '../runbooks/types';
import type { JobsConfig } from './jobsConfig';

/** The labels of every Job the engine runs (and of its pod): what found it again after a crash. */
export const JOB_OPERATION_LABEL = 'gsv.io/operation-id';
export const JOB_RUNBOOK_LABEL = 'gsv.io/runbook';
const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'gsv-ops' };
/** Labels of the service's pods worth keeping: the catalog's, so the Ops tab lists the Job with the service. */
const KEPT_LABELS = ['backstage.io/kubernetes-id', 'app.kubernetes.io/part-of'];
/** Resources of a command container that declares none: enough for a management command, bounded in memory. */
const DEFAULT_RESOURCES = { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } };

export interface JobIdentity {
  operationId: string;
  runbook: string;
  /** What the Job is for, e.g. `migrate`: part of its name. */
  purpose: string;
}

/** `<owner>-<purpose>-<first 8 of the operation id>`, within the 63 characters of the `job-name` label. */
export function jobNameOf(owner: string, identity: JobIdentity): string {
  const suffix = `-${identity.purpose}-${identity.operationId.replace(/[^a-z0-9]/g, '').slice(0, 8)}`;
  return `${owner.slice(0, 63 - suffix.length).replace(/-+$/, '')}${suffix}`;
}

/**
 * A Job that runs `command` (with `/bin/sh -c`) in the pod template of a deployment: same image, env, envFrom,
 * volumes, service account and security context, so it reaches what the service reaches. Probes, ports, lifecycle
 * hooks, init containers and sidecars are left out; the template's selector labels too, so the Service never routes
 * traffic to it. backoffLimit 0: a migration that failed is not retried behind the caller's back.
 */
export function jobFromDeployment(
  deployment: KubeObject,
  options: JobIdentity & { command: string; container?: string; settings: JobsConfig },
): KubeObject {
  const template = deployment.spec?.template ?? {};
  const podSpec = template.spec ?? {};
  const containers: any[] = podSpec.containers ?? [];
  const source = options.container ? containers.find(c => c.name === options.container) : containers[0];
  const where = `${deployment.metadata.namespace}/${deployment.metadata.name}`;
  if (!source) {
    throw new InputError(`Deployment ${where} has no container${options.container ? ` named '${options.container}'` : ''} to run the command in`);
  }
  const kept = Object.fromEntries(Object.entries(template.metadata?.labels ?? {}).filter(([key]) => KEPT_LABELS.includes(key)));
  const labels = { ...kept, ...MANAGED_BY, [JOB_OPERATION_LABEL]: options.operationId, [JOB_RUNBOOK_LABEL]: options.runbook };
  const container = {
    name: source.name,
    image: source.image,
    ...(source.imagePullPolicy ? { imagePullPolicy: source.imagePullPolicy } : {}),
    command: ['/bin/sh', '-c', options.command],
    ...pick(source, ['env', 'envFrom', 'volumeMounts', 'workingDir', 'securityContext']),
    resources: source.resources?.requests || source.resources?.limits ? source.resources : DEFAULT_RESOURCES,
  };
  const spec = {
    ...pick(podSpec, ['serviceAccountName', 'automountServiceAccountToken', 'securityContext', 'imagePullSecrets', 'volumes', 'nodeSelector', 'tolerations', 'priorityClassName']),
    restartPolicy: 'Never',
    containers: [container],
  };
  return jobObject(jobNameOf(String(deployment.metadata.name), options), String(deployment.metadata.namespace), labels, spec, options);
}

/** The env of a command container that connects to a CloudNativePG cluster: libpq's variables, from its app Secret. */
function postgresEnv(cluster: KubeObject): unknown[] {
  const name = String(cluster.metadata.name);
  const secret = cluster.spec?.bootstrap?.initdb?.secret?.name ?? `${name}-app`;
  const fromSecret = (variable: string, key: string) => ({ name: variable, valueFrom: { secretKeyRef: { name: secret, key } } });
  return [
    // the primary: VACUUM needs a writable server, and pg_stat_user_tables there sees every write
    { name: 'PGHOST', value: `${name}-rw` },
    fromSecret('PGPORT', 'port'),
    fromSecret('PGUSER', 'username'),
    fromSecret('PGPASSWORD', 'password'),
    fromSecret('PGDATABASE', 'dbname'),
    { name: 'PGAPPNAME', value: 'gsv-ops' },
  ];
}

/**
 * A Job that runs `command` with the image of a CloudNativePG cluster (the image it runs, `status.image`, else
 * `spec.imageName`), connected to its primary as the app user: libpq's PG* variables come from the cluster's app
 * Secret through secretKeyRef, so the backend never reads the credentials. No `cnpg.io/*` labels: the cluster's
 * Services must not route to it.
 */
export function jobFromDatabase(cluster: KubeObject, options: JobIdentity & { command: string; settings: JobsConfig }): KubeObject {
  const image = cluster.status?.image ?? cluster.spec?.imageName;
  const where = `${cluster.metadata.namespace}/${cluster.metadata.name}`;
  if (!image) throw new InputError(`Cluster ${where} names no image (spec.imageName, status.image) to run psql with`);
  const kept = Object.fromEntries(Object.entries(cluster.metadata.labels ?? {}).filter(([key]) => KEPT_LABELS.includes(key)));
  const labels = { ...kept, ...MANAGED_BY, [JOB_OPERATION_LABEL]: options.operationId, [JOB_RUNBOOK_LABEL]: options.runbook };
  const container = {
    name: 'psql',
    image,
    command: ['/bin/sh', '-c', options.command],
    env: postgresEnv(cluster),
    securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    resources: DEFAULT_RESOURCES,
  };
  const spec = { restartPolicy: 'Never', automountServiceAccountToken: false, containers: [container] };
  return jobObject(jobNameOf(String(cluster.metadata.name), options), String(cluster.metadata.namespace), labels, spec, options);
}

function jobObject(name: string, namespace: string, labels: Record<string, string>, podSpec: unknown, options: JobIdentity & { settings: JobsConfig }): KubeObject {
  const { activeDeadlineSeconds, keepFailedMinutes } = options.settings;
  return {
    apiVersion: apiVersionOf(RESOURCES.job),
    kind: 'Job',
    metadata: { name, namespace, labels, annotations: { [OPERATION_ID_ANNOTATION]: options.operationId } },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds,
      // The runner deletes the Job once its log is read; the TTL is the safety net and keeps a failed one for its
      // owner (gsvOps.operations.jobs.keepFailedMinutes), at least ten minutes so the log is read before it goes.
      ttlSecondsAfterFinished: Math.max(keepFailedMinutes, 10) * 60,
      template: { metadata: { labels }, spec: podSpec },
    },
  };
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter(key => source[key] !== undefined).map(key => [key, source[key]]));
}
