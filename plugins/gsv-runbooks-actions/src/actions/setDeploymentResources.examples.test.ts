import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeExamples } from '../__testUtils__/examplesTestKit';
import { createSetDeploymentResourcesAction } from './setDeploymentResources';
import { examples } from './setDeploymentResources.examples';

describe('gsv:deployment:set-resources examples', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeExamples({
    server,
    create: createSetDeploymentResourcesAction,
    examples,
    expectedParameters: [
      {
        namespace: 'cmp',
        deployment: 'agent-registry',
        container: 'agent-registry',
        requests: { memory: '768Mi' },
        limits: { memory: '1Gi' },
        timeoutSeconds: 300,
      },
      {
        namespace: 'cmp',
        deployment: 'agent-registry-worker',
        container: 'worker',
        requests: { cpu: '250m' },
        limits: { cpu: '1' },
        timeoutSeconds: 300,
      },
    ],
  });
});
