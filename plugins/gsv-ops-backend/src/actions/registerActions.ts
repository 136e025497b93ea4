import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { registerReadActions, type ReadActionDeps } from './readActions';
import { registerRunbookActions } from './runbookActions';

/**
 * GSV Ops in Backstage's actions registry, which `@backstage/plugin-mcp-actions-backend` serves as MCP tools: the
 * read actions (marked read-only) and one action per runbook, every one with the caller's credentials and the
 * runbooks through the same engine as every other caller.
 */
export function registerGsvOpsActions(
  registry: ActionsRegistryService,
  deps: ReadActionDeps & { opsTabUrl: (entityRef: string) => string },
) {
  registerReadActions(registry, deps);
  registerRunbookActions(registry, deps);
}
