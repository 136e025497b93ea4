import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeRunbookActionBehaviour } from '../__testUtils__/actionTestKit';
import { createSetRolloutStrategyAction } from './setRolloutStrategy';

const target = { namespace: 'cmp', deployment: 'agent-registry' };
const request = (parameters: Record<string, unknown>) => ({
  entityRef: 'component:default/agent-registry',
  cluster: 'gsv-dev',
  parameters: { ...target, ...parameters },
});

describe('gsv:deployment:set-rollout-strategy', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeRunbookActionBehaviour({
    server,
    create: createSetRolloutStrategyAction,
    actionId: 'gsv:deployment:set-rollout-strategy',
    runbook: 'deployment-rollout-strategy',
    input: request({ maxSurge: '1', maxUnavailable: '0' }),
    expectedParameters: {
      ...target,
      maxSurge: 1,
      maxUnavailable: 0,
      switchFromRecreate: false,
      timeoutSeconds: 120,
    },
    invalid: [
      [
        'both zero',
        request({ maxSurge: 0, maxUnavailable: '0%' }),
        /maxSurge and maxUnavailable cannot both be 0/,
      ],
      [
        'the preset with values',
        request({ preset: 'zero-downtime', maxSurge: 2 }),
        /Give maxSurge and\/or maxUnavailable, or the preset alone/,
      ],
      [
        'nothing',
        request({}),
        /Give maxSurge and\/or maxUnavailable, or the preset alone/,
      ],
      [
        'a malformed percentage',
        request({ maxSurge: '25 percent' }),
        /A count such as 1, or a percentage such as 25%/,
      ],
    ],
  });
});
