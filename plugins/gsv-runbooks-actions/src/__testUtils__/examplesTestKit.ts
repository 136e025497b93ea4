/* eslint-disable jest/no-export */
// A shared suite: each action's test file runs it with its own inputs.
import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import type { SetupServer } from 'msw/node';
import { validate } from 'jsonschema';
import yaml from 'yaml';
import { RUNBOOKS, type RunbookId } from '@gsv/plugin-gsv-ops-common';
import type { RunbookTemplateAction } from '../lib/createRunbookAction';
import type { RunbookActionOptions } from '../lib/types';
import {
  createTestContext,
  createTestOptions,
  INITIATOR_AUTHORIZATION,
} from './actionTestKit';
import { FakeOperationsEngine } from './FakeOperationsEngine';

/**
 * Replays every example of an action: its YAML parses, names this action, passes the action's JSON Schema (what the
 * scaffolder checks), and the handler sends the engine exactly the expected parameters.
 */
export function describeExamples(o: {
  server: SetupServer;
  create(options: RunbookActionOptions): RunbookTemplateAction;
  examples: TemplateExample[];
  /** Per example, what the engine must receive as `parameters` (defaults applied). */
  expectedParameters: Record<string, unknown>[];
}) {
  it('has one expectation per example', () => {
    expect(o.examples.length).toBeGreaterThan(0);
    expect(o.expectedParameters).toHaveLength(o.examples.length);
  });

  describe.each(
    o.examples.map(
      (example, index) =>
        [index + 1, example.description, example, index] as const,
    ),
  )('example %d: %s', (_n, _description, example, index) => {
    it('runs against the engine with the expected request', async () => {
      const engine = new FakeOperationsEngine(o.server);
      const action = o.create(createTestOptions());
      const steps = yaml.parse(example.example).steps as Array<{
        action: string;
        input: JsonObject;
      }>;
      expect(steps).toHaveLength(1);
      expect(steps[0].action).toBe(action.id);
      const input = steps[0].input;

      const schemaCheck = validate(input, action.schema!.input!);
      expect(schemaCheck.errors.map(e => e.stack)).toEqual([]);

      const { ctx } = createTestContext(input);
      await action.handler(ctx);

      expect(engine.starts).toEqual([
        expect.objectContaining({
          runbook: runbookOf(action),
          entityRef: input.entityRef,
          cluster: input.cluster,
          parameters: o.expectedParameters[index],
          dryRun: false,
          ...(input.incident ? { incident: input.incident } : {}),
          ...(input.reviewedDryRunId
            ? { reviewedDryRunId: input.reviewedDryRunId }
            : {}),
        }),
      ]);
      expect(
        engine.requests.every(r => r.authorization === INITIATOR_AUTHORIZATION),
      ).toBe(true);
      expect(ctx.output).toHaveBeenCalledWith('status', 'succeeded');
      expect(ctx.output).toHaveBeenCalledWith(
        'operationId',
        expect.stringMatching(/^op-/),
      );
    });
  });
}

function runbookOf(action: RunbookTemplateAction): RunbookId {
  const runbook = RUNBOOKS.find(r => r.actionId === action.id);
  if (!runbook) throw new Error(`No runbook has the action ${action.id}`);
  return runbook.id;
}
