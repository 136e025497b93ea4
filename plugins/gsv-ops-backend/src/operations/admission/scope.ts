import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { entityTargets } from '../../domain/selectors';
import type { GsvOpsCluster } from '../../services/ClusterRegistry/types';
import type { EntityScope } from '../runbooks/types';
import type { OperationTargetsProvider } from '../types';

/** What a runbook may ask about its entity: its deployments in the cluster (read once, lazily) and its selector. */
export function entityScope(options: {
  targets: OperationTargetsProvider;
  entity: Entity;
  cluster: GsvOpsCluster;
  credentials: BackstageCredentials;
}): EntityScope {
  const { targets, entity, cluster, credentials } = options;
  let deployments: Promise<Array<{ namespace: string; name: string }>> | undefined;
  return {
    entity,
    deployments: () => {
      deployments ??= targets
        .listTargets({ entity, kind: 'deployment', cluster: cluster.name, credentials })
        .then(list =>
          list.items
            .filter(t => t.cluster === cluster.name && t.kind === 'Deployment' && t.namespace)
            .map(t => ({ namespace: t.namespace!, name: t.name })),
        );
      return deployments;
    },
    labelSelector: () => entityTargets(entity, stringifyEntityRef(entity)).selectorText,
  };
}
