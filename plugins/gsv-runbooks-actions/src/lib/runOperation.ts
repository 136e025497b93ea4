import { createHash } from 'node:crypto';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import type {
  OperationRecord,
  OperationStatus,
  OperationStep,
  RunbookDefinition,
  StartOperationRequest,
} from '@gsv/plugin-gsv-ops-common';
import {
  engineMessage,
  isEngineResponseError,
  isTransient,
  translateStartError,
} from './engineErrors';
import { opsTabPath, opsTabUrl } from './opsTabUrl';
import type { ParsedRunbookInput } from './runbookInput';
import stringify from 'safe-stable-stringify';
import type { RunbookActionOptions } from './types';

/** The outputs every runbook action sets. @public */
export interface RunbookActionOutput extends JsonObject {
  operationId: string;
  status: OperationStatus;
  summary: string;
  opsTabUrl: string;
  /** The same Ops tab as a path in the app, for links in the app (template output links). */
  opsTabPath: string;
  dryRun: boolean;
  result?: JsonObject;
}

/** The parts of the action context the engine call uses. */
export type RunbookActionContext = Pick<
  ActionContext<JsonObject, RunbookActionOutput>,
  | 'logger'
  | 'checkpoint'
  | 'output'
  | 'getInitiatorCredentials'
  | 'task'
  | 'isDryRun'
  | 'signal'
  | 'user'
>;

const TERMINAL: ReadonlySet<OperationStatus> = new Set([
  'succeeded',
  'failed',
  'cancelled',
  'interrupted',
]);
const DEFAULT_POLL_INTERVAL_MS = 1000;
/** Beyond the runbook's own timeout, how long the engine may take to plan, verify and record before we stop waiting. */
const DEADLINE_GRACE_SECONDS = 300;
/** How long the engine may be unreachable while an operation runs before the action gives up watching it. */
const MAX_UNREACHABLE_MS = 120_000;
/** After a cancellation request, how long to wait for the operation to stop. */
const CANCEL_WAIT_MS = 60_000;

export function isTerminal(status: OperationStatus): boolean {
  return TERMINAL.has(status);
}

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

function describeObject(step: OperationStep): string {
  const object = step.detail?.object;
  if (!object) return '';
  return ` of ${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${
    object.name
  }`;
}

/**
 * Streams an operation's step log into the task log: each step when it appears, again when its status or message
 * changes, and its plan/diff once.
 */
export class StepLogStreamer {
  private readonly seen = new Map<number, string>();
  private readonly diffsLogged = new Set<number>();

  constructor(private readonly logger: RunbookActionContext['logger']) {}

  log(record: OperationRecord): void {
    const steps = [...(record.steps ?? [])].sort((a, b) => a.index - b.index);
    for (const step of steps) {
      const fingerprint = `${step.status}\u0000${step.message}`;
      if (this.seen.get(step.index) !== fingerprint) {
        this.seen.set(step.index, fingerprint);
        const line = `[${step.name}] ${step.status}: ${step.message}`;
        if (step.status === 'failed') {
          this.logger.error(line);
        } else {
          this.logger.info(line);
        }
      }
      const diff = step.detail?.diff;
      if (
        typeof diff === 'string' &&
        diff.trim() &&
        !this.diffsLogged.has(step.index)
      ) {
        this.diffsLogged.add(step.index);
        this.logger.info(
          `[${step.name}] ${
            record.dryRun ? 'planned change' : 'change'
          }${describeObject(step)}:\n${diff}`,
        );
      }
    }
  }
}

/** Resolves after `ms`, or as soon as the signal aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Tokens for gsv-ops-backend on behalf of the task's initiator. When the initiator's token has expired during a long
 * wait (a 401 while reading the operation this task started), it falls back to the scaffolder's own service
 * credentials for reading and cancelling that operation.
 */
class EngineTokens {
  private serviceFallback = false;

  constructor(
    private readonly auth: RunbookActionOptions['auth'],
    private readonly ctx: RunbookActionContext,
  ) {}

  get usingServiceFallback() {
    return this.serviceFallback;
  }

  fallBackToService() {
    this.serviceFallback = true;
  }

