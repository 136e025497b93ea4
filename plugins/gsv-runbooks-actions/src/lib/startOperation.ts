import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import type {
  OperationRecord,
  RunbookDefinition,
  StartOperationRequest,
} from '@gsv/plugin-gsv-ops-common';
import { translateStartError } from './engineErrors';
import type { EngineTokens } from './EngineTokens';
import type { ParsedRunbookInput } from './runbookInput';
import type { RunbookActionContext, RunbookActionOptions } from './types';

/**
 * The checkpoint key of the start: the same for a retried or recovered task with the same request, so a recovered
 * task watches the operation it already started instead of starting a second one.
 */
export function startCheckpointKey(request: StartOperationRequest): string {
  const { origin: _origin, ...identity } = request;
  const digest = createHash('sha256')
    .update(stringify(identity))
    .digest('hex')
    .slice(0, 16);
  return `gsv-ops.operation.start.${request.runbook}.${
    request.dryRun ? 'dry-run' : 'run'
  }.${digest}`;
}

function startRequest(
  ctx: RunbookActionContext,
  runbook: RunbookDefinition,
  input: ParsedRunbookInput,
): StartOperationRequest {
  const dryRun = Boolean(ctx.isDryRun);
  return {
    runbook: runbook.id,
    entityRef: input.entityRef,
    cluster: input.cluster,
    parameters: input.parameters as Record<string, unknown>,
    dryRun,
    ...(input.incident ? { incident: input.incident } : {}),
    origin: `scaffolder-task:${ctx.task.id}`,
    // the engine checks that it is a recent dry run of this very request by the task's user, used by no other run
    ...(!dryRun && input.reviewedDryRunId
      ? { reviewedDryRunId: input.reviewedDryRunId }
      : {}),
  };
}

/**
 * Starts the runbook's operation in the engine, inside a checkpoint. A task recovered after a backend restart replays
 * the checkpoint instead and reads the operation it already started. Returns the operation as it is now.
 */
export async function startOperation(args: {
  ctx: RunbookActionContext;
  runbook: RunbookDefinition;
  input: ParsedRunbookInput;
  client: RunbookActionOptions['client'];
  tokens: EngineTokens;
  /** One line for the task log saying what is about to happen, e.g. "restart deployment cmp/agent-registry". */
  description: string;
  /** The Ops tab of the entity, where a person can follow the operation. */
  link: string;
}): Promise<{ operationId: string; record: OperationRecord }> {
  const { ctx, runbook, input, client, tokens, description, link } = args;
  const request = startRequest(ctx, runbook, input);

  if (ctx.signal?.aborted) {
    throw new Error(
      `The task was cancelled before "${runbook.title}" started; nothing was sent to the cluster`,
    );
  }

  ctx.logger.info(
    `${
      request.dryRun ? 'Dry run: planning' : 'Starting'
    } ${description} in cluster ${input.cluster} for ${input.entityRef}` +
      `${
        input.incident
          ? ` under incident ${input.incident.id} (${input.incident.severity})`
          : ''
      }`,
  );

  let record: OperationRecord | undefined;
  const { operationId } = await ctx.checkpoint({
    key: startCheckpointKey(request),
    fn: async () => {
      try {
        // No abort signal here: once the request is sent, the operation may exist, and we need its id to cancel it.
        record = await client.startOperation(request, {
          token: await tokens.token(),
        });
      } catch (error) {
        throw translateStartError(
          error,
          `gsv-ops refused to start "${runbook.title}" on ${input.entityRef}`,
        );
      }
      return { operationId: record.id };
    },
  });
  if (!record) {
    ctx.logger.info(
      `Resuming operation ${operationId}, which this task started before it was recovered`,
    );
    record = await client.getOperation(operationId, {
      token: await tokens.token(),
    });
  } else {
    ctx.logger.info(
      `Operation ${operationId} ${
        request.dryRun ? 'planned' : 'started'
      }; follow it in the Ops tab: ${link}`,
    );
  }
  return { operationId, record };
}
