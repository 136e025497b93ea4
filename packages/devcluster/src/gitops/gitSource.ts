import type { StoredObject } from '../api/types';
import type { PendingGitChange } from '../simulation/SimulationState';
import type { ObjectStore } from '../store/ObjectStore';
import type { GitOpsRepository } from './GitOpsRepository';
import { kustomizationImages, renderImage } from './kustomizeImages';

/** What an application's source asks for: the change a sync would apply (none: in sync) at `revision`. */
export interface SourceState {
  pending?: PendingGitChange;
  revision?: string;
  /** A source simulated by the SimulationState, not read from Git. */
  simulated: boolean;
}

/**
 * Compares an application with its overlay in the GitOps repository at `revision` (default: its targetRevision).
 * What is rendered is the overlay's `images` (kustomize's images transformer) applied to the live image of the
 * application's Deployment; the rest of the manifests is not rendered.
 */
export function gitSourceState(store: ObjectStore, repository: GitOpsRepository, app: StoredObject, revision?: string): SourceState {
  const source = app.spec?.source ?? {};
  const commit = repository.resolve(revision ?? source.targetRevision ?? 'HEAD');
  if (!commit) return { simulated: false };
  const text = repository.readFile(commit, `${String(source.path ?? '').replace(/\/+$/, '')}/kustomization.yaml`);
  if (text === undefined) return { revision: commit, simulated: false };
  const deployment = ((app.status?.resources ?? []) as Array<{ kind: string; namespace: string; name: string }>).find(r => r.kind === 'Deployment');
  const live = deployment && store.get('apps/deployments', deployment.namespace, deployment.name);
  const image: string | undefined = live?.spec?.template?.spec?.containers?.[0]?.image;
  if (!image) return { revision: commit, simulated: false };
  let wanted: string;
  try {
    wanted = renderImage(image, kustomizationImages(text));
  } catch {
    return { revision: commit, simulated: false };
  }
  if (wanted === image) return { revision: commit, simulated: false };
  return { pending: { revision: commit, ...repository.describe(commit), image: wanted }, revision: commit, simulated: false };
}
