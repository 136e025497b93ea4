import type { JsonObject } from '@backstage/types';
import {
  opsTabPath,
  opsTabUrl,
  type OperationRecord,
  type RunbookDefinition,
} from '@gsv/plugin-gsv-ops-common';
import { cancelOperation } from './cancelOperation';
import { EngineTokens } from './EngineTokens';
import { isTerminal, OperationFollower } from './OperationFollower';
import type { ParsedRunbookInput } from './runbookInput';
import { startOperation } from './startOperation';
import { StepLogStreamer } from './StepLogStreamer';
import type {
  RunbookActionContext,
  RunbookActionOptions,
  RunbookActionOutput,
} from './types';

export type { RunbookActionContext, RunbookActionOutput } from './types';

const DEFAULT_POLL_INTERVAL_MS = 1000;

function failureMessage(
  runbook: RunbookDefinition,
  record: OperationRecord,
  link: string,
): string {
  const failedStep = [...(record.steps ?? [])]
    .reverse()
    .find(step => step.status === 'failed');
  const reason =
    record.summary || failedStep?.message || 'no reason was recorded';
  const what = record.dryRun
    ? `Dry run of "${runbook.title}"`
    : `"${runbook.title}"`;
  switch (record.status) {
    case 'rejected':
      return `${what} was rejected by an approver (operation ${record.id}): ${reason} The Ops tab shows the decision: ${link}`;
    case 'expired':
      return `${what} was not approved in time (operation ${record.id}): ${reason} Ask an approver first, then run it again: ${link}`;
    case 'cancelled':
      return `${what} was cancelled (operation ${record.id}): ${reason}. The Ops tab shows what was done: ${link}`;
    case 'interrupted':
      return (
        `${what} was interrupted: the gsv-ops backend stopped before operation ${record.id} finished, so the ` +
        `cluster may be half-way (${reason}). Check the target in the Ops tab before retrying: ${link}`
      );
    default:
      return `${what} failed (operation ${record.id}): ${reason}. Details in the Ops tab: ${link}`;
  }
}

function setOutputs(ctx: RunbookActionContext, output: RunbookActionOutput) {
  for (const [name, value] of Object.entries(output)) {
    ctx.output(
      name as keyof RunbookActionOutput,
      value as RunbookActionOutput[keyof RunbookActionOutput],
    );
  }
}

/**
 * Runs one runbook through the gsv-ops operations engine and follows it to the end: start (inside a checkpoint) →
 * stream the step log → cancel on the task's signal → outputs → throw when the operation did not succeed.
 */
export async function runOperation(args: {
  ctx: RunbookActionContext;
  runbook: RunbookDefinition;
  input: ParsedRunbookInput;
  options: RunbookActionOptions;
  /** One line for the task log saying what is about to happen, e.g. "restart deployment cmp/agent-registry". */
  description: string;
}): Promise<RunbookActionOutput> {
  const { ctx, runbook, input, options, description } = args;
  const { client } = options;
  const tokens = new EngineTokens(options.auth, ctx);
  const link = opsTabUrl(options.appBaseUrl, input.entityRef);

  const started = await startOperation({
    ctx,
    runbook,
    input,
    client,
    tokens,
    description,
    link,
  });
  const { operationId } = started;
  const follower = new OperationFollower(
    {
      operationId,
      client,
      tokens,
      logger: ctx.logger,
      streamer: new StepLogStreamer(ctx.logger),
      pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
      link,
    },
    started.record,
  );
  let record = await follower.follow({
    timeoutSeconds: Number(input.parameters.timeoutSeconds ?? 600),
    signal: ctx.signal,
  });
  // the follower stops before the end only when the task was cancelled
  if (!isTerminal(record.status)) {
    record = await cancelOperation(follower, record);
  }

  const output: RunbookActionOutput = {
    operationId,
    status: record.status,
    summary: record.summary ?? '',
    opsTabUrl: link,
    opsTabPath: opsTabPath(input.entityRef),
    dryRun: record.dryRun,
    ...(record.result ? { result: record.result as JsonObject } : {}),
  };
  setOutputs(ctx, output);

  if (record.status !== 'succeeded') {
    const message = failureMessage(runbook, record, link);
    ctx.logger.error(message);
    throw new Error(message);
  }
  ctx.logger.info(
    record.dryRun
      ? `Dry run succeeded; nothing was changed. ${record.summary ?? ''}`.trim()
      : `"${runbook.title}" succeeded. ${record.summary ?? ''}`.trim(),
  );
  return output;
}
