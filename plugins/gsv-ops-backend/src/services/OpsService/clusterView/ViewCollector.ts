import type { NamespacedName } from '@gsv/plugin-gsv-ops-common';
import type { KubeObject } from '../../ClusterRegistry/types';
import type { ClusterCache } from '../../WatchCache/ClusterCache';
import { involvedKey } from '../../WatchCache/indexers';
import type { WatchedKind } from '../../WatchCache/kinds';
import { EntityTargets, matchesSelector } from '../../../domain/selectors';
import type { ViewContext } from '../buildViews';

/**
 * What the sections of an entity's cluster view share while it is built: the entity's selection in the cache, and
 * what they gather on the way — the objects whose events the view shows, the pods already shown, the volumes in use.
 */
export class ViewCollector {
  readonly eventKeys: string[] = [];
  readonly podKeys = new Set<string>();
  readonly claimKeys = new Set<string>();

  constructor(readonly targets: EntityTargets, readonly ctx: ViewContext) {}

  get cache(): ClusterCache {
    return this.ctx.cache;
  }

  /** Objects of a kind the entity's selector (and namespace) picks. */
  selected(kind: WatchedKind): KubeObject[] {
    return this.cache.list(kind, this.targets.namespace).filter(o => matchesSelector(o.metadata.labels, this.targets.selector));
  }

  /** Objects the entity names by annotation, plus those its selector picks, once each, sorted. */
  annotatedAndSelected(kind: WatchedKind, refs: NamespacedName[]): KubeObject[] {
    const named = refs.flatMap(ref =>
      this.cache.list(kind, ref.namespace).filter(o => o.metadata.name === ref.name && (!ref.namespace || o.metadata.namespace === ref.namespace)),
    );
    return uniq([...named, ...this.selected(kind)]);
  }

  /** The view shows this object's events. */
  event(kind: string, namespace: string | undefined, name: string) {
    this.eventKeys.push(involvedKey(kind, namespace, name));
  }

  /** Pods shown by a section: their events, and the claims they mount. */
  notePods(pods: KubeObject[]) {
    for (const p of pods) {
      this.podKeys.add(`${p.metadata.namespace}/${p.metadata.name}`);
      this.event('Pod', p.metadata.namespace, p.metadata.name);
      for (const v of (p.spec?.volumes ?? []) as Array<{ persistentVolumeClaim?: { claimName?: string } }>) {
        if (v.persistentVolumeClaim?.claimName) this.claimKeys.add(`${p.metadata.namespace}/${v.persistentVolumeClaim.claimName}`);
      }
    }
  }

  isShown(pod: KubeObject): boolean {
    return this.podKeys.has(`${pod.metadata.namespace}/${pod.metadata.name}`);
  }
}

export function uniq(objects: KubeObject[]): KubeObject[] {
  const seen = new Map<string, KubeObject>();
  for (const o of objects) seen.set(`${o.metadata.namespace}/${o.metadata.name}`, o);
  return [...seen.values()].sort((a, b) =>
    `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`),
  );
}
