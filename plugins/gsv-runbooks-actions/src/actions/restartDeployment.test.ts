import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { describeRunbookActionBehaviour } from '../__testUtils__/actionTestKit';
import { createRestartDeploymentAction } from './restartDeployment';

describe('gsv:deployment:restart', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describeRunbookActionBehaviour({
    server,
    create: createRestartDeploymentAction,
    actionId: 'gsv:deployment:restart',
    runbook: 'deployment-restart',
    input: {
      entityRef: 'component:default/agent-registry',
      cluster: 'gsv-dev',
      parameters: { namespace: 'cmp', deployment: 'agent-registry' },
    },
    expectedParameters: {
      namespace: 'cmp',
      deployment: 'agent-registry',
      timeoutSeconds: 300,
    },
    invalid: [
      [
        'a deployment name that is not a Kubernetes name',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: { namespace: 'cmp', deployment: 'Agent_Registry' },
        },
        /parameters\.deployment: A Kubernetes name is lower-case letters/,
      ],
      [
        'a timeout below 30 seconds',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            deployment: 'agent-registry',
            timeoutSeconds: 5,
          },
        },
        /parameters\.timeoutSeconds: Wait at least 30 seconds/,
      ],
      [
        'an unknown parameter',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: {
            namespace: 'cmp',
            deployment: 'agent-registry',
            force: true,
          },
        },
        /Unrecognized key\(s\) in object: 'force'/,
      ],
      [
        'an entity ref without a kind',
        {
          entityRef: 'agent-registry',
          cluster: 'gsv-dev',
          parameters: { namespace: 'cmp', deployment: 'agent-registry' },
        },
        /entityRef: "agent-registry" is not an entity ref/,
      ],
      [
        'a reviewed dry run id that is not an operation id',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: { namespace: 'cmp', deployment: 'agent-registry' },
          reviewedDryRunId: '../../operations',
        },
        /reviewedDryRunId: The id of an operation, a UUID/,
      ],
      [
        'an incident of severity P3',
        {
          entityRef: 'component:default/agent-registry',
          cluster: 'gsv-dev',
          parameters: { namespace: 'cmp', deployment: 'agent-registry' },
          incident: { id: 'INC-1', severity: 'P3' },
        },
        /incident\.severity/,
      ],
    ],
  });
});
