import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeExamples } from '../__testUtils__/examplesTestKit';
import { createDiagnoseServiceAction } from './diagnoseService';
import { examples } from './diagnoseService.examples';

describe('gsv:service:diagnose examples', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeExamples({
    server,
    create: createDiagnoseServiceAction,
    examples,
    expectedParameters: [
      { namespace: 'cmp', deployment: 'agent-registry', timeoutSeconds: 120 },
      {
        namespace: 'cmp',
        deployment: 'agent-registry',
        container: 'agent-registry',
        timeoutSeconds: 300,
      },
    ],
  });
});
