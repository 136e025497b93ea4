import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeExamples } from '../__testUtils__/examplesTestKit';
import { createPromoteImageAction } from './promoteImage';
import { examples } from './promoteImage.examples';

describe('gsv:image:promote examples', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeExamples({
    server,
    create: createPromoteImageAction,
    examples,
    expectedParameters: [
      {
        namespace: 'argocd',
        application: 'agent-registry-qa',
        fromEnvironment: 'dev',
        toEnvironment: 'qa',
        timeoutSeconds: 600,
      },
      {
        namespace: 'argocd',
        application: 'agent-registry',
        fromEnvironment: 'qa',
        toEnvironment: 'prod',
        tag: 'v1.2.3',
        timeoutSeconds: 1200,
      },
    ],
  });
});
