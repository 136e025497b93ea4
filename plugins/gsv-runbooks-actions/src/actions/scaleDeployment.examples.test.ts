import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeExamples } from '../__testUtils__/examplesTestKit';
import { createScaleDeploymentAction } from './scaleDeployment';
import { examples } from './scaleDeployment.examples';

describe('gsv:deployment:scale examples', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeExamples({
    server,
    create: createScaleDeploymentAction,
    examples,
    expectedParameters: [
      {
        namespace: 'cmp',
        deployment: 'agent-registry-worker',
        replicas: 4,
        timeoutSeconds: 300,
      },
      {
        namespace: 'cmp',
        deployment: 'agent-registry',
        replicas: 0,
        timeoutSeconds: 600,
      },
    ],
  });
});
