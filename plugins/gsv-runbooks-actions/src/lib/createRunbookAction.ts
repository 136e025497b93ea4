import {
  createTemplateAction,
  type TemplateAction,
  type TemplateExample,
} from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import {
  getRunbook,
  OPERATION_STATUSES,
  type RunbookDefinition,
  type RunbookId,
  type RunbookParameters,
} from '@gsv/plugin-gsv-ops-common';
import { parseRunbookInput, runbookActionInputSchema } from './runbookInput';
import { runOperation, type RunbookActionOutput } from './runOperation';
import { forTaskLog } from './taskErrors';
import type { RunbookActionOptions } from './types';

/** What a runbook's action file adds to the shared engine call. */
export interface RunbookActionDefinition<T extends RunbookId> {
  runbook: T;
  examples: TemplateExample[];
  /** One line for the task log, e.g. "rollout restart of deployment cmp/agent-registry". */
  describe(parameters: RunbookParameters<T>): string;
}

/**
 * The raw input of a runbook action, as the scaffolder hands it over (validated against the JSON Schema only).
 *
 * @public
 */
export type RunbookActionInput = JsonObject & {
  entityRef: string;
  cluster: string;
  parameters: JsonObject;
  incident?: { id: string; severity: 'P1' | 'P2' };
  reviewedDryRunId?: string;
};

/** A runbook action as the scaffolder registers it. @public */
export type RunbookTemplateAction = TemplateAction<
  RunbookActionInput,
  RunbookActionOutput,
  'v2'
>;

/** The runbook definition from gsv-ops-common; throws at start-up if the id is unknown (a programming error). */
export function requireRunbook<T extends RunbookId>(
  id: T,
): RunbookDefinition & { id: T } {
  const runbook = getRunbook(id);
  if (!runbook) {
    throw new Error(`Unknown runbook ${id}`);
  }
  return runbook as RunbookDefinition & { id: T };
}

/**
 * Builds the scaffolder action of one runbook. Every action has the same shape: input = the common fields + the
 * runbook's parameter schema from gsv-ops-common, dry-run support through the engine's server-side dry run, and the
 * same outputs.
 */
export function createRunbookAction<T extends RunbookId>(
  definition: RunbookActionDefinition<T>,
  options: RunbookActionOptions,
): RunbookTemplateAction {
  const runbook = requireRunbook(definition.runbook);
  const action = createTemplateAction({
    id: runbook.actionId,
    description:
      `${runbook.title} (ops guide ${runbook.guideSection}): ${runbook.description} Runs through the gsv-ops ` +
      `backend on behalf of the person who started the task (permission ${runbook.permission.name}, maintenance ` +
      `windows, per-target lock, audit log); a dry run sends the same writes with dryRun=All and logs the plan.` +
      `${runbook.destructive ? ' Destructive.' : ''}`,
    examples: definition.examples,
    supportsDryRun: true,
    schema: {
      input: () => runbookActionInputSchema(runbook),
      output: {
        operationId: z =>
          z
            .string()
            .describe(
              'The id of the operation in gsv-ops (audit log, Ops tab)',
            ),
        status: z =>
          z
            .enum(OPERATION_STATUSES)
            .describe(
              'How the operation ended; the action fails unless it is "succeeded"',
            ),
        summary: z =>
          z.string().describe('One sentence from the engine on what happened'),
        opsTabUrl: z =>
          z
            .string()
            .describe(
              'The Ops tab of the entity, where the operation and its steps are shown',
            ),
        opsTabPath: z =>
          z
            .string()
            .describe(
              'The same Ops tab as a path in the app (/catalog/<namespace>/<kind>/<name>/ops), for links that stay in the app',
            ),
        dryRun: z =>
          z.boolean().describe('Whether this was a dry run (nothing changed)'),
        result: z =>
          z
            .record(z.any())
            .optional()
            .describe(
              'Runbook-specific facts the engine recorded, e.g. the new primary or the backup name',
            ),
      },
    },
    async handler(ctx) {
      try {
        const input = parseRunbookInput(runbook, ctx.input);
        await runOperation({
          ctx,
          runbook,
          input,
          options,
          description: definition.describe(input.parameters),
        });
      } catch (error) {
        throw forTaskLog(error, {
          logger: options.logger,
          what: `${runbook.actionId} in task ${ctx.task.id}`,
        });
      }
    },
  });
  return action as unknown as RunbookTemplateAction;
}
