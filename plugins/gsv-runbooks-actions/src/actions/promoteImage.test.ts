import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeRunbookActionBehaviour } from '../__testUtils__/actionTestKit';
import { createPromoteImageAction } from './promoteImage';

describe('gsv:image:promote', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const target = {
    entityRef: 'component:default/agent-registry',
    cluster: 'gsv-dev',
  };
  describeRunbookActionBehaviour({
    server,
    create: createPromoteImageAction,
    actionId: 'gsv:image:promote',
    runbook: 'image-promote',
    input: {
      ...target,
      parameters: {
        application: 'agent-registry-qa',
        fromEnvironment: 'dev',
        toEnvironment: 'qa',
        tag: 'v1.2.3',
      },
    },
    expectedParameters: {
      namespace: 'argocd',
      application: 'agent-registry-qa',
      fromEnvironment: 'dev',
      toEnvironment: 'qa',
      tag: 'v1.2.3',
      timeoutSeconds: 600,
    },
    invalid: [
      [
        'the same environment twice',
        {
          ...target,
          parameters: {
            application: 'agent-registry-qa',
            fromEnvironment: 'qa',
            toEnvironment: 'qa',
          },
        },
        /parameters\.toEnvironment: Promote from one environment to another/,
      ],
      [
        'a tag with shell characters',
        {
          ...target,
          parameters: {
            application: 'agent-registry-qa',
            fromEnvironment: 'dev',
            toEnvironment: 'qa',
            tag: 'v1; rm -rf /',
          },
        },
        /parameters\.tag: An image tag/,
      ],
      [
        'no source environment',
        {
          ...target,
          parameters: { application: 'agent-registry-qa', toEnvironment: 'qa' },
        },
        /parameters\.fromEnvironment: Required/,
      ],
    ],
  });
});
