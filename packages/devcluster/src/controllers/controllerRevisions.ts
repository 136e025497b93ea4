import { safeHash } from '../api/names';
import type { KubeObject, StoredObject } from '../api/types';
import type { ControllerContext } from './ControllerManager';
import { ownedObjects, ownerReference } from './helpers';

/**
 * ControllerRevisions of StatefulSets and DaemonSets: one per distinct pod template, named `<owner>-<hash>`,
 * numbered in order of appearance. Returns the revision matching the current template.
 */
export function ensureControllerRevision(context: ControllerContext, owner: StoredObject): { name: string; hash: string; revision: number } {
  const template = owner.spec?.template ?? {};
  const hash = safeHash(template);
  const name = `${owner.metadata.name}-${hash}`;
  const existing = ownedObjects(context, owner, 'apps/controllerrevisions');
  const found = existing.find(revision => revision.metadata.name === name);
  if (found) return { name, hash, revision: Number(found.revision ?? 0) };
  const revision = Math.max(0, ...existing.map(candidate => Number(candidate.revision ?? 0))) + 1;
  const object: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace: owner.metadata.namespace,
      labels: { ...(template.metadata?.labels ?? {}), 'controller.kubernetes.io/hash': hash },
      ownerReferences: [ownerReference(owner)],
    },
    data: { spec: { template } },
    revision,
  };
  context.api.create(context.registry.get('apps/controllerrevisions'), owner.metadata.namespace, object);
  const limit = owner.spec?.revisionHistoryLimit ?? 10;
  const stale = existing.sort((a, b) => Number(a.revision) - Number(b.revision)).slice(0, Math.max(0, existing.length + 1 - limit - 1));
  for (const old of stale) context.api.delete(context.registry.get('apps/controllerrevisions'), old.metadata.namespace, old.metadata.name);
  return { name, hash, revision };
}
