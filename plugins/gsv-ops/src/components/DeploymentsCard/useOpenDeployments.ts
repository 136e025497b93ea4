import { useEffect, useRef, useState } from 'react';
import type { DeploymentView } from '@gsv/plugin-gsv-ops-common';
import { namespacedName } from '../../lib/format';

/** The first two troubled deployments (of a worst-first list): at most two, so a big service still renders fast. */
const firstTroubled = (deployments: DeploymentView[]) =>
  deployments
    .filter(d => d.level !== 'ok')
    .slice(0, 2)
    .map(namespacedName);

/**
 * Which deployments show their pods. The troubled ones open at first sight; a deployment that gets into trouble
 * while the tab is open (live update) opens too, unless the user closed it.
 */
export function useOpenDeployments(deployments: DeploymentView[]) {
  const [open, setOpen] = useState<Set<string>>(
    () => new Set(firstTroubled(deployments)),
  );
  const closedByUser = useRef(new Set<string>());
  const troubled = firstTroubled(deployments).join('|');
  useEffect(() => {
    const ids = troubled ? troubled.split('|') : [];
    const fresh = ids.filter(id => !closedByUser.current.has(id));
    if (fresh.length === 0) return;
    setOpen(current =>
      fresh.every(id => current.has(id))
        ? current
        : new Set([...current, ...fresh]),
    );
  }, [troubled]);
  const toggle = (deployment: DeploymentView) => {
    const id = namespacedName(deployment);
    setOpen(current => {
      const next = new Set(current);
      if (current.has(id)) closedByUser.current.add(id);
      else closedByUser.current.delete(id);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };
  return {
    isOpen: (deployment: DeploymentView) =>
      open.has(namespacedName(deployment)),
    toggle,
  };
}
