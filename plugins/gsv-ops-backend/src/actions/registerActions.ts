import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { registerCheckActions, type CheckActionDeps } from './checkActions';
import { registerReadActions } from './readActions';
import { registerRunbookActions } from './runbookActions';

/**
 * GSV Ops in Backstage's actions registry, which `@backstage/plugin-mcp-actions-backend` serves as MCP tools: the
 * read actions and the checks of chained runbooks (marked read-only) and one action per runbook, every one with the caller's credentials and the
 * runbooks through the same engine as every other caller.
 */
export function registerGsvOpsActions(
  registry: ActionsRegistryService,
  deps: CheckActionDeps & { opsTabUrl: (entityRef: string) => string },
) {
  registerReadActions(registry, deps);
  registerCheckActions(registry, deps);
  registerRunbookActions(registry, deps);
}
