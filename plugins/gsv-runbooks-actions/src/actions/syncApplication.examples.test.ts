import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeExamples } from '../__testUtils__/examplesTestKit';
import { createSyncApplicationAction } from './syncApplication';
import { examples } from './syncApplication.examples';

describe('gsv:application:sync examples', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeExamples({
    server,
    create: createSyncApplicationAction,
    examples,
    expectedParameters: [
      {
        namespace: 'argocd',
        application: 'agent-registry',
        prune: false,
        timeoutSeconds: 600,
      },
      {
        namespace: 'argocd',
        application: 'keycloak',
        revision: 'v24.0.5',
        prune: true,
        timeoutSeconds: 600,
      },
    ],
  });
});
