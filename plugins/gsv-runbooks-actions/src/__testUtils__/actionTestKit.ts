/* eslint-disable jest/no-export */
// A shared suite: each action's test file runs it with its own inputs.
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import {
  GsvOpsClient,
  type StartOperationRequest,
} from '@gsv/plugin-gsv-ops-common';
import type { RunbookTemplateAction } from '../lib/createRunbookAction';
import type { RunbookActionOptions } from '../lib/types';
import type { CheckActionOptions } from '../lib/checkActions';
import { fakeDiscovery, FakeOperationsEngine } from './FakeOperationsEngine';
import type { SetupServer } from 'msw/node';

export const APP_BASE_URL = 'http://backstage.test';

/** The token the actions must send: minted for gsv-ops on behalf of the task's initiator. */
export const INITIATOR_AUTHORIZATION = `Bearer ${mockCredentials.service.token({
  onBehalfOf: mockCredentials.user(),
  targetPluginId: 'gsv-ops',
})}`;

/** The check actions' collaborators: the real client against the msw-served backend, acting for the initiator. */
export function createCheckTestOptions(): CheckActionOptions {
  return {
    client: new GsvOpsClient({ discoveryApi: fakeDiscovery }),
    auth: mockServices.auth(),
  };
}

export function createTestOptions(
  overrides: Partial<RunbookActionOptions> = {},
): RunbookActionOptions {
  return {
    client: new GsvOpsClient({ discoveryApi: fakeDiscovery }),
    auth: mockServices.auth(),
    appBaseUrl: APP_BASE_URL,
    pollIntervalMs: 5,
    ...overrides,
  };
}

/**
 * A mock action context with a jest logger. `createMockActionContext` ignores `isDryRun`, `signal` and `checkpoint`,
 * so they are spread in here.
 */
export function createTestContext(
  input: JsonObject,
  extra: {
    isDryRun?: boolean;
    signal?: AbortSignal;
    checkpoint?: (opts: any) => Promise<any>;
  } = {},
) {
  const logger = mockServices.logger.mock();
  const ctx = {
    ...createMockActionContext<JsonObject, any>({
      input,
      logger,
      user: { ref: 'user:default/mock' },
    }),
    ...extra,
  } as ActionContext<any, any> & { output: jest.Mock };
  return { ctx, logger };
}

/** Every line logged at any level, for assertions on the task log. */
export function loggedLines(
  logger: ReturnType<typeof mockServices.logger.mock>,
): string[] {
  return [logger.info, logger.warn, logger.error, logger.debug].flatMap(fn =>
    (fn as jest.Mock).mock.calls.map(call => String(call[0])),
  );
}

export interface StandardSuiteOptions {
  create(options: RunbookActionOptions): RunbookTemplateAction;
  actionId: string;
  runbook: StartOperationRequest['runbook'];
  /** A valid input, as a template would render it. */
  input: JsonObject;
  /** What the engine must receive as `parameters` for that input (defaults applied by the action). */
  expectedParameters: Record<string, unknown>;
  /** Inputs the action must refuse with InputError before any request; the string must appear in the message. */
  invalid: Array<
    [description: string, input: JsonObject, message: string | RegExp]
  >;
  server: SetupServer;
}

/**
 * The behaviour every runbook action shares: start → stream → outputs; failure; dry run; cancel through the signal;
 * refusal by the engine; bad input. Each action's test file runs it with its own inputs and invalid cases.
 */
