import { usePermission } from '@backstage/plugin-permission-react';
import {
  getRunbook,
  gsvOpsProductionOperatePermission,
  RUNBOOKS,
  RunbookId,
} from '@gsv/plugin-gsv-ops-common';

export interface RunbookPermissions {
  loading: boolean;
  /** Per runbook: may the user run it on this entity (outside production)? */
  allowed: Record<RunbookId, boolean>;
  /** May the user operate in production at all? */
  production: boolean;
}

/**
 * Checks every runbook permission for an entity at once (a fixed list, so the hook order never changes). The
 * permission API caches and batches the answers, so buttons that ask again cost nothing.
 */
export function useRunbookPermissions(entityRef: string): RunbookPermissions {
  const results = RUNBOOKS.map(runbook => {
    const permission = {
      permission: runbook.permission,
      resourceRef: entityRef,
    };
    // RUNBOOKS is a constant list, so the hooks run in the same order on every render.
    // eslint-disable-next-line react-hooks/rules-of-hooks
    const result = usePermission(permission);
    return { id: runbook.id, result };
  });
  const production = usePermission({
    permission: gsvOpsProductionOperatePermission,
    resourceRef: entityRef,
  });
  return {
    loading: production.loading || results.some(r => r.result.loading),
    allowed: Object.fromEntries(
      results.map(r => [r.id, r.result.allowed]),
    ) as Record<RunbookId, boolean>,
    production: production.allowed,
  };
}

/** The names of the permissions the user lacks for some of `runbooks`, each once; none while they are being checked. */
export function missingRunbookPermissions(
  permissions: RunbookPermissions,
  runbooks: RunbookId[],
): string[] {
  if (permissions.loading) return [];
  return [
    ...new Set(
      runbooks
        .filter(runbook => !permissions.allowed[runbook])
        .map(runbook => getRunbook(runbook)?.permission.name)
        .filter((name): name is string => Boolean(name)),
    ),
  ];
}
