import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeRunbookActionBehaviour } from '../__testUtils__/actionTestKit';
import { createSetDeploymentResourcesAction } from './setDeploymentResources';

describe('gsv:deployment:set-resources', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeRunbookActionBehaviour({
    server,
    create: createSetDeploymentResourcesAction,
    actionId: 'gsv:deployment:set-resources',
    runbook: 'deployment-set-resources',
    input: {
      entityRef: 'component:default/agent-registry',
      cluster: 'gsv-dev',
      parameters: {
        namespace: 'cmp',
        deployment: 'agent-registry',
        container: 'agent-registry',
        requests: { cpu: '500m', memory: '512Mi' },
        limits: { memory: '1Gi' },
      },
    },
    expectedParameters: {
      namespace: 'cmp',
      deployment: 'agent-registry',
      container: 'agent-registry',
      requests: { cpu: '500m', memory: '512Mi' },
      limits: { memory: '1Gi' },
      timeoutSeconds: 300,
    },
    invalid: [
      [
        'neither requests nor limits',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            deployment: 'agent-registry',
            container: 'agent-registry',
          },
        },
        /Give at least one request or limit to change/,
      ],
      [
        'empty requests and limits',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            deployment: 'agent-registry',
            container: 'agent-registry',
            requests: {},
            limits: {},
          },
        },
        /Give at least one request or limit to change/,
      ],
      [
        'a quantity kubectl would not accept',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            deployment: 'agent-registry',
            container: 'agent-registry',
            limits: { memory: '1 GB' },
          },
        },
        /parameters\.limits\.memory: A Kubernetes quantity/,
      ],
      [
        'a resource other than cpu and memory',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            deployment: 'agent-registry',
            container: 'agent-registry',
            limits: { 'nvidia.com/gpu': '1' },
          },
        },
        /Unrecognized key\(s\) in object: 'nvidia\.com\/gpu'/,
      ],
      [
        'no container',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            deployment: 'agent-registry',
            requests: { cpu: '1' },
          },
        },
        /parameters\.container: Required/,
      ],
    ],
  });
});
