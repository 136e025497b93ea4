import type { ClusterOpsView, OpsTarget, RunbookTargetKind } from '@gsv/plugin-gsv-ops-common';
import type { EntityTargets } from '../../../domain/selectors';
import type { ClusterCache } from '../../WatchCache/ClusterCache';
import { databaseTargets, poolerTargets } from './databaseTargets';
import { autoscalerTargets, deploymentTargets } from './deploymentTargets';
import { applicationTargets, certificateTargets, externalSecretTargets, namespaceTargets } from './otherTargets';

/**
 * The target picker: the objects of an entity in one cluster that a runbook of this kind may operate on, with what
 * its form needs to know about each. The engine checks every operation's target against the same list.
 */
export function targetsOf(kind: RunbookTargetKind, view: ClusterOpsView, cache: ClusterCache, targets: EntityTargets): OpsTarget[] {
  const base = { cluster: view.cluster.name, environment: view.cluster.environment };
  switch (kind) {
    case 'deployment':
      return deploymentTargets(base, view, cache, targets);
    case 'database':
      return databaseTargets(base, view, cache);
    case 'certificate':
      return certificateTargets(base, view);
    case 'externalSecret':
      return externalSecretTargets(base, view);
    case 'application':
      return applicationTargets(base, view, cache);
    case 'autoscaler':
      return autoscalerTargets(base, view);
    case 'pooler':
      return poolerTargets(base, view, cache);
    case 'namespace':
      return namespaceTargets(base, view, cache, targets);
    default:
      return [];
  }
}
