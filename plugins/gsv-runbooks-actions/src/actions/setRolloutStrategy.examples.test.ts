import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeExamples } from '../__testUtils__/examplesTestKit';
import { createSetRolloutStrategyAction } from './setRolloutStrategy';
import { examples } from './setRolloutStrategy.examples';

describe('gsv:deployment:set-rollout-strategy examples', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeExamples({
    server,
    create: createSetRolloutStrategyAction,
    examples,
    expectedParameters: [
      {
        namespace: 'cmp',
        deployment: 'agent-registry',
        preset: 'zero-downtime',
        switchFromRecreate: false,
        timeoutSeconds: 120,
      },
      {
        namespace: 'cmp',
        deployment: 'agent-registry-worker',
        maxSurge: '25%',
        maxUnavailable: 1,
        switchFromRecreate: false,
        timeoutSeconds: 120,
      },
    ],
  });
});
