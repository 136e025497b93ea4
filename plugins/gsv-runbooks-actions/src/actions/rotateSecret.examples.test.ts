import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeExamples } from '../__testUtils__/examplesTestKit';
import { createRotateSecretAction } from './rotateSecret';
import { examples } from './rotateSecret.examples';

describe('gsv:secret:rotate examples', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeExamples({
    server,
    create: createRotateSecretAction,
    examples,
    expectedParameters: [
      {
        namespace: 'cmp',
        externalSecret: 'agent-registry-secrets',
        restartConsumers: false,
        timeoutSeconds: 600,
      },
      {
        namespace: 'cmp',
        externalSecret: 'agent-registry-secrets',
        restartConsumers: true,
        timeoutSeconds: 600,
      },
    ],
  });
});
