import { useCallback } from 'react';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';

/** The path the app mounts the Ops tab under, below the entity page (see the README). */
export const OPS_TAB_PATH = 'ops';

/** Links to an entity's Ops tab, optionally opened on one cluster. */
export function useOpsTabLink(): (
  entityRef: string,
  cluster?: string,
) => string {
  const entityLink = useEntityRefLink();
  return useCallback(
    (entityRef, cluster) => {
      const base = `${entityLink(entityRef).replace(
        /\/$/,
        '',
      )}/${OPS_TAB_PATH}`;
      return cluster ? `${base}?${new URLSearchParams({ cluster })}` : base;
    },
    [entityLink],
  );
}
