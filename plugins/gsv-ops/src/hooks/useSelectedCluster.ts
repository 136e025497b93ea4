import { useCallback, useRef } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { ClusterOpsView } from '@gsv/plugin-gsv-ops-common';
import { worstFirst } from '@gsv/plugin-gsv-ops-common';

/**
 * The cluster the tab shows: `?cluster=` when it names one of the entity's clusters (so links can open a cluster),
 * otherwise the worst cluster at first sight, kept stable while levels change under live updates.
 */
export function useSelectedCluster(
  clusters: ClusterOpsView[] | undefined,
): [ClusterOpsView | undefined, (name: string) => void] {
  const [params, setParams] = useSearchParams();
  const fallback = useRef<string | undefined>(undefined);
  const requested = params.get('cluster') ?? undefined;

  const select = useCallback(
    (name: string) => {
      setParams(
        current => {
          const next = new URLSearchParams(current);
          next.set('cluster', name);
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  if (!clusters || clusters.length === 0) return [undefined, select];
  const byName = (name?: string) => clusters.find(c => c.cluster.name === name);
  const explicit = byName(requested);
  if (explicit) return [explicit, select];
  if (!byName(fallback.current)) {
    fallback.current = [...clusters].sort(
      worstFirst(c => c.level),
    )[0].cluster.name;
  }
  return [byName(fallback.current), select];
}
