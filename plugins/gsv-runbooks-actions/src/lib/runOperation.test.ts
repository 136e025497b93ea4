import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import {
  APP_BASE_URL,
  createTestContext,
  createTestOptions,
  INITIATOR_AUTHORIZATION,
  loggedLines,
} from '../__testUtils__/actionTestKit';
import { FakeOperationsEngine } from '../__testUtils__/FakeOperationsEngine';
import { createRestartDeploymentAction } from '../actions/restartDeployment';
import { createScaleDeploymentAction } from '../actions/scaleDeployment';
import { startCheckpointKey } from './startOperation';

const REVIEW_ID = '0b6f3d2e-1a4c-4e8f-9b7d-5c2a1e0f9d31';

const restartInput = {
  entityRef: 'component:default/agent-registry',
  cluster: 'gsv-dev',
  parameters: { namespace: 'cmp', deployment: 'agent-registry' },
};
const restartRequest = {
  runbook: 'deployment-restart' as const,
  entityRef: 'component:default/agent-registry',
  cluster: 'gsv-dev',
  parameters: {
    namespace: 'cmp',
    deployment: 'agent-registry',
    timeoutSeconds: 300,
  },
};

describe('runOperation', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let engine: FakeOperationsEngine;
  beforeEach(() => {
    engine = new FakeOperationsEngine(server);
  });

  it('normalises the entity ref it sends and links the Ops tab of that entity', async () => {
    const action = createRestartDeploymentAction(createTestOptions());
    const { ctx } = createTestContext({
      ...restartInput,
      entityRef: 'Component:agent-registry',
    });

    await action.handler(ctx);

    expect(engine.starts[0].entityRef).toBe('component:default/agent-registry');
    expect(ctx.output).toHaveBeenCalledWith(
      'opsTabUrl',
      `${APP_BASE_URL}/catalog/default/component/agent-registry/ops`,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'opsTabPath',
      '/catalog/default/component/agent-registry/ops',
    );
  });

  it('reports an interrupted operation as possibly half-way', async () => {
    engine.script = {
      steps: [{ name: 'apply', message: 'Patched' }],
      outcome: 'interrupted',
      summary: 'The backend restarted during the wait',
    };
    const action = createRestartDeploymentAction(createTestOptions());
    const { ctx } = createTestContext(restartInput);

    await expect(action.handler(ctx)).rejects.toThrow(
      /was interrupted: the gsv-ops backend stopped before operation op-1 finished, so the cluster may be half-way/,
    );
  });

  describe('start', () => {
    it('does not start anything when the task was cancelled before the step', async () => {
      const controller = new AbortController();
      controller.abort();
      const action = createRestartDeploymentAction(createTestOptions());
      const { ctx } = createTestContext(restartInput, {
        signal: controller.signal,
      });

      await expect(action.handler(ctx)).rejects.toThrow(
        /nothing was sent to the cluster/,
      );
      expect(engine.requests).toEqual([]);
    });

    it('sends the incident override and logs it', async () => {
      const { ctx, logger } = createTestContext({
        entityRef: 'component:default/agent-registry',
        cluster: 'gsv-dev',
        parameters: {
          namespace: 'cmp',
          deployment: 'agent-registry',
          replicas: 3,
        },
        incident: { id: 'INC-99', severity: 'P2' },
      });

      await createScaleDeploymentAction(createTestOptions()).handler(ctx);

      expect(engine.starts[0].incident).toEqual({
        id: 'INC-99',
        severity: 'P2',
      });
      expect(loggedLines(logger)).toContainEqual(
        expect.stringContaining('under incident INC-99 (P2)'),
      );
    });

    describe('checkpoint', () => {
      it('wraps the start in a checkpoint with a key that depends only on the request', async () => {
        const keys: string[] = [];
        const checkpoint = jest.fn(
          async (opts: { key: string; fn: () => unknown }) => {
            keys.push(opts.key);
            return opts.fn();
          },
        );
        const action = createRestartDeploymentAction(createTestOptions());
        await action.handler(
          createTestContext(restartInput, { checkpoint }).ctx,
        );
        await action.handler(
          createTestContext(restartInput, { checkpoint }).ctx,
        );
        await action.handler(
          createTestContext(restartInput, { checkpoint, isDryRun: true }).ctx,
        );

        expect(keys[0]).toMatch(
          /^gsv-ops\.operation\.start\.deployment-restart\.run\.[0-9a-f]{16}$/,
        );
        expect(keys[1]).toBe(keys[0]);
        expect(keys[2]).toMatch(/\.dry-run\./);
        expect(keys[0]).toBe(
          startCheckpointKey({
            ...restartRequest,
            dryRun: false,
            origin: 'anything',
          }),
        );
        expect(keys[0]).not.toBe(
          startCheckpointKey({
            ...restartRequest,
            parameters: { ...restartRequest.parameters, timeoutSeconds: 301 },
            dryRun: false,
          }),
        );
      });

      it('follows the recorded operation instead of starting a second one when the checkpoint replays', async () => {
        // a first attempt started op-1 ...
        const first = createRestartDeploymentAction(createTestOptions());
        await first.handler(createTestContext(restartInput).ctx);
        expect(engine.starts).toHaveLength(1);

        // ... the recovered task replays the checkpoint's value
        const checkpoint = jest.fn(async () => ({ operationId: 'op-1' }));
        const { ctx, logger } = createTestContext(restartInput, { checkpoint });
        await createRestartDeploymentAction(createTestOptions()).handler(ctx);

        expect(engine.starts).toHaveLength(1);
        expect(loggedLines(logger)).toContainEqual(
          expect.stringContaining('Resuming operation op-1'),
        );
        expect(ctx.output).toHaveBeenCalledWith('operationId', 'op-1');
        expect(ctx.output).toHaveBeenCalledWith('status', 'succeeded');
      });
    });

    describe('reviewed dry run', () => {
      const reviewedInput = { ...restartInput, reviewedDryRunId: REVIEW_ID };

      it('names the reviewed dry run to the engine, which checks it against the request', async () => {
        const { ctx } = createTestContext(reviewedInput);

        await createRestartDeploymentAction(createTestOptions()).handler(ctx);

        expect(engine.starts).toHaveLength(1);
        expect(engine.starts[0]).toMatchObject({
          dryRun: false,
          reviewedDryRunId: REVIEW_ID,
        });
      });

      it("sends none with the scaffolder's own dry run", async () => {
        const { ctx } = createTestContext(reviewedInput, { isDryRun: true });

        await createRestartDeploymentAction(createTestOptions()).handler(ctx);

        expect(engine.starts[0].dryRun).toBe(true);
        expect(engine.starts[0]).not.toHaveProperty('reviewedDryRunId');
      });

      it("reports the engine's refusal of a review that does not match, and starts nothing", async () => {
        engine.refuseStart = {
          status: 409,
          name: 'ConflictError',
          message: `The reviewed dry run ${REVIEW_ID} planned a different request: parameters.deployment: keycloak planned, agent-registry now. Run the dry run of this request and review it`,
        };
        const { ctx } = createTestContext(reviewedInput);

        await expect(
          createRestartDeploymentAction(createTestOptions()).handler(ctx),
        ).rejects.toThrow(
          /planned a different request: parameters.deployment: keycloak planned, agent-registry now/,
        );
        // the one refused start, nothing after it
        expect(engine.writes.map(w => `${w.method} ${w.path}`)).toEqual([
          'POST /operations',
        ]);
      });
    });
  });

  describe('follow', () => {
    it('keeps following the operation through a short outage of the backend', async () => {
      engine.failReads = { status: 503, count: 3 };
      const action = createRestartDeploymentAction(createTestOptions());
      const { ctx, logger } = createTestContext(restartInput);

      await action.handler(ctx);

      expect(ctx.output).toHaveBeenCalledWith('status', 'succeeded');
      const lines = loggedLines(logger);
      expect(lines).toContainEqual(
        expect.stringContaining('The gsv-ops backend did not answer'),
      );
      expect(lines).toContainEqual('The gsv-ops backend answers again');
    });

    it('survives a network error while reading', async () => {
      engine.failReads = { status: 0, count: 2 };
      const action = createRestartDeploymentAction(createTestOptions());
      const { ctx } = createTestContext(restartInput);

      await action.handler(ctx);

      expect(ctx.output).toHaveBeenCalledWith('status', 'succeeded');
    });

    it('stops with a clear message when reading is refused for good', async () => {
      engine.failReads = { status: 403, count: 100 };
      const action = createRestartDeploymentAction(createTestOptions());
      const { ctx } = createTestContext(restartInput);

      await expect(action.handler(ctx)).rejects.toThrow(
        /Could not read operation op-1 from the gsv-ops backend: fake failure 403\. It may still be running; see the Ops tab/,
      );
    });

    it('falls back to its own service credentials when the initiator’s token expired during the wait', async () => {
      engine.failReads = { status: 401, count: 1 };
      const auth = mockServices.auth({ pluginId: 'scaffolder' });
      const action = createRestartDeploymentAction(createTestOptions({ auth }));
      const { ctx, logger } = createTestContext(restartInput);

      await action.handler(ctx);

      expect(ctx.output).toHaveBeenCalledWith('status', 'succeeded');
      expect(engine.requests[0]).toMatchObject({
        method: 'POST',
        authorization: INITIATOR_AUTHORIZATION,
      });
      const serviceAuthorization = `Bearer ${mockCredentials.service.token({
        onBehalfOf: mockCredentials.service('plugin:scaffolder'),
        targetPluginId: 'gsv-ops',
      })}`;
      expect(engine.requests[engine.requests.length - 1].authorization).toBe(
        serviceAuthorization,
      );
      expect(loggedLines(logger)).toContainEqual(
        expect.stringContaining('credentials expired'),
      );
    });

    it('stops waiting, without cancelling, when the operation runs far past its timeout', async () => {
      engine.script = {
        steps: [{ name: 'wait', message: 'Waiting' }],
        outcome: 'hang',
        summary: '',
      };
      const action = createRestartDeploymentAction(createTestOptions());
      const { ctx } = createTestContext({
        ...restartInput,
        parameters: { ...restartInput.parameters, timeoutSeconds: 30 },
      });
      const realNow = Date.now;
      let calls = 0;
      // time runs 100 s per read, so the deadline (30 s + 300 s grace) is passed after a few reads
      jest
        .spyOn(Date, 'now')
        .mockImplementation(() => realNow() + calls++ * 100_000);

      try {
        await expect(action.handler(ctx)).rejects.toThrow(
          /Operation op-1 is still running well past its timeout; stopped waiting for it\. It was not cancelled/,
        );
      } finally {
        jest.restoreAllMocks();
      }
      expect(engine.requests.filter(r => r.path.endsWith('/cancel'))).toEqual(
        [],
      );
    });
  });

  describe('approvals', () => {
    const scriptWithApproval = (decision: 'approve' | 'reject') => ({
      steps: [{ name: 'apply', message: 'Patched' }],
      outcome: 'succeeded' as const,
      summary: 'Restarted',
      approval: { reads: 3, decision },
    });

    it('waits while the operation awaits approval, then follows it to the end', async () => {
      engine.script = scriptWithApproval('approve');
      const action = createRestartDeploymentAction(createTestOptions());
      const { ctx, logger } = createTestContext(restartInput);
      await action.handler(ctx);
      const lines = loggedLines(logger);
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /Waiting for 1 approval from group:default\/platform-team/,
          ),
        ]),
      );
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/Approved: 1 of 1 approval/),
        ]),
      );
      expect(ctx.output).toHaveBeenCalledWith('status', 'succeeded');
    });

    it('fails with the approver’s decision when rejected, and changes nothing', async () => {
      engine.script = scriptWithApproval('reject');
      const action = createRestartDeploymentAction(createTestOptions());
      const { ctx } = createTestContext(restartInput);
      await expect(action.handler(ctx)).rejects.toThrow(
        /was rejected by an approver \(operation op-1\): Rejected by user:default\/pat: not now. Nothing was changed./,
      );
      expect(ctx.output).toHaveBeenCalledWith('status', 'rejected');
    });

    it('cancels the waiting operation when the task is cancelled', async () => {
      engine.script = {
        ...scriptWithApproval('approve'),
        approval: { reads: 1_000_000, decision: 'approve' },
      };
      const action = createRestartDeploymentAction(createTestOptions());
      const controller = new AbortController();
      const { ctx } = createTestContext(restartInput, {
        signal: controller.signal,
      });
      const run = action.handler(ctx);
      while (engine.requests.filter(r => r.method === 'GET').length < 3) {
        await new Promise(resolve => setTimeout(resolve, 5));
      }
      controller.abort();
      await expect(run).rejects.toThrow(/was cancelled/);
      expect(engine.writes.map(w => w.path)).toEqual([
        '/operations',
        '/operations/op-1/cancel',
      ]);
    });
  });
});
