import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeExamples } from '../__testUtils__/examplesTestKit';
import { createRollbackDeploymentAction } from './rollbackDeployment';
import { examples } from './rollbackDeployment.examples';

describe('gsv:deployment:rollback examples', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeExamples({
    server,
    create: createRollbackDeploymentAction,
    examples,
    expectedParameters: [
      { namespace: 'cmp', deployment: 'agent-registry', timeoutSeconds: 300 },
      {
        namespace: 'sso',
        deployment: 'keycloak',
        toRevision: 7,
        timeoutSeconds: 300,
      },
    ],
  });
});
