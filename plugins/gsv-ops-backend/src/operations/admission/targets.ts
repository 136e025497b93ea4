import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import type { RunbookDefinition } from '@gsv/plugin-gsv-ops-common';
import type { GsvOpsCluster } from '../../services/ClusterRegistry/types';
import type { RunbookTarget } from '../runbooks/types';
import type { OperationTargetsProvider } from '../types';

/**
 * The target must be one of the entity's objects, as the read path resolves them (the Ops tab's picker): a form
 * cannot operate on another team's object. 400 naming the entity's targets there; 503 when the cluster is not
 * readable right now.
 */
export async function requireTarget(options: {
  targets: OperationTargetsProvider;
  credentials: BackstageCredentials;
  entity: Entity;
  entityRef: string;
  cluster: GsvOpsCluster;
  target: RunbookTarget;
  definition: RunbookDefinition;
}): Promise<void> {
  const { entity, entityRef, cluster, target, definition, credentials } = options;
  const { items: candidates, errors } = await options.targets.listTargets({
    entity,
    kind: target.targetKind,
    cluster: cluster.name,
    credentials,
  });
  const match = candidates.find(
    t => t.cluster === cluster.name && t.kind === target.kind && t.name === target.name && (t.namespace ?? '') === (target.namespace ?? ''),
  );
  if (match) return;
  const clusterError = errors.find(e => e.cluster === cluster.name);
  if (clusterError) {
    throw new ServiceUnavailableError(
      `Cannot check the targets of ${entityRef}: cluster ${cluster.name} is not readable right now (${clusterError.message}); try again later`,
    );
  }
  const own = candidates.filter(t => t.cluster === cluster.name).map(t => `${t.namespace ? `${t.namespace}/` : ''}${t.name}`);
  throw new InputError(
    `${target.kind} ${target.namespace ? `${target.namespace}/` : ''}${target.name} in cluster ${cluster.name} is not one of the ${definition.targetKind} targets of ${entityRef}${
      own.length ? `; its targets there: ${own.join(', ')}` : '; it has none there'
    }`,
  );
}