  /** `asInitiator`: for changes (cancel), which the engine only accepts from a person. */
  async token(options?: { asInitiator?: boolean }): Promise<string> {
    const onBehalfOf =
      this.serviceFallback && !options?.asInitiator
        ? await this.auth.getOwnServiceCredentials()
        : await this.ctx.getInitiatorCredentials();
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf,
      targetPluginId: 'gsv-ops',
    });
    return token;
  }
}

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
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const dryRun = Boolean(ctx.isDryRun);
  const signal = ctx.signal;
  const tokens = new EngineTokens(options.auth, ctx);
  const link = opsTabUrl(options.appBaseUrl, input.entityRef);
  const streamer = new StepLogStreamer(ctx.logger);

  const request: StartOperationRequest = {
    runbook: runbook.id,
    entityRef: input.entityRef,
    cluster: input.cluster,
    parameters: input.parameters as Record<string, unknown>,
    dryRun,
    ...(input.incident ? { incident: input.incident } : {}),
    origin: `scaffolder-task:${ctx.task.id}`,
    // the engine checks that it is a recent dry run of this very request by the task's user, used by no other run
    ...(!dryRun && input.reviewedDryRunId ? { reviewedDryRunId: input.reviewedDryRunId } : {}),
  };

  if (signal?.aborted) {
    throw new Error(
      `The task was cancelled before "${runbook.title}" started; nothing was sent to the cluster`,
    );
  }

  ctx.logger.info(
    `${dryRun ? 'Dry run: planning' : 'Starting'} ${description} in cluster ${
      input.cluster
    } for ${input.entityRef}` +
      `${
        input.incident
          ? ` under incident ${input.incident.id} (${input.incident.severity})`
          : ''
      }`,
  );

  let record: OperationRecord | undefined;
  const started = await ctx.checkpoint({
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
  const operationId = started.operationId;
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
        dryRun ? 'planned' : 'started'
      }; follow it in the Ops tab: ${link}`,
    );
  }
  streamer.log(record);

  const deadline =
    Date.now() +
    (Number(input.parameters.timeoutSeconds ?? 600) + DEADLINE_GRACE_SECONDS) *
      1000;
  let unreachableSince: number | undefined;

  const read = async (
    readSignal?: AbortSignal,
  ): Promise<OperationRecord | undefined> => {
    try {
      const next = await client.getOperation(operationId, {
        token: await tokens.token(),
        signal: readSignal,
      });
      if (unreachableSince !== undefined) {
        ctx.logger.info('The gsv-ops backend answers again');
      }
      unreachableSince = undefined;
      return next;
    } catch (error) {
      if (readSignal?.aborted) {
        return undefined;
      }
      if (
        isEngineResponseError(error) &&
        error.statusCode === 401 &&
        !tokens.usingServiceFallback
      ) {
        ctx.logger.warn(
          'The initiator’s credentials expired while the operation ran; following it with the scaffolder’s own credentials',
        );
        tokens.fallBackToService();
        return undefined;
      }
      if (!isTransient(error)) {
        throw new Error(
          `Could not read operation ${operationId} from the gsv-ops backend: ${engineMessage(
            error,
          )}. ` + `It may still be running; see the Ops tab: ${link}`,
        );
      }
      if (unreachableSince === undefined) {
        unreachableSince = Date.now();
        ctx.logger.warn(
          `The gsv-ops backend did not answer (${engineMessage(
            error,
          )}); retrying`,
        );
      } else if (Date.now() - unreachableSince > MAX_UNREACHABLE_MS) {
        throw new Error(
          `Lost contact with the gsv-ops backend for over ${
            MAX_UNREACHABLE_MS / 1000
          } seconds while operation ` +
            `${operationId} was ${record?.status}. It may still be running; see the Ops tab: ${link}`,
        );
      }
      return undefined;
    }
  };

  while (!isTerminal(record.status)) {
    if (signal?.aborted) {
      record = await cancel();
      break;
    }
    await sleep(pollIntervalMs, signal);
    if (signal?.aborted) {
      record = await cancel();
      break;
    }
    const next = await read(signal);
    if (next) {
      record = next;
      streamer.log(record);
    }
    if (!isTerminal(record.status) && Date.now() > deadline) {
      throw new Error(
        `Operation ${operationId} is still ${record.status} well past its timeout; stopped waiting for it. ` +
          `It was not cancelled: follow it, or cancel it, in the Ops tab: ${link}`,
      );
    }
  }

  async function cancel(): Promise<OperationRecord> {
    ctx.logger.warn(
      `The task was cancelled: cancelling operation ${operationId}`,
    );
    let current = record!;
    try {
      current = await client.cancelOperation(operationId, {
        token: await tokens.token({ asInitiator: true }),
      });
      streamer.log(current);
    } catch (error) {
      ctx.logger.error(
        `The gsv-ops backend did not accept the cancellation: ${engineMessage(
          error,
        )}`,
      );
    }
    const until = Date.now() + CANCEL_WAIT_MS;
    while (!isTerminal(current.status) && Date.now() < until) {
      await sleep(pollIntervalMs);
      const next = await read();
      if (next) {
        current = next;
        streamer.log(current);
      }
    }
    if (!isTerminal(current.status)) {
      throw new Error(
        `Cancellation of operation ${operationId} was requested, but it is still ${current.status}. ` +
          `Follow it in the Ops tab: ${link}`,
      );
    }
    if (current.status === 'succeeded') {
      ctx.logger.warn(
        `Operation ${operationId} finished before it could be cancelled`,
      );
    }
    return current;
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
  for (const [name, value] of Object.entries(output)) {
    ctx.output(
      name as keyof RunbookActionOutput,
      value as RunbookActionOutput[keyof RunbookActionOutput],
    );
  }

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
