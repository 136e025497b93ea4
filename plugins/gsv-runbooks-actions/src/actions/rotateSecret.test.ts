import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeRunbookActionBehaviour } from '../__testUtils__/actionTestKit';
import { createRotateSecretAction } from './rotateSecret';

describe('gsv:secret:rotate', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeRunbookActionBehaviour({
    server,
    create: createRotateSecretAction,
    actionId: 'gsv:secret:rotate',
    runbook: 'secret-rotate',
    input: {
      entityRef: 'component:default/agent-registry',
      cluster: 'gsv-dev',
      parameters: {
        namespace: 'cmp',
        externalSecret: 'agent-registry-secrets',
        restartConsumers: true,
      },
    },
    expectedParameters: {
      namespace: 'cmp',
      externalSecret: 'agent-registry-secrets',
      restartConsumers: true,
      timeoutSeconds: 600,
    },
    invalid: [
      [
        'restartConsumers as a string',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            externalSecret: 'agent-registry-secrets',
            restartConsumers: 'yes',
          },
        },
        /parameters\.restartConsumers: Expected boolean, received string/,
      ],
      [
        'no ExternalSecret',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: { namespace: 'cmp' },
        },
        /parameters\.externalSecret: Required/,
      ],
      [
        'an unknown top-level field',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            externalSecret: 'agent-registry-secrets',
          },
          token: 'abc',
        },
        /Unrecognized key\(s\) in object: 'token'/,
      ],
    ],
  });
});
