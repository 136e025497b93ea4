import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { kubeGet } from './kube';
import { flow, TEMPLATES } from './runbookStack';

// What the runbook browser tests read from the backend's APIs and the cluster, to check what a runbook did.

export interface Template {
  title: string;
  confirmTitle: string;
}

/** The template as committed: its title and the confirmation the person ticks on the last page. */
export function template(name: string): Template {
  const doc = parseYaml(
    readFileSync(join(TEMPLATES, `${name}.yaml`), 'utf8'),
  ) as any;
  const lastPage = doc.spec.parameters[doc.spec.parameters.length - 1];
  return {
    title: doc.metadata.title,
    confirmTitle: lastPage.properties.confirm.title,
  };
}

export async function backend<T = any>(path: string): Promise<T> {
  const response = await fetch(`${flow.stack.appUrl}${path}`, {
    headers: { Authorization: `Bearer ${flow.token}` },
  });
  if (!response.ok)
    throw new Error(
      `GET ${path} answered ${response.status}: ${await response.text()}`,
    );
  return (await response.json()) as T;
}

export interface ScaffolderTask {
  id: string;
  status: 'open' | 'processing' | 'completed' | 'failed' | 'cancelled';
}

export async function taskLog(taskId: string): Promise<string> {
  const events = await backend<Array<{ type: string; body: any }>>(
    `/api/scaffolder/v2/tasks/${taskId}/events`,
  );
  return (
    events
      .filter(e => e.type === 'log')
      .map(e => String(e.body.message ?? ''))
      // the task log carries the logger's colours
      // eslint-disable-next-line no-control-regex
      .map(line => line.replace(/\u001b\[[0-9;]*m/g, ''))
      .join('\n')
  );
}

export interface OperationRecord {
  id: string;
  runbook: string;
  entityRef: string;
  cluster: string;
  dryRun: boolean;
  status: string;
  origin?: string;
  initiatedBy: string;
  summary?: string;
  result?: Record<string, any>;
  target: { kind: string; namespace?: string; name: string };
}

/** The real operation a scaffolder task ran, from the engine's audit log. */
export async function operationOfTask(
  entityRef: string,
  taskId: string,
): Promise<OperationRecord> {
  const list = await backend<{ items: OperationRecord[] }>(
    `/api/gsv-ops/operations?${new URLSearchParams({
      entityRef,
      limit: '50',
    })}`,
  );
  const operation = list.items.find(
    op => op.origin === `scaffolder-task:${taskId}`,
  );
  if (!operation)
    throw new Error(
      `No operation of ${entityRef} has the origin scaffolder-task:${taskId}`,
    );
  return operation;
}

export const deploymentPath = (namespace: string, name: string) =>
  `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`;
export const cnpgPath = (name: string) =>
  `/apis/postgresql.cnpg.io/v1/namespaces/cmp/clusters/${name}`;

export async function replicaSetsOf(namespace: string, deployment: string) {
  const list = await kubeGet(
    flow.dev,
    `/apis/apps/v1/namespaces/${namespace}/replicasets`,
  );
  return (list.items as any[]).filter(rs =>
    (rs.metadata.ownerReferences ?? []).some(
      (o: any) => o.kind === 'Deployment' && o.name === deployment,
    ),
  );
}

export const revisionOf = (object: any) =>
  Number(object.metadata.annotations?.['deployment.kubernetes.io/revision']);

/** A rollout is complete the way `kubectl rollout status` sees it. */
export function rolloutComplete(d: any): boolean {
  const replicas = d.spec.replicas ?? 1;
  return (
    (d.status.observedGeneration ?? 0) >= d.metadata.generation &&
    (d.status.updatedReplicas ?? 0) === replicas &&
    (d.status.replicas ?? 0) === replicas &&
    (d.status.availableReplicas ?? 0) === replicas
  );
}

/** The ready pods of a deployment's current ReplicaSet. */
export async function readyPodsOfCurrentRevision(
  namespace: string,
  name: string,
) {
  const deployment = await kubeGet(flow.dev, deploymentPath(namespace, name));
  const current = (await replicaSetsOf(namespace, name)).find(
    rs => revisionOf(rs) === revisionOf(deployment),
  );
  const hash = current?.metadata.labels?.['pod-template-hash'];
  const pods = await kubeGet(
    flow.dev,
    `/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(
      `pod-template-hash=${hash}`,
    )}`,
  );
  return (pods.items as any[]).filter(p =>
    (p.status.conditions ?? []).some(
      (c: any) => c.type === 'Ready' && c.status === 'True',
    ),
  );
}

export const containerOf = (deployment: any, name: string) =>
  deployment.spec.template.spec.containers.find((c: any) => c.name === name);

/** The runbook a template runs (its `gsv.io/runbook` annotation). */
export function runbookOf(templateName: string): string {
  const doc = parseYaml(
    readFileSync(join(TEMPLATES, `${templateName}.yaml`), 'utf8'),
  ) as any;
  return doc.metadata.annotations['gsv.io/runbook'];
}
