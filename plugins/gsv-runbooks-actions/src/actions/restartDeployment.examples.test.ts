import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeExamples } from '../__testUtils__/examplesTestKit';
import { createRestartDeploymentAction } from './restartDeployment';
import { examples } from './restartDeployment.examples';

describe('gsv:deployment:restart examples', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeExamples({
    server,
    create: createRestartDeploymentAction,
    examples,
    expectedParameters: [
      { namespace: 'cmp', deployment: 'agent-registry', timeoutSeconds: 300 },
      {
        namespace: 'cmp',
        deployment: 'agent-registry-worker',
        timeoutSeconds: 600,
      },
    ],
  });
});
