import type { OperationRecord } from '@gsv/plugin-gsv-ops-common';
import type { ClusterRegistry, KubeObject } from '../../services/ClusterRegistry/types';
import { collectionPathOf, RESOURCES } from '../kube/resources';
import { JOB_OPERATION_LABEL } from './jobManifest';
import { deleteJob } from './runJob';

/**
 * Deletes the Jobs an interrupted operation left in its target's namespace (found by the `gsv.io/operation-id`
 * label): whatever they did is reported by the interrupted record, they must not keep running unowned. Answers what
 * it did, for the record; undefined when the operation runs no Jobs there.
 */
export async function deleteJobsOfOperation(
  clusters: ClusterRegistry,
  op: Pick<OperationRecord, 'id' | 'cluster' | 'target'>,
): Promise<string | undefined> {
  const namespace = op.target.namespace;
  if (!namespace) return undefined;
  const client = clusters.getCluster(op.cluster).client;
  const list = await client.requestJson<{ items?: KubeObject[] }>({
    path: collectionPathOf(RESOURCES.job, namespace),
    query: { labelSelector: `${JOB_OPERATION_LABEL}=${op.id}` },
  });
  const names = (list.items ?? []).map(job => String(job.metadata.name));
  if (names.length === 0) return undefined;
  for (const name of names) await deleteJob(client, { namespace, name });
  return `Deleted the Job${names.length > 1 ? 's' : ''} it had started: ${names.map(n => `${namespace}/${n}`).join(', ')}`;
}
