import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeRunbookActionBehaviour } from '../__testUtils__/actionTestKit';
import { createScaleDeploymentAction } from './scaleDeployment';

describe('gsv:deployment:scale', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeRunbookActionBehaviour({
    server,
    create: createScaleDeploymentAction,
    actionId: 'gsv:deployment:scale',
    runbook: 'deployment-scale',
    input: {
      entityRef: 'component:default/agent-registry-worker',
      cluster: 'gsv-dev',
      parameters: {
        namespace: 'cmp',
        deployment: 'agent-registry-worker',
        replicas: 4,
      },
    },
    expectedParameters: {
      namespace: 'cmp',
      deployment: 'agent-registry-worker',
      replicas: 4,
      timeoutSeconds: 300,
    },
    invalid: [
      [
        'more replicas than the schema allows',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            deployment: 'agent-registry',
            replicas: 101,
          },
        },
        /parameters\.replicas: Number must be less than or equal to 100/,
      ],
      [
        'a negative replica count',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            deployment: 'agent-registry',
            replicas: -1,
          },
        },
        /parameters\.replicas: Number must be greater than or equal to 0/,
      ],
      [
        'a fractional replica count',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            deployment: 'agent-registry',
            replicas: 2.5,
          },
        },
        /parameters\.replicas: Expected integer/,
      ],
      [
        'replicas as a string',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            deployment: 'agent-registry',
            replicas: '4',
          },
        },
        /parameters\.replicas: Expected number, received string/,
      ],
      [
        'no replica count',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: { namespace: 'cmp', deployment: 'agent-registry' },
        },
        /parameters\.replicas: Required/,
      ],
    ],
  });
});