export function describeRunbookActionBehaviour(o: StandardSuiteOptions) {
  let engine: FakeOperationsEngine;
  beforeEach(() => {
    engine = new FakeOperationsEngine(o.server);
  });

  it('starts the operation on behalf of the initiator, streams its steps and outputs the result', async () => {
    const action = o.create(createTestOptions());
    expect(action.id).toBe(o.actionId);
    expect(action.supportsDryRun).toBe(true);
    const { ctx, logger } = createTestContext(o.input);

    await action.handler(ctx);

    expect(engine.starts).toEqual([
      {
        runbook: o.runbook,
        entityRef: expect.stringMatching(/^[a-z]+:[a-z0-9-]+\/.+/),
        cluster: o.input.cluster,
        parameters: o.expectedParameters,
        dryRun: false,
        ...(o.input.incident ? { incident: o.input.incident } : {}),
        origin: 'scaffolder-task:mock-task-id',
      },
    ]);
    expect(new Set(engine.requests.map(r => r.authorization))).toEqual(
      new Set([INITIATOR_AUTHORIZATION]),
    );
    const lines = loggedLines(logger);
    for (const name of ['validate', 'policy', 'lock', 'apply', 'wait']) {
      expect(lines.some(line => line.startsWith(`[${name}] succeeded`))).toBe(
        true,
      );
    }
    expect(lines.some(line => line.includes('+ a: 2'))).toBe(true);
    expect(ctx.output).toHaveBeenCalledWith('operationId', 'op-1');
    expect(ctx.output).toHaveBeenCalledWith('status', 'succeeded');
    expect(ctx.output).toHaveBeenCalledWith(
      'summary',
      'Done: 2/2 replicas ready',
    );
    expect(ctx.output).toHaveBeenCalledWith('dryRun', false);
    expect(ctx.output).toHaveBeenCalledWith(
      'opsTabUrl',
      expect.stringMatching(
        /^http:\/\/backstage\.test\/catalog\/default\/[a-z]+\/[^/]+\/ops$/,
      ),
    );
  });

  it('fails with the engine’s reason when the operation fails', async () => {
    engine.script = {
      steps: [
        { name: 'validate', message: 'Parameters are valid' },
        {
          name: 'wait',
          message:
            'Timed out after 300 s: 1/2 pods ready, agent-registry-7d9 is CrashLoopBackOff',
        },
      ],
      outcome: 'failed',
      summary:
        'Not finished within 300 s; run "Roll back" or check the pod logs',
    };
    const action = o.create(createTestOptions());
    const { ctx, logger } = createTestContext(o.input);

    await expect(action.handler(ctx)).rejects.toThrow(
      /failed \(operation op-1\): Not finished within 300 s; run "Roll back" or check the pod logs\. Details in the Ops tab: http:\/\/backstage\.test\/catalog\//,
    );
    expect(ctx.output).toHaveBeenCalledWith('status', 'failed');
    expect(
      (logger.error as jest.Mock).mock.calls.map(c => c[0]),
    ).toContainEqual(
      expect.stringContaining('[wait] failed: Timed out after 300 s'),
    );
  });

  it('runs the engine’s server-side dry run in a dry run and logs the plan', async () => {
    const action = o.create(createTestOptions());
    const { ctx, logger } = createTestContext(o.input, { isDryRun: true });

    await action.handler(ctx);

    expect(engine.starts).toHaveLength(1);
    expect(engine.starts[0]).toMatchObject({
      runbook: o.runbook,
      dryRun: true,
      parameters: o.expectedParameters,
    });
    expect(engine.requests.filter(r => r.path.endsWith('/cancel'))).toEqual([]);
    const lines = loggedLines(logger);
    expect(lines).toContainEqual(
      expect.stringContaining('[plan] succeeded: Would patch 1 object'),
    );
    expect(lines).toContainEqual(
      expect.stringContaining('+   kubectl.kubernetes.io/restartedAt'),
    );
    expect(lines).toContainEqual(
      expect.stringContaining('Dry run succeeded; nothing was changed'),
    );
    expect(ctx.output).toHaveBeenCalledWith('dryRun', true);
    expect(ctx.output).toHaveBeenCalledWith('status', 'succeeded');
  });

  it('cancels the operation when the task is cancelled', async () => {
    engine.script = {
      steps: [{ name: 'wait', message: 'Waiting' }],
      outcome: 'hang',
      summary: '',
    };
    const action = o.create(createTestOptions());
    const controller = new AbortController();
    const { ctx } = createTestContext(o.input, { signal: controller.signal });
    const running = action.handler(ctx);
    // let a few reads happen, then cancel the task
    await new Promise(resolve => setTimeout(resolve, 30));
    controller.abort();

    await expect(running).rejects.toThrow(
      /was cancelled \(operation op-1\): Cancelled by the task/,
    );
    expect(
      engine.requests.filter(r => r.path === '/operations/op-1/cancel'),
    ).toEqual([
      expect.objectContaining({
        method: 'POST',
        authorization: INITIATOR_AUTHORIZATION,
      }),
    ]);
    expect(ctx.output).toHaveBeenCalledWith('status', 'cancelled');
  });

  it('reports the engine’s refusal (e.g. a held lock) with its message', async () => {
    engine.refuseStart = {
      status: 409,
      name: 'ConflictError',
      message:
        'Operation op-77 (deployment-restart by user:default/jane) is already running on this target',
    };
    const action = o.create(createTestOptions());
    const { ctx } = createTestContext(o.input);

    await expect(action.handler(ctx)).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining(
        'Operation op-77 (deployment-restart by user:default/jane) is already running',
      ),
    });
    expect(ctx.output).not.toHaveBeenCalled();
  });

  describe('refuses bad input before any request', () => {
    it.each(o.invalid)('%s', async (_description, input, message) => {
      const action = o.create(createTestOptions());
      const { ctx } = createTestContext(input);

      const error = await action.handler(ctx).then(
        () => undefined,
        e => e,
      );
      expect(error).toBeDefined();
      expect(error.name).toBe('InputError');
      expect(error.message).toMatch(message);
      expect(engine.requests).toEqual([]);
    });
  });
}
